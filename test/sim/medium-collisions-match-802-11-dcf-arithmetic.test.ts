/**
 * Claim: the air model's collisions and carrier sense follow 802.11 DCF arithmetic.
 * - n senders with one frame each, ready in the same µs on an idle channel, each draw a backoff
 *   uniform in 0 … W − 1 slots (W = CWmin + 1 = 32): the first frame on the air gets through
 *   exactly when the smallest backoff is unique (slotted contention; Bianchi 2000 §II).
 * - two hidden senders (no carrier sense between them) sending Poisson streams are pure ALOHA:
 *   a frame of length T gets through when the other starts nothing in the 2T around it,
 *   P = e^(−2λT) (Abramson 1970); the same senders hearing each other collide far less.
 * - a full receive queue drops frames at the app's pace, and they were MAC-acked all the same.
 * Counts are checked within 5 binomial standard deviations, as the medium's other features are.
 * The harness and the arithmetic are the bench's `air` section's (`bench/air.ts`).
 */
import test from "ava";
import { contention, firstSlotUniqueProbability, hiddenPair, POST_ADDRESS, probeNet } from "../../bench/air.ts";
import { binomialBand } from "./support/air.ts";

for (const n of [2, 5, 10, 20]) {
  test(`${n} senders ready at once: the first frame on air gets through as often as slotted contention says`, (t) => {
    const rounds = 3000;
    const r = contention(n, rounds, 100 + n);
    const p = firstSlotUniqueProbability(n);
    const band = binomialBand(rounds, p);
    t.true(Math.abs(r.clean - rounds * p) <= band, `first frame clean in ${r.clean} of ${rounds}; DCF arithmetic ${(rounds * p).toFixed(0)} ± ${band.toFixed(0)}`);
    // Every frame went on the air, and the only losses are collisions.
    t.is(r.sent, rounds * n);
    t.is(r.heard + r.collided, rounds * n);
    t.true(r.collided > 0);
    if (n >= 5) t.true(r.deferred > 0, "senders froze their backoff behind others");
  });
}

test("the arithmetic itself: one sender always gets through; more senders, less often", (t) => {
  t.is(firstSlotUniqueProbability(1), 1);
  const ps = [2, 5, 10, 20].map((n) => firstSlotUniqueProbability(n));
  for (let i = 1; i < ps.length; i++) t.true(ps[i]! < ps[i - 1]!);
  // n = 2: 1 − P(same slot) = 1 − 1/32.
  t.true(Math.abs(ps[0]! - 31 / 32) < 1e-12);
});

test("two hidden senders are pure ALOHA: a frame gets through with probability e^(−2λT)", (t) => {
  const hidden = hiddenPair(true, 6000, 40, 77);
  const band = binomialBand(hidden.sent0, hidden.aloha);
  t.true(Math.abs(hidden.heard0 - hidden.sent0 * hidden.aloha) <= band, `s0 got ${hidden.heard0} of ${hidden.sent0} through; ALOHA ${(hidden.sent0 * hidden.aloha).toFixed(0)} ± ${band.toFixed(0)}`);
  const sensing = hiddenPair(false, 6000, 40, 77);
  t.true(sensing.collided * 5 < hidden.collided, `carrier sense: ${sensing.collided} collided frames; hidden: ${hidden.collided}`);
});

test("a full receive queue drops frames at the app's pace, and they are still MAC-acked", (t) => {
  // 6 senders at once into a queue of 2 with 10 ms of CPU per frame: the app takes the first
  // frame at once, 2 wait, and every frame heard while 2 wait is dropped.
  const a = probeNet(6, { rxQueue: 2, cpuPerFrameUs: 10_000 }, 3);
  for (let i = 0; i < 6; i++) {
    const radio = a.senders[i]!;
    a.queue.at(0, () => radio.send(POST_ADDRESS, a.payload(i)));
  }
  a.queue.runUntil(1_000_000);
  const s = a.medium.stats;
  t.is(a.heard.length + s.lost_rx_queue! + s.lost_collision!, 6);
  t.true(s.lost_rx_queue! >= 1, `${s.lost_rx_queue} dropped by the queue`);
  t.true(a.heard.length <= 3);
  for (let i = 1; i < a.heard.length; i++) t.true(a.heard[i]!.atUs - a.heard[i - 1]!.atUs >= 10_000, "one frame per 10 ms of app CPU");
  // MAC ack ≠ delivery: every frame not lost to a collision reported success, dropped or not.
  t.is(a.sendDone.length, 6);
  t.is(a.sendDone.filter((ok) => ok).length, a.heard.length + s.lost_rx_queue!);
});
