import test from "ava";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { EventQueue, QueueCorruptError } from "../../tools/mqtt/queue.ts";

const entry = (id: string) => ({ id, topic: "t", payload: "{}", retain: false });

test("the event queue drops a torn last line of either file and appends on a fresh line after it", (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wb-queue-"));
  try {
    let q = EventQueue.open({ dir });
    q.append(entry("a"));
    q.append(entry("b"));
    q.markDelivered("a");
    // Power cut in the middle of two appends: no close(), partial lines at both ends.
    fs.appendFileSync(path.join(dir, "events.jsonl"), '{"id":"c","top');
    fs.appendFileSync(path.join(dir, "delivered.jsonl"), '"b');
    q = EventQueue.open({ dir });
    t.deepEqual(q.pending().map((e) => e.id), ["b"], "the torn delivery of b did not count; the torn c was never queued");
    t.true(q.append(entry("c")));
    q.markDelivered("b");
    q.close();
    q = EventQueue.open({ dir });
    t.deepEqual(q.pending().map((e) => e.id), ["c"]);
    t.true(q.wasDelivered("b"));
    q.close();
    t.is(fs.readFileSync(path.join(dir, "events.jsonl"), "utf8").split("\n").filter(Boolean).length, 3, "three whole lines");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("the event queue refuses damage a crash cannot cause, naming file and line", (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wb-queue-"));
  try {
    fs.writeFileSync(path.join(dir, "events.jsonl"), JSON.stringify(entry("a")) + "\nnot json\n" + JSON.stringify(entry("b")) + "\n");
    const err = t.throws(() => EventQueue.open({ dir }), { instanceOf: QueueCorruptError });
    t.is(err?.line, 2);
    t.regex(err?.message ?? "", /events\.jsonl:2: not JSON/);
    fs.writeFileSync(path.join(dir, "events.jsonl"), JSON.stringify({ id: "a", topic: "t" }) + "\n");
    t.throws(() => EventQueue.open({ dir }), { instanceOf: QueueCorruptError, message: /events\.jsonl:1: not a queue entry/ });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
