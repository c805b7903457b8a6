/**
 * Claim (firmware/stack/identity.ts `readEscalation`: "a bad one … becomes escalationFault
 * {key, reason} naming the Preference key"; writeIdentity deletes every key of the old layout,
 * so a board's identity never legitimately holds officers the `duty` count does not cover):
 * when flash loses or changes part of a stored duty list — the `duty` count lost while the
 * officers `d<i>.phone`/`d<i>.name` are still there, or the count smaller than the officers
 * stored — the receiver reads it as corrupt (`escalationFault`, the post shows "Danh sách trực
 * bị hỏng" naming `duty`), never as "no duty list" nor as a shorter list it escalates to in
 * silence.
 *
 * FAILS on break14 (1099a87): a lost `duty` key reads as no duty list at all (the post then says
 * "Chưa có danh sách trực / Nạp danh sách trực" while `bell provision show` lists three officers,
 * and a board without a modem UART says nothing), and a count of 1 with three officers stored
 * escalates to the first officer only, with no `escalation_off`.
 * (An NVS entry is CRC-checked, so a lost entry is likelier than a changed one; both are here.)
 */
import test from "ava";
import { identityEntries, type ReceiverIdentity } from "../../../firmware/stack/identity-writer.ts";
import { readReceiverIdentity } from "../../../firmware/stack/identity.ts";
import { SimStore } from "../../../tools/sim/store.ts";

const SELF = "24:0a:c4:00:00:01";
const DUTY = [
  { phone: "+84901000001", name: "Đ/c An" },
  { phone: "+84901000002", name: "Đ/c Bình" },
  { phone: "+84901000003", name: "Đ/c Cường" },
];
const IDENTITY: ReceiverIdentity = {
  role: "receiver",
  id: "post",
  name: "Công an xã Xuân Phổ",
  nodeId: 1,
  channel: 6,
  callers: [{ id: "clinic", nodeId: 2, mac: "24:0a:c4:00:01:01", name: "Trạm y tế", key: new Uint8Array(16).fill(7) }],
  escalation: { duty: DUTY },
};

function stored(damage: (s: SimStore) => void) {
  const store = new SimStore();
  for (const [k, v] of identityEntries(IDENTITY)) store.set(k, v);
  damage(store);
  const read = readReceiverIdentity(store, SELF);
  if (read.status !== "ok") throw new Error(`the identity must still read: ${JSON.stringify(read)}`);
  return read.config;
}

test("precondition: the undamaged identity escalates to all three officers", (t) => {
  const config = stored(() => {});
  t.is(config.escalation?.duty.length, 3);
  t.is(config.escalationFault, undefined);
});

test("the `duty` count lost, the officers still stored: corrupt, naming `duty`", (t) => {
  const config = stored((s) => s.delete("duty"));
  t.like(config.escalationFault, { key: "duty" }, `read as ${JSON.stringify({ escalation: config.escalation, fault: config.escalationFault })}`);
  t.deepEqual(config.escalation?.duty, DUTY, "the officers that still read are escalated to");
});

test("an officer lost beyond a count that still covers it: corrupt, naming that officer, the others escalated to", (t) => {
  const config = stored((s) => {
    s.delete("d1.phone");
    s.delete("d1.name");
  });
  t.like(config.escalationFault, { key: "d1.phone" });
  t.deepEqual(config.escalation?.duty, [DUTY[0], DUTY[2]]);
});

test("the `duty` count smaller than the officers stored: corrupt, not a shorter list", (t) => {
  const config = stored((s) => s.set("duty", 1));
  // sharpened with the fix (the lead's rule: officers that still read are escalated to, the fault
  // reported): every officer stored, not the first `duty` of them (was: no escalation at all)
  t.deepEqual(config.escalation?.duty, DUTY, `escalates to ${JSON.stringify(config.escalation?.duty)}`);
  t.like(config.escalationFault, { key: "duty" });
});
