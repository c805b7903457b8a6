/**
 * What the field tests of this folder share: a real mosquitto (`test/support/mosquitto.ts`), a
 * `Bridge` on a queue directory of its own, and a recorder on the post's topics with a marker, so a
 * test knows every state the bridge published so far has reached the recorder (mosquitto delivers
 * to one subscriber in the order it took the messages; the bridge's are all acknowledged before the
 * marker is sent).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Bridge, type BridgeOptions } from "../../../tools/mqtt/bridge.ts";
import test, { type ExecutionContext } from "ava";
import { findMosquitto, Mosquitto, MOSQUITTO_MISSING } from "../../support/mosquitto.ts";
import { MqttRecorder } from "../../support/mqtt-recorder.ts";

/** The post's topic prefix (root `warning-bell`, post `xuanpho`). */
export const P = "warning-bell/xuanpho";
/** The receiver's boot line (no open incident). */
export const BOOT = { event: "boot", role: "receiver", open: 0, name: "Công an xã Xuân Phổ" } as const;
/** The receiver's listing of its one caller at boot. */
export const LISTED = { event: "caller_listed", caller: "clinic", name: "Trạm y tế" } as const;
/** The receiver's statement that it has no duty list (after its LTE module answered). */
export const NO_DUTY_LIST = { event: "escalation_off", why: "no_duty_list" } as const;

/** A post state as published on `<P>/state` (the fields these tests read). */
export interface PostState {
  state: string;
  open_incidents?: number;
  offline?: string[];
  modem?: string;
  escalation?: string;
  escalation_unconfirmed?: boolean;
}

/** A fresh queue directory (removed by `World.dispose`). */
export function queueDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "wb-tonight-"));
}

/** Bridge options for tests: fast reconnects, no discovery. */
export function bridgeOptions(broker: Mosquitto, dir: string, extra: Partial<BridgeOptions> = {}): BridgeOptions {
  return { brokerUrl: broker.url, post: "xuanpho", queueDir: dir, reconnectMinMs: 20, reconnectMaxMs: 200, discovery: false, ...extra };
}

/** Post states seen by `rec`, in arrival order. */
export function postStates(rec: MqttRecorder): PostState[] {
  return rec.json<PostState>(`${P}/state`);
}

/**
 * Resolves once everything the broker took before now has reached `rec`: `rec` publishes a marker
 * to itself (it must be subscribed to `marker/#` and allowed to write it) and waits for it.
 */
export async function flushed(rec: MqttRecorder, n: number): Promise<void> {
  await rec.client.publishAsync(`marker/${n}`, "x", { qos: 1 });
  await rec.until(() => rec.on(`marker/${n}`).length > 0, 5_000, `marker ${n}`);
}

/** Removes queue directories. */
export function removeDirs(...dirs: string[]): void {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
}

/**
 * A known failure against a real mosquitto: `test.failing` where mosquitto is installed (the
 * suite stays green while the finding stands, and turns red once it is fixed, so the lead flips it
 * to `test`), skipped with the reason otherwise. `WB_SHOW_FINDINGS=1` runs it as a plain test, to
 * read why it fails.
 */
export function brokerFinding(title: string, implementation: (t: ExecutionContext) => Promise<void>): void {
  if (findMosquitto()) (process.env.WB_SHOW_FINDINGS === "1" ? test : test.failing)(title, implementation);
  else test.skip(`${title} [skipped: ${MOSQUITTO_MISSING}]`, implementation);
}

export { Bridge, MqttRecorder };
/** A finding once fixed: a plain `test` against a real mosquitto (skipped without it). */
export { brokerTest } from "../../support/mosquitto.ts";
