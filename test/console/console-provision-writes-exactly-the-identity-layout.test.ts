// `provision` writes exactly the layout of docs/deploying.md §4 into the bell-id store (the keys
// the firmware's reader reads, no more), the reader then finds the same identity, the reply's
// checksum is the one the host predicts, and sending the same identity again writes nothing.
import test from "ava";
import { hex32 } from "../../firmware/stack/crc32.ts";
import { identityChecksum, identityEntries } from "../../firmware/stack/identity-writer.ts";
import { readCallerIdentity, readReceiverIdentity } from "../../firmware/stack/identity.ts";
import { callerIdentity, CALLER_KEY, handlerFor, provisionLineFor, receiverIdentity, SELF } from "./support.ts";

test("a caller: the layout's keys and values, read back by the firmware's reader", (t) => {
  const { send, identityStore } = handlerFor("caller");
  const identity = callerIdentity({ nodeId: 0xffff_fffe, settings: { hold_ms: 400 } });
  const r = send(provisionLineFor(identity));
  t.like(r, { reply: "provision", ok: true, role: "caller", device: "clinic", node: 0xffff_fffe, entries: 11, written: 11, unchanged: false, restart_required: true });
  t.deepEqual(identityStore.keys().sort(), ["chan", "id", "key", "name", "node", "role", "rx.id", "rx.mac", "rx.name", "rx.node", "settings"]);
  t.is(identityStore.get("node"), -2, "u32 node ids are stored as i32");
  t.is(identityStore.get("settings"), '{"hold_ms":400}');
  t.deepEqual(identityStore.get("key"), CALLER_KEY);
  t.is(r.identity_crc32, hex32(identityChecksum(identityEntries(identity))));
  const read = readCallerIdentity(identityStore, SELF);
  if (read.status !== "ok") return t.fail(JSON.stringify(read));
  t.is(read.channel, 6);
  t.deepEqual(read.config.receiver, { id: "post", nodeId: 1, address: "24:0a:c4:00:00:01", name: "Công an xã Xuân Phổ" });
  t.is(read.config.self.nodeId, 0xffff_fffe);
  t.is(read.config.settings.holdMs, 400);
});

test("a receiver: callers under c<i>.*, and fewer callers than before leave no stale keys", (t) => {
  const { send, identityStore } = handlerFor("receiver");
  t.true(send(provisionLineFor(receiverIdentity(3))).ok);
  t.true(identityStore.keys().includes("c2.key"));
  const r = send(provisionLineFor(receiverIdentity(1)));
  t.like(r, { ok: true, entries: 11 });
  t.deepEqual(identityStore.keys().sort(), ["c0.id", "c0.key", "c0.mac", "c0.name", "c0.node", "callers", "chan", "id", "name", "node", "role"]);
  const read = readReceiverIdentity(identityStore, SELF);
  if (read.status !== "ok") return t.fail(JSON.stringify(read));
  t.deepEqual(read.config.callers.map((c) => c.id), ["caller0"]);
});

test("the same identity again is not written (no flash wear), and says so", (t) => {
  const { send, identityStore } = handlerFor("caller");
  send(provisionLineFor(callerIdentity()));
  const writes = [...(identityStore as unknown as { writes: Map<string, number> }).writes.values()].reduce((a, b) => a + b, 0);
  const again = send(provisionLineFor(callerIdentity()));
  t.like(again, { ok: true, unchanged: true, written: 0 });
  t.is([...(identityStore as unknown as { writes: Map<string, number> }).writes.values()].reduce((a, b) => a + b, 0), writes);
});
