/**
 * Claim: the air model's collisions and carrier sense follow 802.11 DCF arithmetic.
 * - n senders with one frame each, ready in the same µs on an idle channel, each draw a backoff
 *   uniform in 0 … W − 1 slots (W = CWmin + 1 = 32): the first frame on the air gets through
 *   exactly when the smallest backoff is unique, P = n · Σ_k (1/W) · ((W − 1 − k)/W)^(n − 1)
 *   (slotted contention; Bianchi 2000 §II for the slot model).
 * - two hidden senders (no carrier sense between them) sending Poisson streams are pure ALOHA:
 *   a frame of length T gets through when the other starts nothing in the 2T around it,
 *   P = e^(−2λT) (Abramson 1970); the same senders hearing each other collide far less.
 * Counts are checked within 5 binomial standard deviations, as the medium's other features are.
 */
import test from "ava";
import { ACK_EXCHANGE_US, AIR, dataAirUs } from "../../tools/sim/airtime.ts";
import { EventQueue } from "../../tools/sim/clock.ts";
import { Medium, type AirModel } from "../../tools/sim/medium.ts";
import { Random } from "../../tools/sim/random.ts";
import { RunLoop } from "../../tools/sim/run-loop.ts";
import type { Radio } from "../../firmware/hal/radio.ts";
import { binomialBand } from "./support/air.ts";

const POST = "02:00:00:00:00:01";
const PAYLOAD_BYTES = 40;
const EXCHANGE_US = dataAirUs(PAYLOAD_BYTES) + ACK_EXCHANGE_US;

interface Net {
  queue: EventQueue;
  medium: Medium;
  senders: Radio[];
  /** Arrivals at the post: sender index and time, µs. */
  heard: Array<{ from: number; atUs: number }>;
  /** Send-done results at the senders, in order. */
  sendDone: boolean[];
}

function net(n: number, air: Partial<AirModel>, seed: number): Net {
  const queue = new EventQueue();
  const medium = new Medium({ queue, seed, global: {}, air: { rxQueue: 1024, cpuPerFrameUs: 0, ...air } });
  const loop = new RunLoop(queue, (cb) => cb());
  medium.attach("post", POST);
  for (let i = 0; i < n; i++) medium.attach(`s${i}`, `02:00:00:00:01:${i.toString(16).padStart(2, "0")}`);
  const heard: Net["heard"] = [];
  medium.open("post", { onReceive: (p) => heard.push({ from: p[0]!, atUs: queue.nowUs }), onSent() {} }, loop);
  const senders: Radio[] = [];
  const sendDone: boolean[] = [];
  for (let i = 0; i < n; i++) senders.push(medium.open(`s${i}`, { onReceive() {}, onSent: (ok) => sendDone.push(ok) }, loop));
  return { queue, medium, senders, heard, sendDone };
}

function payload(from: number): Uint8Array {
  const p = new Uint8Array(PAYLOAD_BYTES);
  p[0] = from;
  return p;
}

/** P(the smallest of n uniform draws in 0 … W − 1 is unique). */
function firstSlotUnique(n: number, w: number): number {
  let p = 0;
  for (let k = 0; k < w; k++) p += (1 / w) * Math.pow((w - 1 - k) / w, n - 1);
  return n * p;
}

for (const n of [2, 5, 10, 20]) {
  test(`${n} senders ready at once: the first frame on air gets through as often as slotted contention says`, (t) => {
    const rounds = 3000;
    const roundUs = 1_000_000;
    const w = AIR.cwMinSlots + 1;
    const a = net(n, {}, 100 + n);
    for (let r = 0; r < rounds; r++) {
      a.queue.at(r * roundUs, () => {
        for (let i = 0; i < n; i++) a.senders[i]!.send(POST, payload(i));
      });
    }
    a.queue.runUntil(rounds * roundUs);
    // The first frame of a round ends by DIFS + (W − 1) slots + one exchange; a later first
    // arrival means the first slot's frames collided.
    const byUs = AIR.difsUs + (w - 1) * AIR.slotUs + EXCHANGE_US;
    const firstArrival = new Map<number, number>();
    for (const h of a.heard) {
      const r = Math.floor(h.atUs / roundUs);
      if (!firstArrival.has(r)) firstArrival.set(r, h.atUs - r * roundUs);
    }
    let clean = 0;
    for (let r = 0; r < rounds; r++) if ((firstArrival.get(r) ?? Infinity) <= byUs) clean++;
    const p = firstSlotUnique(n, w);
    const band = binomialBand(rounds, p);
    t.true(Math.abs(clean - rounds * p) <= band, `first frame clean in ${clean} of ${rounds}; DCF arithmetic ${(rounds * p).toFixed(0)} ± ${band.toFixed(0)}`);
    // Every frame is eventually sent (broadcast-free, one per sender per round) and the losses
    // are the medium's collisions, nothing else.
    t.is(a.medium.stats.sent, rounds * n);
    t.is(a.heard.length + a.medium.stats.lost_collision!, rounds * n);
    if (n >= 5) t.true(a.medium.stats.deferred! > 0, "senders froze their backoff behind others");
  });
}

test("two hidden senders are pure ALOHA: a frame gets through with probability e^(−2λT)", (t) => {
  const lambdaPerUs = 40 / 1_000_000; // 40 frames per second each
  const frames = 6000;
  const run = (hidden: boolean) => {
    const a = net(2, hidden ? { hidden: [["s0", "s1"]] } : {}, 77);
    const random = new Random(5, "test:arrivals");
    for (let i = 0; i < 2; i++) {
      let atUs = 0;
      for (let k = 0; k < frames; k++) {
        atUs += Math.max(1, Math.round(-Math.log(1 - random.float()) / lambdaPerUs));
        const radio = a.senders[i]!;
        a.queue.at(atUs, () => {
          if (!radio.busy) radio.send(POST, payload(i));
        });
      }
    }
    a.queue.runUntil(frames * 100_000);
    return { heard: a.heard.filter((h) => h.from === 0).length, collided: a.medium.stats.lost_collision!, sent: a.medium.stats.sent };
  };
  const hidden = run(true);
  const sentBy0 = hidden.sent / 2; // both streams are thinned alike (a send while busy is skipped); about equal
  const p = Math.exp(-2 * lambdaPerUs * EXCHANGE_US);
  const band = binomialBand(sentBy0, p) + 0.01 * sentBy0;
  t.true(Math.abs(hidden.heard - sentBy0 * p) <= band, `s0 got ${hidden.heard} of ~${sentBy0} through; ALOHA ${(sentBy0 * p).toFixed(0)} ± ${band.toFixed(0)}`);
  const sensing = run(false);
  t.true(sensing.collided * 5 < hidden.collided, `carrier sense: ${sensing.collided} collided frames; hidden: ${hidden.collided}`);
});

test("a full receive queue drops frames at the app's pace, and they are still MAC-acked", (t) => {
  // 6 senders at once into a queue of 2 with 10 ms of CPU per frame: the app takes the first
  // frame at once, 2 wait, and every frame heard while 2 wait is dropped.
  const a = net(6, { rxQueue: 2, cpuPerFrameUs: 10_000 }, 3);
  for (let i = 0; i < 6; i++) {
    const radio = a.senders[i]!;
    a.queue.at(0, () => radio.send(POST, payload(i)));
  }
  a.queue.runUntil(1_000_000);
  const s = a.medium.stats;
  t.is(a.heard.length + s.lost_rx_queue! + s.lost_collision!, 6);
  t.true(s.lost_rx_queue! >= 1, `${s.lost_rx_queue} dropped by the queue`);
  t.true(a.heard.length <= 3);
  for (let i = 1; i < a.heard.length; i++) t.true(a.heard[i]!.atUs - a.heard[i - 1]!.atUs >= 10_000, "one frame per 10 ms of app CPU");
  // MAC ack ≠ delivery: every frame not lost to a collision reported success, dropped or not.
  t.is(a.sendDone.filter((ok) => ok).length, a.heard.length + s.lost_rx_queue!);
  t.is(a.sendDone.length, 6);
});
