import test from "ava";
import fc from "fast-check";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { EventQueue, type QueueEntry } from "../../tools/mqtt/queue.ts";

const entry = (id: string): QueueEntry => ({ id, topic: `warning-bell/p1/incident`, payload: JSON.stringify({ id }), retain: false });

test("the event queue keeps pending entries in order across reopen and refuses known ids", (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wb-queue-"));
  try {
    let q = EventQueue.open({ dir });
    for (const id of ["a", "b", "c", "d"]) t.true(q.append(entry(id)));
    q.markDelivered("a");
    q.markDelivered("b");
    q.close();
    q = EventQueue.open({ dir });
    t.deepEqual(q.pending().map((e) => e.id), ["c", "d"]);
    t.deepEqual(q.peek(), entry("c"));
    t.false(q.append(entry("a")), "a delivered id is refused (a replayed line)");
    t.false(q.append(entry("c")), "a pending id is refused");
    t.true(q.wasDelivered("b"));
    t.throws(() => q.markDelivered("zz"), { instanceOf: RangeError });
    q.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/** Operations of the property: append an id (maybe a repeat), deliver the head, crash and reopen. */
const op = fc.oneof(
  fc.record({ kind: fc.constant("append" as const), id: fc.integer({ min: 0, max: 30 }) }),
  fc.record({ kind: fc.constant("deliver" as const) }),
  fc.record({ kind: fc.constant("crash" as const), tornBytes: fc.integer({ min: 0, max: 20 }) }),
);

test("property: after any appends, deliveries and crashes (torn tails included), the queue equals an in-memory model", (t) => {
  t.notThrows(() =>
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), fc.integer({ min: 1, max: 5 }), (ops, compactAfterDelivered) => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wb-queue-prop-"));
        try {
          let q = EventQueue.open({ dir, compactAfterDelivered });
          const pending: string[] = [];
          const delivered = new Set<string>();
          for (const o of ops) {
            if (o.kind === "append") {
              const id = `i${o.id}`;
              const fresh = !pending.includes(id) && !delivered.has(id);
              if (q.append(entry(id)) !== fresh) return false;
              if (fresh) pending.push(id);
            } else if (o.kind === "deliver") {
              const head = pending.shift();
              if (q.peek()?.id !== head) return false;
              if (head !== undefined) {
                q.markDelivered(head);
                delivered.add(head);
              }
            } else {
              // A crash: no close(); a torn write may have left part of a line at the end.
              if (o.tornBytes > 0) fs.appendFileSync(path.join(dir, "events.jsonl"), '{"id":"torn","topic":"x"'.slice(0, o.tornBytes));
              q = EventQueue.open({ dir, compactAfterDelivered });
            }
            if (q.size !== pending.length) return false;
          }
          q.close();
          q = EventQueue.open({ dir, compactAfterDelivered });
          const ok =
            JSON.stringify(q.pending().map((e) => e.id)) === JSON.stringify(pending) &&
            [...delivered].every((id) => q.wasDelivered(id)) &&
            !q.has("torn");
          q.close();
          return ok;
        } finally {
          fs.rmSync(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: 150 },
    ),
  );
});
