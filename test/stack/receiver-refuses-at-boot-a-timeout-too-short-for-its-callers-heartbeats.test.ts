// Issue 10 point 4 on the device: the receiver reads its callers' heartbeat periods from its
// identity (`c<i>.hb`, default 30 s) and refuses at boot an offline_after_ms that would report
// living callers offline at 20 % loss: `{status: "invalid"}` naming the key and both devices'
// fields, which the boot code reports as `provisioning_error` with the radio off.
import test from "ava";
import { SETTINGS_DEFAULTS } from "../../firmware/core/config.ts";
import { assessSupervision } from "../../firmware/core/supervision/deployment-check.ts";
import { identityEntries, parseIdentity, type ReceiverIdentity } from "../../firmware/stack/identity-writer.ts";
import { readReceiverIdentity } from "../../firmware/stack/identity.ts";
import { SimStore } from "../../tools/sim/store.ts";
import { provision } from "../../tools/sim/provision.ts";
import { parseScenario } from "../../tools/sim/scenario.ts";
import { identityEntries as simIdentityEntries } from "../../tools/xs/identity-entries.ts";

const SELF = "24:0a:c4:00:00:01";

function receiver(offlineAfterMs: number, heartbeats: Array<number | undefined>): ReceiverIdentity {
  return {
    role: "receiver",
    id: "post",
    name: "Công an xã Xuân Phổ",
    nodeId: 1,
    channel: 6,
    settings: { offline_after_ms: offlineAfterMs },
    callers: heartbeats.map((hb, i) => ({
      id: `c${i}`,
      nodeId: 2 + i,
      mac: `24:0a:c4:00:01:0${i}`,
      name: `Caller ${i}`,
      key: new Uint8Array(16).fill(i + 1),
      ...(hb === undefined ? {} : { heartbeatMs: hb }),
    })),
  };
}

function stored(identity: ReceiverIdentity): SimStore {
  const store = new SimStore();
  for (const [k, v] of identityEntries(identity)) store.set(k, v);
  return store;
}

test("a 60 s timeout with default 30 s heartbeats is refused at boot, naming both fields and the smallest value", (t) => {
  const read = readReceiverIdentity(stored(receiver(60_000, [undefined])), SELF);
  t.like(read, { status: "invalid", key: "settings" });
  if (read.status !== "invalid") return;
  const smallest = assessSupervision(SETTINGS_DEFAULTS.heartbeatMs, 60_000).smallestOfflineAfterMs!;
  t.is(read.reason, `offline_after_ms of post "post" (60000) is too short for heartbeat_ms of caller "c0" (30000): at least ${smallest} (up to 2.0e-1 false offlines per caller-day at 20 % loss; the limit is 1e-6)`);
});

test("the timeout is checked against every caller's own heartbeat (c<i>.hb), not the default", (t) => {
  const ok = readReceiverIdentity(stored(receiver(120_000, [undefined, 10_000])), SELF);
  t.is(ok.status, "ok");
  const smallest = assessSupervision(120_000, 120_000).smallestOfflineAfterMs!;
  const refused = readReceiverIdentity(stored(receiver(120_000, [undefined, 120_000])), SELF);
  t.like(refused, { status: "invalid", key: "settings" });
  if (refused.status === "invalid") t.regex(refused.reason, new RegExp(`heartbeat_ms of caller "c1" \\(120000\\): at least ${smallest}`));
});

test("the device's provision command refuses such an identity too, naming the field", (t) => {
  const json = JSON.parse(JSON.stringify({ role: "receiver", id: "post", name: "P", node: 1, channel: 6, settings: { offline_after_ms: 60_000 }, callers: [{ id: "c0", node: 2, mac: "24:0a:c4:00:01:00", name: "C", key: "01".repeat(16), heartbeat_ms: 30_000 }] }));
  t.throws(() => parseIdentity(json), { message: /^settings\.offline_after_ms: offline_after_ms of post "post" \(60000\) is too short/ });
});

test("a receiver the simulator provisions (XS engine, console boards) carries its callers' heartbeats and boots", (t) => {
  /** The post's identity store, as the simulator writes it for a scenario. */
  const postStore = (offlineAfterMs: number, heartbeats: Array<number | undefined>) => {
    const scenario = parseScenario({
      name: "heartbeats",
      seed: 1,
      duration_ms: 1000,
      devices: [
        { id: "post", role: "receiver", config: { offline_after_ms: offlineAfterMs } },
        ...heartbeats.map((hb, i) => ({ id: `c${i}`, role: "caller", ...(hb === undefined ? {} : { config: { heartbeat_ms: hb } }) })),
      ],
      inputs: [],
    });
    const post = provision(scenario.devices, 1).find((p) => p.role === "receiver")!;
    const store = new SimStore();
    for (const [k, v] of simIdentityEntries(post.config)) store.set(k, v);
    return { store, address: post.config.self.address };
  };
  // 10 s heartbeats with a 60 s timeout are accepted; taken for the 30 s default they would not be.
  const short = postStore(60_000, [10_000, 10_000]);
  t.is(short.store.get("c0.hb"), 10_000);
  const read = readReceiverIdentity(short.store, short.address);
  if (read.status !== "ok") return t.fail(JSON.stringify(read));
  t.deepEqual(read.config.callers.map((c) => c.heartbeatMs), [10_000, 10_000]);
  const usual = postStore(120_000, [undefined, 10_000]);
  t.is(usual.store.get("c0.hb"), undefined, "the default is not written");
  t.is(usual.store.get("c1.hb"), 10_000);
  t.is(readReceiverIdentity(usual.store, usual.address).status, "ok");
});
