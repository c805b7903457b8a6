import test from "ava";
import fc from "fast-check";
import { EventQueue } from "../../tools/sim/clock.ts";

test("property: events run sorted by time, and in insertion order within one time", (t) => {
  t.notThrows(() =>
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 200 }), fc.array(fc.nat(199)), (times, cancels) => {
        const q = new EventQueue();
        const ran: Array<[number, number]> = [];
        const events = times.map((at, i) => q.at(at, () => ran.push([q.nowUs, i])));
        const cancelled = new Set(cancels.filter((c) => c < events.length));
        for (const c of cancelled) q.cancel(events[c]);
        q.runUntil(100);
        const expected = times
          .map((at, i): [number, number] => [at, i])
          .filter(([, i]) => !cancelled.has(i))
          .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
        return JSON.stringify(ran) === JSON.stringify(expected) && q.pending === 0 && q.nowUs === 100;
      }),
    ),
  );
});

test("events queued while running, at the current time, run after those already queued for it", (t) => {
  const q = new EventQueue();
  const log: string[] = [];
  q.at(5, () => {
    log.push("a");
    q.at(5, () => log.push("c"));
  });
  q.at(5, () => log.push("b"));
  q.runUntil(5);
  t.deepEqual(log, ["a", "b", "c"]);
});

test("an event in the past or at a fractional µs is refused", (t) => {
  const q = new EventQueue();
  q.runUntil(10);
  t.throws(() => q.at(9, () => {}), { instanceOf: RangeError });
  t.throws(() => q.at(10.5, () => {}), { instanceOf: RangeError });
  t.throws(() => q.runUntil(5), { instanceOf: RangeError });
});
