import test from "ava";
import { IDENTITY_DOMAIN, readCallerIdentity, readReceiverIdentity } from "../../firmware/stack/identity.ts";
import { createPreferenceStore } from "../../firmware/moddable/store.ts";
import { fakePreference } from "./fake-moddable.ts";
import { callerIdentityEntries, receiverIdentityEntries } from "./provisioning-layout.ts";

type Entries = Record<string, string | number | ArrayBuffer>;
const storeWith = (entries: Entries) =>
  createPreferenceStore({ preference: fakePreference({ [IDENTITY_DOMAIN]: entries }).preference, domain: IDENTITY_DOMAIN });
const without = (entries: Entries, key: string) => Object.fromEntries(Object.entries(entries).filter(([k]) => k !== key));

const callerRows: [string, Entries, string, RegExp][] = [
  ["the receiver MAC is missing", without(callerIdentityEntries(), "rx.mac"), "rx.mac", /^missing$/],
  ["the key is 15 bytes", { ...callerIdentityEntries(), key: new ArrayBuffer(15) }, "key", /blob of 16 bytes, got 15 bytes/],
  ["the key is a string", { ...callerIdentityEntries(), key: "00112233" }, "key", /blob of 16 bytes/],
  ["the channel is 12", { ...callerIdentityEntries(), chan: 12 }, "chan", /integer \(i32\) 1…11, got 12/],
  ["the node id is 0", { ...callerIdentityEntries(), node: 0 }, "node", /node id 1…4294967295/],
  ["the receiver MAC is malformed", { ...callerIdentityEntries(), "rx.mac": "24:0a:c4" }, "rx.mac", /not a MAC address/],
  ["settings are not JSON", { ...callerIdentityEntries(), settings: "{debounce" }, "settings", /^not JSON/],
  ["a setting is out of range", { ...callerIdentityEntries(), settings: '{"debounce_ms":0}' }, "settings", /settings\.debounce_ms: must be 1…1000 ms/],
  ["the receiver has the caller's node id", { ...callerIdentityEntries(), "rx.node": 0x1001 }, "rx.node", /equals the caller's own node id/],
  ["the identity is a receiver's", { ...callerIdentityEntries(), role: "receiver" }, "role", /provisioned as a receiver, but this is the caller firmware/],
  ["the role is missing", without(callerIdentityEntries(), "role"), "role", /^missing$/],
  ["the device id is 33 characters", { ...callerIdentityEntries(), id: "x".repeat(33) }, "id", /at most 32 characters/],
];
for (const [what, entries, key, reason] of callerRows) {
  test(`caller: when ${what}, the result names "${key}"`, (t) => {
    const result = readCallerIdentity(storeWith(entries), "24:0a:c4:00:00:01");
    if (result.status !== "invalid") return t.fail(`expected invalid, got ${result.status}`);
    t.is(result.key, key);
    t.regex(result.reason, reason);
  });
}

const receiverRows: [string, Entries, string, RegExp][] = [
  ["it lists 21 callers", { ...receiverIdentityEntries(20), callers: 21 }, "callers", /1…20, got 21/],
  ["caller 2 has no key", without(receiverIdentityEntries(3), "c2.key"), "c2.key", /^missing$/],
  ["two callers share a node id", { ...receiverIdentityEntries(3), "c2.node": 100 }, "c2.node", /100 is used twice/],
  ["a caller has the receiver's node id", { ...receiverIdentityEntries(3), "c1.node": 1 }, "c1.node", /is used twice/],
];
for (const [what, entries, key, reason] of receiverRows) {
  test(`receiver: when ${what}, the result names "${key}"`, (t) => {
    const result = readReceiverIdentity(storeWith(entries), "24:0a:c4:00:00:02");
    if (result.status !== "invalid") return t.fail(`expected invalid, got ${result.status}`);
    t.is(result.key, key);
    t.regex(result.reason, reason);
  });
}

test("an invalid identity still reports the device id when it could be read", (t) => {
  const result = readCallerIdentity(storeWith({ ...callerIdentityEntries(), chan: 0 }), "24:0a:c4:00:00:01");
  t.like(result, { status: "invalid", deviceId: "clinic", key: "chan" });
});

test("a key NVS cannot read is reported as that key, not thrown", (t) => {
  const store = storeWith(callerIdentityEntries());
  const failing = {
    ...store,
    get(key: string) {
      if (key === "rx.name") throw new Error("nvs get fail");
      return store.get(key);
    },
  };
  t.like(readCallerIdentity(failing, "24:0a:c4:00:00:01"), { status: "invalid", key: "rx.name", reason: "cannot be read (nvs get fail)" });
});
