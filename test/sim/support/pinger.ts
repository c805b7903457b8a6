/**
 * A test caller for the simulator engine (not the real caller): it uses every hal feature.
 * - every `periodMs` (+ 0…99 ms random jitter) sends a `ping` to its receiver and reports
 *   `ping` {seq, mac_ok} on send-done; a send while busy is skipped (`busy_skip`);
 * - a falling edge on `button` reports `press` and sends an `alarm`, LED on;
 * - an authenticated `echo` reports `pong` {seq, rtt_ms} using the tick clock;
 * - counts boots in the store (`boots`) and reserves sequence numbers in blocks of 16
 *   (`seq_block`), so a reboot never reuses one.
 */
import type { CallerConfig } from "../../../firmware/core/config.ts";
import { ticksDiff } from "../../../firmware/core/ticks.ts";
import type { DeviceApp, DeviceHal } from "../../../firmware/hal/device.ts";
import type { UntypedEventSink } from "../../../firmware/hal/events.ts";
import { TEST_KIND, decodeTestFrame, encodeTestFrame } from "./test-protocol.ts";

export interface PingerOptions {
  periodMs: number;
}

export function startPinger(hal: DeviceHal, config: CallerConfig, options: PingerOptions = { periodMs: 5000 }): DeviceApp {
  /** A test app reports its own events (`ping`, `pong` …), outside the contract. */
  const events: UntypedEventSink = hal.events;
  const boots = ((hal.store.get("boots") as number | undefined) ?? 0) + 1;
  hal.store.set("boots", boots);
  let block = (hal.store.get("seq_block") as number | undefined) ?? 0;
  let seq = block * 16;
  hal.store.set("seq_block", ++block);
  const sentAt = new Map<number, number>();
  let timer = hal.scheduler.schedule(tick, options.periodMs + (hal.random() % 100));
  let pressed = false;

  const radio = hal.openRadio({
    onReceive(payload, from) {
      const f = decodeTestFrame(payload, (s) => (s === config.receiver.nodeId ? config.key : undefined), hal.hmac);
      if (typeof f === "string") {
        events.emit("frame_rejected", { reason: f, from });
        return;
      }
      if (f.kind === TEST_KIND.echo) {
        const t0 = sentAt.get(f.seq);
        events.emit("pong", { seq: f.seq, rtt_ms: t0 === undefined ? -1 : ticksDiff(hal.clock.now(), t0) });
      }
    },
    onSent(ok) {
      events.emit("ping", { seq: lastSeq, mac_ok: ok });
    },
  });
  const led = hal.openOutput("led", 0);
  const button = hal.openInput("button", () => {
    const level = button.read();
    if (level === 0 && !pressed) {
      pressed = true;
      events.emit("press");
      led.write(1);
      send(TEST_KIND.alarm);
    } else if (level === 1) {
      pressed = false;
    }
  });
  let lastSeq = -1;

  function send(kind: number) {
    if (radio.busy) {
      events.emit("busy_skip");
      return;
    }
    if (seq % 16 === 15) hal.store.set("seq_block", ++block);
    lastSeq = ++seq;
    sentAt.set(lastSeq, hal.clock.now());
    radio.send(config.receiver.address, encodeTestFrame({ kind, sender: config.self.nodeId, seq: lastSeq }, config.key, hal.hmac));
  }

  function tick() {
    send(TEST_KIND.ping);
    timer = hal.scheduler.schedule(tick, options.periodMs + (hal.random() % 100));
  }

  return {
    stop() {
      hal.scheduler.cancel(timer);
      radio.close();
      button.close();
      led.close();
    },
  };
}
