// Issue 14: `provision` on the receiver's console writes the duty list and escalation settings the
// host sends (`escalation` of the wire form) as `duty`, `d<k>.phone`, `d<k>.name`, `escal`, the
// firmware's reader finds them, and re-provisioning with a shorter list, or none, leaves no
// officer of the old list behind (an officer taken off the list must not be texted).
import test from "ava";
import { readReceiverIdentity } from "../../firmware/stack/identity.ts";
import { handlerFor, provisionLineFor, receiverIdentity, SELF } from "./support.ts";

const THREE = { duty: [{ phone: "+84901000001", name: "Đ/c An" }, { phone: "+84901000002", name: "Đ/c Bình" }, { phone: "+84901000003", name: "Đ/c Cường" }], call_ms: 30_000 };

test("the duty list goes in, reads back, and a shorter list or none leaves no stale keys", (t) => {
  const { send, identityStore } = handlerFor("receiver");
  t.like(send(provisionLineFor({ ...receiverIdentity(1), escalation: THREE })), { ok: true, entries: 11 + 1 + 6 + 1 });
  t.is(identityStore.get("d2.phone"), "+84901000003");
  t.is(identityStore.get("escal"), '{"call_ms":30000}');
  const read = readReceiverIdentity(identityStore, SELF);
  if (read.status !== "ok") return t.fail(JSON.stringify(read));
  t.deepEqual(read.config.escalation?.duty.map((d) => d.name), ["Đ/c An", "Đ/c Bình", "Đ/c Cường"]);
  t.is(read.config.escalation?.callMs, 30_000);

  t.true(send(provisionLineFor({ ...receiverIdentity(1), escalation: { duty: [THREE.duty[1]!] } })).ok);
  t.deepEqual(identityStore.keys().filter((k) => k === "duty" || k === "escal" || k.startsWith("d")).sort(), ["d0.name", "d0.phone", "duty"]);
  const shorter = readReceiverIdentity(identityStore, SELF);
  if (shorter.status !== "ok") return t.fail(JSON.stringify(shorter));
  t.deepEqual(shorter.config.escalation?.duty, [THREE.duty[1]]);

  t.true(send(provisionLineFor(receiverIdentity(1))).ok);
  t.false(identityStore.keys().some((k) => k === "duty" || k === "escal" || /^d\d/.test(k)));
});

test("a bad duty number sent to the console is refused naming its path, and nothing is written", (t) => {
  const { send, identityStore } = handlerFor("receiver");
  const r = send(provisionLineFor({ ...receiverIdentity(1), escalation: { duty: [{ phone: "0901000001", name: "Đ/c An" }] } }));
  t.false(r.ok);
  t.regex(JSON.stringify(r), /escalation\.duty\[0\]\.phone/);
  t.deepEqual(identityStore.keys(), []);
});
