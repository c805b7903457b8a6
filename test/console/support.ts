/**
 * Fixtures for the console tests: identities as `bell provision` sends them, the `provision`
 * line for one, fake running apps (what the console reads of them), and a handler on map stores.
 */
import { crc32 } from "node:zlib";
import type { DeviceApp } from "../../firmware/hal/device.ts";
import { ConsoleHandler } from "../../firmware/stack/console.ts";
import { identityToJson, type CallerIdentity, type Identity, type ReceiverIdentity } from "../../firmware/stack/identity-writer.ts";
import { MapStore } from "../auth/map-store.ts";

/** The board's own MAC in these tests. */
export const SELF = "24:0a:c4:00:00:99";

export const CALLER_KEY = Uint8Array.from({ length: 16 }, (_, i) => 0xa0 + i);

export function callerIdentity(over: Partial<CallerIdentity> = {}): CallerIdentity {
  return {
    role: "caller",
    id: "clinic",
    name: "Trạm y tế",
    nodeId: 2,
    channel: 6,
    key: CALLER_KEY.slice(),
    receiver: { id: "post", nodeId: 1, mac: "24:0a:c4:00:00:01", name: "Công an xã Xuân Phổ" },
    ...over,
  };
}

export function receiverIdentity(callers = 2, over: Partial<ReceiverIdentity> = {}): ReceiverIdentity {
  return {
    role: "receiver",
    id: "post",
    name: "Công an xã Xuân Phổ",
    nodeId: 1,
    channel: 6,
    callers: Array.from({ length: callers }, (_, i) => ({
      id: `caller${i}`,
      nodeId: 10 + i,
      mac: `24:0a:c4:00:01:${(16 + i).toString(16)}`,
      name: `Place ${i}`,
      key: new Uint8Array(16).fill(i + 1),
    })),
    ...over,
  };
}

/** `provision <crc32> <json>` for a JSON text (crc from Node's zlib, independent of the firmware's). */
export function provisionLine(json: string): string {
  return `provision ${crc32(Buffer.from(json, "utf8")).toString(16).padStart(8, "0")} ${json}`;
}

export function provisionLineFor(identity: Identity): string {
  return provisionLine(identityToJson(identity));
}

/** A caller app as the console sees it. */
export function fakeCaller(): DeviceApp & { status(): unknown } {
  return { stop: () => undefined, status: () => ({ pending: [3], led: "sending", linkFault: false, stuck: false }) };
}

/** A receiver app as the console sees it; `sirenTests` counts `testSiren` calls. */
export function fakeReceiver() {
  const app = {
    sirenTests: 0,
    stop: () => undefined,
    status: () => ({ incidents: [{ caller: 10, incident: 4, state: "open" }], offline: ["caller1"], siren: "alarm" }),
    log: {
      entries: () =>
        Array.from({ length: 30 }, (_, i) => ({ seq: i + 1, ticks: 1000 * i, wall: 0, event: i === 29 ? "incident_opened" : "boot", caller: i === 29 ? 10 : 0, incident: i === 29 ? 4 : 0, detail: 0 })),
    },
    testSiren() {
      app.sirenTests++;
    },
  };
  return app;
}

/** A handler on fresh map stores. */
export function handlerFor(role: "caller" | "receiver", app: () => DeviceApp | undefined = () => undefined) {
  const identityStore = new MapStore();
  const appStore = new MapStore();
  const handler = new ConsoleHandler({ role, identityStore, appStore, selfAddress: SELF, app });
  /** Sends one line and parses the reply. */
  const send = (line: string): Record<string, any> => {
    const reply = handler.handle(line);
    if (reply === undefined) throw new Error(`no reply to ${line.slice(0, 20)}`);
    return JSON.parse(reply.line);
  };
  return { handler, identityStore, appStore, send };
}
