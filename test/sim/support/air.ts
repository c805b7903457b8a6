/**
 * Two radios on a simulated medium, for statistical tests of the radio model: "a" sends
 * numbered frames to "b"; every arrival and every send-done is recorded with its time.
 */
import { EventQueue } from "../../../tools/sim/clock.ts";
import type { RadioOverrides } from "../../../tools/sim/link-model.ts";
import { Medium } from "../../../tools/sim/medium.ts";
import { RunLoop } from "../../../tools/sim/run-loop.ts";

export const ADDRESS_A = "02:00:00:00:00:01";
export const ADDRESS_B = "02:00:00:00:00:02";

export interface Air {
  queue: EventQueue;
  medium: Medium;
  /** Arrivals at b: frame number and time, µs (duplicates appear twice). */
  received: Array<{ n: number; atUs: number }>;
  /** Send-dones at a: frame number, result, time, µs. */
  sendDone: Array<{ n: number; ok: boolean; atUs: number }>;
  /** Frame numbers a could not send because its radio was busy (it then abandoned the old send). */
  skipped: number[];
  /** Queues frame `n` from a to b at `atUs` (abandoning a send whose send-done never came). */
  sendAt(atUs: number, n: number): void;
  /** Send time of frame n, µs. */
  sentAtUs: Map<number, number>;
}

/**
 * @param global the global radio model.
 * @param b overrides of the receiving device b.
 * @param a overrides of the sending device a.
 */
export function air(global: RadioOverrides, b?: RadioOverrides, a?: RadioOverrides, seed = 7): Air {
  const queue = new EventQueue();
  const medium = new Medium({ queue, seed, global });
  medium.attach("a", ADDRESS_A, a);
  medium.attach("b", ADDRESS_B, b);
  const loop = new RunLoop(queue, (cb) => cb());
  const received: Air["received"] = [];
  const sendDone: Air["sendDone"] = [];
  const skipped: number[] = [];
  const sentAtUs = new Map<number, number>();
  let current = -1;
  const ra = medium.open("a", { onReceive() {}, onSent: (ok) => sendDone.push({ n: current, ok, atUs: queue.nowUs }) }, loop);
  medium.open("b", { onReceive: (p) => received.push({ n: new DataView(p.buffer).getUint32(0), atUs: queue.nowUs }), onSent() {} }, loop);
  return {
    queue,
    medium,
    received,
    sendDone,
    skipped,
    sentAtUs,
    sendAt(atUs, n) {
      queue.at(atUs, () => {
        if (ra.busy) {
          skipped.push(n);
          ra.abandon();
          return;
        }
        const payload = new Uint8Array(8);
        new DataView(payload.buffer).setUint32(0, n);
        current = n;
        sentAtUs.set(n, queue.nowUs);
        ra.send(ADDRESS_B, payload);
      });
    },
  };
}

/** Half-width of a tolerance band: `sigmas` standard deviations of a binomial count. */
export function binomialBand(n: number, p: number, sigmas = 5): number {
  return sigmas * Math.sqrt(n * p * (1 - p));
}
