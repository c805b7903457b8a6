// The app's own state (domain `bell`: frame counter, alarm memory, incidents, log) survives a
// provisioning that keeps the device what it was (same node id: new settings, a renamed place,
// a changed caller list), and is cleared when the board becomes another device (another node id
// or role), so a reused board never resends an alarm of its former life.
import test from "ava";
import { writeIdentity } from "../../firmware/stack/identity-writer.ts";
import { callerIdentity, handlerFor, provisionLineFor, receiverIdentity } from "./support.ts";

const rows: Array<[name: string, next: ReturnType<typeof callerIdentity>, cleared: boolean]> = [
  ["new settings, same node", callerIdentity({ settings: { hold_ms: 400 } }), false],
  ["renamed place, same node", callerIdentity({ name: "Trạm y tế xã" }), false],
  ["another receiver, same node", callerIdentity({ receiver: { id: "post2", nodeId: 7, mac: "24:0a:c4:00:00:07", name: "Post 2" } }), false],
  ["a new node id (a replaced caller's identity)", callerIdentity({ nodeId: 9 }), true],
  ["another device altogether", callerIdentity({ id: "bank", nodeId: 5, name: "Ngân hàng" }), true],
];

for (const [name, next, cleared] of rows) {
  test(`${name}: the app's state is ${cleared ? "cleared" : "kept"}`, (t) => {
    const { send, identityStore, appStore } = handlerFor("caller");
    writeIdentity(identityStore, callerIdentity());
    appStore.set("ch.ctr", 128);
    appStore.set("alarm.next", 4);
    const r = send(provisionLineFor(next));
    t.like(r, { ok: true, state_cleared: cleared });
    t.deepEqual(appStore.keys().sort(), cleared ? [] : ["alarm.next", "ch.ctr"]);
  });
}

test("a fresh board (nothing stored) reports nothing cleared", (t) => {
  const { send } = handlerFor("receiver");
  t.like(send(provisionLineFor(receiverIdentity(1))), { ok: true, state_cleared: false });
});
