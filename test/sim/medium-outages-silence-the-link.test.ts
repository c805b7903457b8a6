import test from "ava";
import { air } from "./support/air.ts";

test("no frame sent during an outage gets through, every other frame does (loss 0); device outages add to global ones", (t) => {
  const global = { outages: [{ fromMs: 1000, toMs: 2000 }] };
  const receiver = { outages: [{ fromMs: 3000, toMs: 3500 }] };
  const a = air(global, receiver);
  for (let n = 0; n < 500; n++) a.sendAt(n * 10_000, n); // every 10 ms over 5 s
  a.queue.runUntil(6_000_000);
  const got = new Set(a.received.map((r) => r.n));
  const silent = (ms: number) => (ms >= 1000 && ms < 2000) || (ms >= 3000 && ms < 3500);
  const wrong = [];
  for (let n = 0; n < 500; n++) if (got.has(n) === silent(n * 10)) wrong.push(n * 10);
  t.deepEqual(wrong, [], "frames sent at these ms had the wrong fate");
  t.is(a.medium.stats.lost_outage, 150);
  t.true(a.sendDone.filter((d) => silent(d.n * 10)).every((d) => !d.ok), "an unheard frame has no MAC ack");
});
