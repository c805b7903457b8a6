import test from "ava";
import fc from "fast-check";
import { EventGroup, EventQueue } from "../../tools/sim/clock.ts";

// A group is what a device's run loop is to the queue (tools/sim/run-loop.ts): its events run
// through the group's invoke, and all of them go at once when the device loses power.

type Op =
  | { op: "at"; dt: number; group: number | undefined }
  | { op: "cancel"; index: number }
  | { op: "drop"; group: number }
  | { op: "run"; dt: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant("at" as const), dt: fc.integer({ min: 0, max: 20 }), group: fc.option(fc.nat(2), { nil: undefined }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("cancel" as const), index: fc.nat(60) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("drop" as const), group: fc.nat(2) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("run" as const), dt: fc.integer({ min: 0, max: 15 }) }) },
);

test("property: a group's events run through its invoke, in time order, until the group is dropped; then none runs and none counts", (t) => {
  t.notThrows(() =>
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 80 }), (ops) => {
        const q = new EventQueue();
        const ran: number[] = [];
        const invokedBy: Array<number | undefined> = [];
        const groups = [0, 1, 2].map((g) => new EventGroup((run) => {
          invokedBy.push(g);
          run();
        }));
        // The model: every event with its time, group and fate.
        const model: Array<{ at: number; group: number | undefined; state: "queued" | "ran" | "cancelled" }> = [];
        const dropped = new Set<number>();
        const handles: ReturnType<EventQueue["at"]>[] = [];
        const live = () => model.filter((e) => e.state === "queued" && (e.group === undefined || !dropped.has(e.group)));
        for (const o of ops) {
          if (o.op === "at") {
            const at = q.nowUs + o.dt;
            if (o.group !== undefined && dropped.has(o.group)) {
              if (!throwsError(() => q.at(at, () => {}, groups[o.group!]))) return false;
              continue;
            }
            const id = model.length;
            model.push({ at, group: o.group, state: "queued" });
            handles.push(q.at(at, () => {
              ran.push(id);
              if (o.group === undefined) invokedBy.push(undefined);
            }, o.group === undefined ? undefined : groups[o.group]));
          } else if (o.op === "cancel") {
            if (o.index >= handles.length) continue;
            const e = model[o.index]!;
            const expected = e.state === "queued" && (e.group === undefined || !dropped.has(e.group));
            if (q.cancel(handles[o.index]) !== expected) return false;
            if (expected) e.state = "cancelled";
          } else if (o.op === "drop") {
            q.drop(groups[o.group]!);
            dropped.add(o.group);
          } else {
            const end = q.nowUs + o.dt;
            const due = live()
              .map((e) => ({ e, id: model.indexOf(e) }))
              .filter(({ e }) => e.at <= end)
              .sort((a, b) => a.e.at - b.e.at || a.id - b.id);
            const before = ran.length;
            const count = q.runUntil(end);
            if (count !== due.length) return false;
            if (JSON.stringify(ran.slice(before)) !== JSON.stringify(due.map((d) => d.id))) return false;
            if (JSON.stringify(invokedBy.slice(before)) !== JSON.stringify(due.map((d) => d.e.group))) return false;
            for (const d of due) d.e.state = "ran";
          }
          if (q.pending !== live().length) return false;
          for (const [g, group] of groups.entries()) {
            const queued = dropped.has(g) ? 0 : live().filter((e) => e.group === g).length;
            if (group.queued !== queued || group.dropped !== dropped.has(g)) return false;
          }
        }
        return true;
      }),
    ),
  );
});

function throwsError(f: () => void): boolean {
  try {
    f();
    return false;
  } catch (err) {
    return err instanceof Error;
  }
}
