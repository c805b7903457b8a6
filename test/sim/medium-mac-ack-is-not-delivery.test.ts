import test from "ava";
import { air, binomialBand } from "./support/air.ts";

test("send-done true implies delivery; a lost MAC ack gives false although the frame arrived", (t) => {
  const N = 20_000;
  const loss = 0.2;
  const ackLoss = 0.25;
  const a = air({ loss, ackLoss });
  for (let n = 0; n < N; n++) a.sendAt(n * 10_000, n);
  a.queue.runUntil(N * 10_000 + 1_000_000);
  const got = new Set(a.received.map((r) => r.n));
  t.is(a.sendDone.length, N, "every send reports");
  t.true(a.sendDone.filter((d) => d.ok).every((d) => got.has(d.n)), "true only for delivered frames");
  t.true(a.sendDone.filter((d) => !got.has(d.n)).every((d) => !d.ok), "false for every lost frame");
  const deliveredButFalse = a.sendDone.filter((d) => !d.ok && got.has(d.n)).length;
  t.true(Math.abs(deliveredButFalse - got.size * ackLoss) <= binomialBand(got.size, ackLoss), `${deliveredButFalse} of ${got.size}`);
  t.is(a.medium.stats.mac_ack_lost, deliveredButFalse);
});

test("a send-done that never comes leaves the radio busy until the app abandons the send", (t) => {
  const N = 10_000;
  const p = 0.1;
  const a = air({ sendDoneMissing: p });
  for (let n = 0; n < N; n++) a.sendAt(n * 10_000, n);
  a.queue.runUntil(N * 10_000 + 1_000_000);
  // While a send-done is missing, the next send finds the radio busy (the harness skips it and
  // abandons the old send, so the one after goes out); the frame itself was still delivered.
  const reported = new Set(a.sendDone.map((d) => d.n));
  const missing = [...a.sentAtUs.keys()].filter((n) => !reported.has(n));
  t.true(missing.length > 0);
  t.is(a.medium.stats.abandoned, missing.filter((n) => n + 1 < N).length);
  t.deepEqual(a.skipped, missing.map((n) => n + 1).filter((n) => n < N));
  t.true(missing.every((n) => a.received.some((r) => r.n === n)));
  const sends = a.sentAtUs.size;
  t.true(Math.abs(missing.length - sends * p) <= binomialBand(sends, p), `${missing.length} missing of ${sends}`);
});
