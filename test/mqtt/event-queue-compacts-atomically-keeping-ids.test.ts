import test from "ava";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { EventQueue } from "../../tools/mqtt/queue.ts";

const entry = (id: string) => ({ id, topic: "t", payload: `{"id":"${id}"}`, retain: false });
const lines = (file: string) => fs.readFileSync(file, "utf8").split("\n").filter(Boolean);

test("the event queue rewrites events.jsonl with only pending entries, still knowing delivered ids", (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wb-queue-"));
  const events = path.join(dir, "events.jsonl");
  try {
    let q = EventQueue.open({ dir, compactAfterDelivered: 3 });
    for (const id of ["a", "b", "c", "d", "e"]) q.append(entry(id));
    q.markDelivered("a");
    q.markDelivered("b");
    t.is(lines(events).length, 5, "not yet compacted");
    q.markDelivered("c");
    t.deepEqual(lines(events).map((l) => JSON.parse(l).id), ["d", "e"], "compacted to the pending entries");
    q.append(entry("f"));
    // A crash during a later compaction leaves write-file-atomic's temporary file behind.
    fs.writeFileSync(`${events}.123456`, "half a rewrite");
    q = EventQueue.open({ dir, compactAfterDelivered: 3 });
    t.deepEqual(q.pending().map((e) => e.id), ["d", "e", "f"]);
    t.false(q.append(entry("a")), "a compacted-away delivered id is still refused");
    t.false(fs.existsSync(`${events}.123456`), "the leftover temporary file is removed");
    q.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
