import test from "ava";
import fc from "fast-check";
import { EventQueue, type QueuedEvent } from "../../tools/sim/clock.ts";

// `EventQueue.call` queues `fn(arg)` without a handle, and reuses its entry once it ran (issue 15
// §3: no closure and no new entry per frame in the medium). This checks, against a plain sorted
// list, that calls and `at` events queued from inside running events, with `at` handles
// cancelled at random (handles of events that ran included), all run in (time, insertion) order,
// each call once and with its own argument, and that a cancel never reaches a reused entry.
test("property: calls and events queued, run and cancelled in any mix run sorted by time, then insertion, each call with its argument", (t) => {
  t.notThrows(() =>
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            delay: fc.integer({ min: 0, max: 40 }),
            call: fc.boolean(),
            spawn: fc.array(fc.record({ delay: fc.integer({ min: 0, max: 40 }), call: fc.boolean() }), { maxLength: 3 }),
            cancel: fc.nat(300),
          }),
          { minLength: 1, maxLength: 120 },
        ),
        (plan) => {
          const q = new EventQueue();
          const ref: { at: number; n: number; call: boolean; cancelled: boolean; ran: boolean }[] = [];
          const handles: Array<QueuedEvent | undefined> = [];
          const ran: number[] = [];
          let step = 0;
          const body = (n: number): void => {
            const me = ref[n]!;
            if (me.cancelled || me.ran) throw new Error(`event ${n} ran wrongly`);
            me.ran = true;
            ran.push(n);
            const p = plan[step++ % plan.length]!;
            if (ref.length < 400) for (const s of p.spawn) queue(q.nowUs + s.delay, s.call);
            const victim = p.cancel % ref.length;
            const v = ref[victim]!;
            if (v.call) return; // a call has no handle
            const cancelled = q.cancel(handles[victim]);
            if (cancelled !== (!v.ran && !v.cancelled)) throw new Error(`cancel of ${victim} returned ${cancelled}`);
            if (cancelled) v.cancelled = true;
          };
          // One function for every call: what it does depends on its argument alone.
          const callBody = (arg: { n: number }): void => body(arg.n);
          const queue = (at: number, call: boolean): void => {
            const n = ref.length;
            ref.push({ at, n, call, cancelled: false, ran: false });
            if (call) {
              q.call(at, callBody, { n });
              handles.push(undefined);
            } else {
              handles.push(q.at(at, () => body(n)));
            }
          };
          for (const p of plan) queue(p.delay, p.call);
          q.runUntil(1_000_000);
          const expected = ref.filter((e) => !e.cancelled).sort((a, b) => a.at - b.at || a.n - b.n).map((e) => e.n);
          return q.pending === 0 && JSON.stringify(ran) === JSON.stringify(expected);
        },
      ),
      { numRuns: 300 },
    ),
  );
});

test("call refuses a time in the past or not an integer, naming it, and queues nothing", (t) => {
  const q = new EventQueue();
  q.runUntil(10);
  const fn = (): void => {};
  t.throws(() => q.call(9, fn, undefined), { instanceOf: RangeError, message: /≥ now \(10 µs\), got 9/ });
  t.throws(() => q.call(10.5, fn, undefined), { instanceOf: RangeError, message: /got 10\.5/ });
  t.is(q.pending, 0);
});
