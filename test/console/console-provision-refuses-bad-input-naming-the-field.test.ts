// A provision line that is damaged, not JSON, for the other role, or has any bad field is refused
// with a stable id (and the field's JSON path), and nothing at all is written.
import test from "ava";
import { identityToJson, writeIdentity } from "../../firmware/stack/identity-writer.ts";
import { callerIdentity, handlerFor, provisionLine, provisionLineFor, receiverIdentity, SELF } from "./support.ts";

/** The caller's identity JSON with one change, as a provision line with a correct checksum. */
const edit = (f: (o: any) => void) => {
  const o = JSON.parse(identityToJson(callerIdentity()));
  f(o);
  return provisionLine(JSON.stringify(o));
};

const rows: Array<[name: string, line: () => string, error: string, field?: string]> = [
  ["a flipped character (checksum)", () => provisionLineFor(callerIdentity()).replace('"clinic"', '"clinik"'), "E_PROVISION_CHECKSUM"],
  ["no JSON", () => "provision 00000000", "E_CONSOLE_ARGUMENT"],
  ["not JSON", () => provisionLine("{role: caller}"), "E_PROVISION_JSON"],
  ["not an object", () => provisionLine("[1,2]"), "E_PROVISION_FIELD", "(identity)"],
  ["a receiver identity on a caller", () => provisionLineFor(receiverIdentity(1)), "E_PROVISION_ROLE"],
  ["unknown field", () => edit((o) => (o.colour = "red")), "E_PROVISION_FIELD", "colour"],
  ["missing name", () => edit((o) => delete o.name), "E_PROVISION_FIELD", "name"],
  ["id too long", () => edit((o) => (o.id = "x".repeat(33))), "E_PROVISION_FIELD", "id"],
  ["name with a newline", () => edit((o) => (o.name = "Trạm\ny tế")), "E_PROVISION_FIELD", "name"],
  ["node 0", () => edit((o) => (o.node = 0)), "E_PROVISION_FIELD", "node"],
  ["node above u32", () => edit((o) => (o.node = 2 ** 32)), "E_PROVISION_FIELD", "node"],
  ["channel 12", () => edit((o) => (o.channel = 12)), "E_PROVISION_FIELD", "channel"],
  ["key of 15 bytes", () => edit((o) => (o.key = o.key.slice(2))), "E_PROVISION_FIELD", "key"],
  ["key not hex", () => edit((o) => (o.key = "g" + o.key.slice(1))), "E_PROVISION_FIELD", "key"],
  ["receiver MAC malformed", () => edit((o) => (o.receiver.mac = "24-0a-c4-00-00-01")), "E_PROVISION_FIELD", "receiver.mac"],
  ["receiver is this board", () => edit((o) => (o.receiver.mac = SELF.toUpperCase())), "E_PROVISION_FIELD", "receiver.mac"],
  ["receiver node = own node", () => edit((o) => (o.receiver.node = o.node)), "E_PROVISION_FIELD", "receiver.node"],
  ["bad setting", () => edit((o) => (o.settings = { hold_ms: 20000 })), "E_PROVISION_FIELD", "settings.hold_ms"],
  ["unknown setting", () => edit((o) => (o.settings = { siren_volume: 3 })), "E_PROVISION_FIELD", "settings.siren_volume"],
];

for (const [name, line, error, field] of rows) {
  test(`caller: ${name} → ${error}${field ? ` (${field})` : ""}, nothing written`, (t) => {
    const { send, identityStore, appStore } = handlerFor("caller");
    writeIdentity(identityStore, callerIdentity({ name: "before" }));
    appStore.set("ch.ctr", 640);
    const before = identityStore.keys().map((k) => [k, identityStore.get(k)]);
    const r = send(line());
    t.like(r, { reply: line().split(" ")[0] === "provision" ? "provision" : "?", ok: false, error });
    if (field !== undefined) {
      t.is(r.field, field);
      t.true(r.message.startsWith(`${field}: `), r.message);
    }
    t.regex(r.message, /nothing was written/);
    t.deepEqual(identityStore.keys().map((k) => [k, identityStore.get(k)]), before);
    t.is(appStore.get("ch.ctr"), 640);
  });
}

const receiverRows: Array<[name: string, f: (o: any) => void, field: string]> = [
  ["no callers", (o) => (o.callers = []), "callers"],
  ["21 callers", (o) => (o.callers = Array.from({ length: 21 }, (_, i) => ({ ...o.callers[0], id: `c${i}`, node: 100 + i }))), "callers"],
  ["two callers with one node id", (o) => (o.callers[1].node = o.callers[0].node), "callers[1].node"],
  ["a caller with the receiver's node id", (o) => (o.callers[1].node = o.node), "callers[1].node"],
  ["two callers with one MAC", (o) => (o.callers[1].mac = o.callers[0].mac.toUpperCase()), "callers[1].mac"],
  ["two callers with one id", (o) => (o.callers[1].id = o.callers[0].id), "callers[1].id"],
  ["a caller that is this board", (o) => (o.callers[0].mac = SELF), "callers[0].mac"],
  ["a caller's key missing", (o) => delete o.callers[1].key, "callers[1].key"],
];

for (const [name, f, field] of receiverRows) {
  test(`receiver: ${name} → E_PROVISION_FIELD (${field}), nothing written`, (t) => {
    const { send, identityStore } = handlerFor("receiver");
    const o = JSON.parse(identityToJson(receiverIdentity(2)));
    f(o);
    const r = send(provisionLine(JSON.stringify(o)));
    t.like(r, { ok: false, error: "E_PROVISION_FIELD", field });
    t.deepEqual(identityStore.keys(), []);
  });
}

test("a store that refuses the write: E_PROVISION_STORE, and the identity reads as invalid until provisioned again", (t) => {
  const { send, identityStore } = handlerFor("caller");
  (identityStore as unknown as { failWrites: boolean }).failWrites = true;
  const r = send(provisionLineFor(callerIdentity()));
  t.like(r, { ok: false, error: "E_PROVISION_STORE" });
  t.regex(r.message, /provision this board again/);
  t.is(send("info").identity, "unprovisioned");
});
