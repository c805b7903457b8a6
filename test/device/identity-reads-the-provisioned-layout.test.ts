import test from "ava";
import { SETTINGS_DEFAULTS } from "../../firmware/core/config.ts";
import { IDENTITY_DOMAIN, readCallerIdentity, readReceiverIdentity } from "../../firmware/stack/identity.ts";
import { createPreferenceStore } from "../../firmware/moddable/store.ts";
import { fakePreference } from "./fake-moddable.ts";
import { CALLER_KEY, callerIdentityEntries, receiverIdentityEntries } from "./provisioning-layout.ts";

const storeWith = (entries: Record<string, string | number | ArrayBuffer>) =>
  createPreferenceStore({ preference: fakePreference({ [IDENTITY_DOMAIN]: entries }).preference, domain: IDENTITY_DOMAIN });

test("a caller's identity becomes a CallerConfig: u32 ids folded, MACs lower-cased, settings parsed", (t) => {
  const result = readCallerIdentity(storeWith(callerIdentityEntries()), "24:0A:C4:00:00:01");
  if (result.status !== "ok") return t.fail(JSON.stringify(result));
  t.is(result.deviceId, "clinic");
  t.is(result.channel, 6);
  t.deepEqual(result.config.self, { id: "clinic", nodeId: 0x1001, address: "24:0a:c4:00:00:01", name: "Trạm y tế" });
  t.deepEqual(result.config.receiver, { id: "post", nodeId: 0xffff_ffff, address: "24:0a:c4:aa:bb:cc", name: "Công an xã" });
  t.deepEqual([...result.config.key], [...CALLER_KEY]);
  t.deepEqual(result.config.settings, { ...SETTINGS_DEFAULTS, debounceMs: 40 });
});

test("a receiver's identity lists its callers c0 … c<N-1> in order", (t) => {
  const result = readReceiverIdentity(storeWith(receiverIdentityEntries(20)), "24:0a:c4:00:00:02");
  if (result.status !== "ok") return t.fail(JSON.stringify(result));
  t.is(result.channel, 11);
  t.is(result.config.callers.length, 20);
  t.deepEqual(
    result.config.callers.map((c) => [c.id, c.nodeId, c.address, c.key[0]]),
    Array.from({ length: 20 }, (_, i) => [`caller${i}`, 100 + i, `24:0a:c4:00:01:${(i + 16).toString(16)}`, i + 1]),
  );
  t.deepEqual(result.config.settings, SETTINGS_DEFAULTS);
});

test("an empty identity domain means unprovisioned", (t) => {
  t.deepEqual(readCallerIdentity(storeWith({}), "24:0a:c4:00:00:01"), { status: "unprovisioned" });
  t.deepEqual(readReceiverIdentity(storeWith({}), "24:0a:c4:00:00:01"), { status: "unprovisioned" });
});
