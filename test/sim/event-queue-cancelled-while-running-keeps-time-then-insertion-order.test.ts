import test from "ava";
import fc from "fast-check";
import { EventQueue, type QueuedEvent } from "../../tools/sim/clock.ts";

// The queue takes a cancelled event out of its heap at once (issue 15 §3); this checks that
// cancelling from inside running events, at any place in the heap, never changes which events
// run nor their (time, insertion) order, against a plain sorted list as the reference.
test("property: events queued and cancelled while the queue runs still run sorted by time, then insertion", (t) => {
  t.notThrows(() =>
    fc.assert(
      fc.property(
        fc.array(fc.record({ delay: fc.integer({ min: 0, max: 40 }), spawn: fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 3 }), cancel: fc.nat(300) }), { minLength: 1, maxLength: 120 }),
        (plan) => {
          const q = new EventQueue();
          // Reference: every queued event with its time and insertion number; cancelled ones marked.
          const ref: { at: number; n: number; cancelled: boolean; ran: boolean }[] = [];
          const handles: QueuedEvent[] = [];
          const ran: number[] = [];
          let step = 0;
          const queue = (at: number): void => {
            const n = ref.length;
            ref.push({ at, n, cancelled: false, ran: false });
            handles.push(
              q.at(at, () => {
                const me = ref[n]!;
                if (me.cancelled || me.ran) throw new Error(`event ${n} ran wrongly`);
                me.ran = true;
                ran.push(n);
                const p = plan[step++ % plan.length]!;
                if (ref.length < 400) for (const d of p.spawn) queue(q.nowUs + d);
                const victim = p.cancel % ref.length;
                const v = ref[victim]!;
                const cancelled = q.cancel(handles[victim]);
                if (cancelled !== (!v.ran && !v.cancelled)) throw new Error(`cancel of ${victim} returned ${cancelled}`);
                if (cancelled) v.cancelled = true;
              }),
            );
          };
          for (const p of plan) queue(p.delay);
          q.runUntil(1_000_000);
          // Nothing left pending; everything not cancelled ran, in (time, insertion) order.
          const expected = ref.filter((e) => !e.cancelled).sort((a, b) => a.at - b.at || a.n - b.n).map((e) => e.n);
          return q.pending === 0 && JSON.stringify(ran) === JSON.stringify(expected);
        },
      ),
      { numRuns: 300 },
    ),
  );
});
