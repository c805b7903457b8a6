import test from "ava";
import { SETTINGS_DEFAULTS } from "../../firmware/core/config.ts";
import { IDENTITY_DOMAIN, readCallerIdentity, readReceiverIdentity } from "../../firmware/stack/identity.ts";
import { createPreferenceStore } from "../../firmware/moddable/store.ts";
import { writeIdentity, type CallerIdentity, type ReceiverIdentity } from "../../firmware/stack/identity-writer.ts";
import { fakePreference } from "./fake-moddable.ts";

// The provisioning writer (firmware/stack/identity-writer.ts, behind `bell provision`) and the
// firmware's reader (identity.ts) must agree on the bell-id layout: write, read, compare.
const key = (n: number) => new Uint8Array(16).fill(n);
const freshStore = () => createPreferenceStore({ preference: fakePreference().preference, domain: IDENTITY_DOMAIN });

test("a caller identity, node ids up to 2^32 − 1, reads back as the config it describes", (t) => {
  const identity: CallerIdentity = {
    role: "caller",
    id: "bank",
    name: "Ngân hàng",
    nodeId: 0xffff_fffe,
    channel: 11,
    key: key(9),
    receiver: { id: "post", nodeId: 0x8000_0000, mac: "24:0a:c4:aa:bb:cc", name: "Công an xã" },
    settings: { hold_ms: 400 },
  };
  const store = freshStore();
  writeIdentity(store, identity);
  const result = readCallerIdentity(store, "24:0a:c4:00:00:07");
  if (result.status !== "ok") return t.fail(JSON.stringify(result));
  t.is(result.channel, 11);
  t.deepEqual(result.config, {
    self: { id: "bank", nodeId: 0xffff_fffe, address: "24:0a:c4:00:00:07", name: "Ngân hàng" },
    key: key(9),
    receiver: { id: "post", nodeId: 0x8000_0000, address: "24:0a:c4:aa:bb:cc", name: "Công an xã" },
    settings: { ...SETTINGS_DEFAULTS, holdMs: 400 },
  });
});

test("a receiver identity with 20 callers reads back caller by caller", (t) => {
  const callers = Array.from({ length: 20 }, (_, i) => ({ id: `c${i}`, nodeId: 1000 + i, mac: `24:0a:c4:00:02:${(16 + i).toString(16)}`, name: `Place ${i}`, key: key(i + 1) }));
  const identity: ReceiverIdentity = { role: "receiver", id: "post", name: "Công an xã", nodeId: 7, channel: 6, callers };
  const store = freshStore();
  writeIdentity(store, identity);
  const result = readReceiverIdentity(store, "24:0a:c4:00:00:08");
  if (result.status !== "ok") return t.fail(JSON.stringify(result));
  t.deepEqual(
    result.config.callers,
    callers.map((c) => ({ id: c.id, nodeId: c.nodeId, address: c.mac, name: c.name, key: c.key })),
  );
  t.deepEqual(result.config.self, { id: "post", nodeId: 7, address: "24:0a:c4:00:00:08", name: "Công an xã" });
});
