/**
 * A test receiver for the simulator engine (not the real receiver).
 * - authenticates each frame with the sender's key (`frame_rejected` {reason} otherwise);
 * - `ping` → `ping_rx` {caller, seq} and an `echo` back (queued while the radio is busy);
 * - `alarm` → `incident_opened` {caller, incident, name}, siren on (`siren` {on, pattern});
 * - operator `acknowledge` → siren off; `reset` → `incident_resolved`.
 */
import type { ReceiverConfig } from "../../../firmware/core/config.ts";
import type { DeviceApp, DeviceHal } from "../../../firmware/hal/device.ts";
import type { UntypedEventSink } from "../../../firmware/hal/events.ts";
import { TEST_KIND, decodeTestFrame, encodeTestFrame } from "./test-protocol.ts";

export function startEcho(hal: DeviceHal, config: ReceiverConfig): DeviceApp {
  /** A test app reports its own events (`ping`, `pong` …), outside the contract. */
  const events: UntypedEventSink = hal.events;
  const queue: Array<[string, Uint8Array]> = [];
  let open: { caller: string; incident: number } | undefined;
  const siren = hal.openOutput("siren", 0);
  const radio = hal.openRadio({
    onReceive(payload, from) {
      const f = decodeTestFrame(payload, (s) => config.callers.find((c) => c.nodeId === s)?.key, hal.hmac);
      if (typeof f === "string") {
        events.emit("frame_rejected", { reason: f });
        return;
      }
      const caller = config.callers.find((c) => c.nodeId === f.sender)!;
      if (f.kind === TEST_KIND.ping) {
        events.emit("ping_rx", { caller: caller.id, seq: f.seq });
        reply(from, encodeTestFrame({ kind: TEST_KIND.echo, sender: config.self.nodeId, seq: f.seq }, caller.key, hal.hmac));
      } else if (f.kind === TEST_KIND.alarm && !open) {
        open = { caller: caller.id, incident: f.seq };
        events.emit("incident_opened", { caller: caller.id, incident: f.seq, name: caller.name });
        siren.write(1);
        events.emit("siren", { on: true, pattern: "alarm" });
      }
    },
    onSent() {
      const next = queue.shift();
      if (next) radio.send(next[0], next[1]);
    },
  });
  const ack = hal.openInput("acknowledge", () => {
    if (ack.read() === 0 && open) {
      events.emit("incident_acknowledged", { caller: open.caller, incident: open.incident });
      siren.write(0);
      events.emit("siren", { on: false, pattern: "alarm" });
    }
  });
  const reset = hal.openInput("reset", () => {
    if (reset.read() === 0 && open) {
      events.emit("incident_resolved", { caller: open.caller, incident: open.incident });
      open = undefined;
    }
  });

  function reply(to: string, bytes: Uint8Array) {
    if (radio.busy) queue.push([to, bytes]);
    else radio.send(to, bytes);
  }

  return {
    stop() {
      radio.close();
      siren.close();
      ack.close();
      reset.close();
    },
  };
}
