// Every console command gets exactly one JSON reply line naming the command, with `ok`, and a
// stable error id when it fails; a tag given as `#<tag> ` comes back; a blank line gets none.
import test from "ava";
import { CONSOLE_COMMANDS, CONSOLE_PROTOCOL_VERSION } from "../../firmware/stack/console.ts";
import { identityChecksum, identityEntries, writeIdentity } from "../../firmware/stack/identity-writer.ts";
import { hex32 } from "../../firmware/stack/crc32.ts";
import { callerIdentity, fakeCaller, fakeReceiver, handlerFor, receiverIdentity, SELF } from "./support.ts";

test("help lists the commands", (t) => {
  const { send } = handlerFor("caller");
  t.deepEqual(send("help"), { reply: "help", ok: true, commands: [...CONSOLE_COMMANDS] });
});

test("info on an unprovisioned board: role, address, protocol, not running", (t) => {
  const { send } = handlerFor("caller");
  t.deepEqual(send("info"), { reply: "info", ok: true, protocol: CONSOLE_PROTOCOL_VERSION, role: "caller", address: SELF, identity: "unprovisioned", running: false });
});

test("info on a provisioned board: its device id, node and the checksum of what it holds", (t) => {
  const app = fakeCaller();
  const { send, identityStore } = handlerFor("caller", () => app);
  writeIdentity(identityStore, callerIdentity());
  t.deepEqual(send("info"), {
    reply: "info",
    ok: true,
    protocol: CONSOLE_PROTOCOL_VERSION,
    role: "caller",
    address: SELF,
    identity: "ok",
    running: true,
    device: "clinic",
    node: 2,
    identity_crc32: hex32(identityChecksum(identityEntries(callerIdentity()))),
  });
});

test("info on a damaged identity names the key and why", (t) => {
  const { send, identityStore } = handlerFor("caller");
  writeIdentity(identityStore, callerIdentity());
  identityStore.set("key", new Uint8Array(15));
  const r = send("info");
  t.is(r.identity, "invalid");
  t.deepEqual(r.problem, { key: "key", reason: "must be a blob of 16 bytes, got 15 bytes" });
});

test("status of a running caller", (t) => {
  const app = fakeCaller();
  const { send, identityStore } = handlerFor("caller", () => app);
  writeIdentity(identityStore, callerIdentity());
  t.deepEqual(send("#s1 status"), { reply: "status", tag: "s1", ok: true, role: "caller", running: true, identity: "ok", device: "clinic", pending: [3], led: "sending", link_fault: false, stuck: false });
});

test("status of a running receiver names callers by device id", (t) => {
  const app = fakeReceiver();
  const { send, identityStore } = handlerFor("receiver", () => app);
  writeIdentity(identityStore, receiverIdentity(2));
  t.deepEqual(send("status"), {
    reply: "status",
    ok: true,
    role: "receiver",
    running: true,
    identity: "ok",
    device: "post",
    incidents: [{ caller: "caller0", incident: 4, state: "open" }],
    offline: ["caller1"],
    siren: "alarm",
    callers: [
      { caller: "caller0", name: receiverIdentity(2).callers[0]!.name },
      { caller: "caller1", name: receiverIdentity(2).callers[1]!.name },
    ],
  });
});

test("status when the app is not running says so", (t) => {
  const { send } = handlerFor("receiver");
  t.deepEqual(send("status"), { reply: "status", ok: true, role: "receiver", running: false, identity: "unprovisioned" });
});

test("log [N] returns the newest N entries (default 20), callers by id", (t) => {
  const app = fakeReceiver();
  const { send, identityStore } = handlerFor("receiver", () => app);
  writeIdentity(identityStore, receiverIdentity(2));
  const all = send("log");
  t.is(all.total, 30);
  t.is(all.entries.length, 20);
  t.is(all.entries[0].seq, 11);
  const two = send("log 2");
  t.deepEqual(two.entries, [
    { seq: 29, ticks: 28000, wall: 0, event: "boot", caller: null, incident: 0, detail: 0 },
    { seq: 30, ticks: 29000, wall: 0, event: "incident_opened", caller: "caller0", incident: 4, detail: 0 },
  ]);
});

const errors: Array<[role: "caller" | "receiver", running: boolean, line: string, reply: string, error: string]> = [
  ["receiver", true, "log 0", "log", "E_CONSOLE_ARGUMENT"],
  ["receiver", true, "log 101", "log", "E_CONSOLE_ARGUMENT"],
  ["receiver", true, "log many", "log", "E_CONSOLE_ARGUMENT"],
  ["receiver", false, "log", "log", "E_CONSOLE_NOT_RUNNING"],
  ["caller", true, "log", "log", "E_CONSOLE_ROLE"],
  ["receiver", true, "siren", "siren", "E_CONSOLE_ARGUMENT"],
  ["receiver", false, "siren test", "siren", "E_CONSOLE_NOT_RUNNING"],
  ["caller", true, "siren test", "siren", "E_CONSOLE_ROLE"],
  ["caller", true, "dance", "dance", "E_CONSOLE_UNKNOWN"],
  ["caller", true, "{\"event\":\"press\"}", "?", "E_CONSOLE_UNKNOWN"],
  ["caller", true, "provision", "provision", "E_CONSOLE_ARGUMENT"],
];

for (const [role, running, line, reply, error] of errors) {
  test(`${role}${running ? "" : " (not running)"}: "${line}" → ${error}`, (t) => {
    const app = role === "caller" ? fakeCaller() : fakeReceiver();
    const { send, identityStore } = handlerFor(role, () => (running ? app : undefined));
    writeIdentity(identityStore, role === "caller" ? callerIdentity() : receiverIdentity(2));
    const r = send(line);
    t.is(r.reply, reply);
    t.false(r.ok);
    t.is(r.error, error);
    t.is(typeof r.message, "string");
  });
}

test("siren test sounds the receiver's test pattern", (t) => {
  const app = fakeReceiver();
  const { send, identityStore } = handlerFor("receiver", () => app);
  writeIdentity(identityStore, receiverIdentity(1));
  t.deepEqual(send("#7 siren test"), { reply: "siren", tag: "7", ok: true });
  t.is(app.sirenTests, 1);
});

test("reboot answers, then asks the adapter to restart", (t) => {
  const { handler } = handlerFor("caller");
  t.deepEqual(handler.handle("reboot"), { line: '{"reply":"reboot","ok":true}', reboot: true });
  t.false(handler.handle("info")!.reboot);
});

test("a blank line gets no reply; an overlong line gets E_CONSOLE_LINE_TOO_LONG", (t) => {
  const { handler } = handlerFor("caller");
  t.is(handler.handle("   \t"), undefined);
  const r = JSON.parse(handler.overflow(9000).line);
  t.like(r, { reply: "?", ok: false, error: "E_CONSOLE_LINE_TOO_LONG" });
  t.regex(r.message, /9000 bytes discarded \(at most 8192\)/);
});

test("options are validated", (t) => {
  t.throws(() => handlerFor("router" as never), { instanceOf: TypeError, message: /role/ });
});
