// Issue 10 point 4 in `bell provision`: the registry's settings are checked as a deployment. A
// caller whose heartbeat_ms the post's offline_after_ms does not suit is refused (E_DEPLOYMENT,
// nothing saved), naming both devices' fields and the smallest valid value; a post's timeout
// too short for a caller already there is refused the same way; the receiver's identity carries
// each caller's heartbeat so that the board can check it at boot.
import test from "ava";
import path from "node:path";
import { readFileSync } from "node:fs";
import { identityFor } from "../../tools/provision/plan.ts";
import { addCaller, newRegistry } from "../../tools/provision/registry.ts";
import { runBell, tempDir } from "../support/console-pty.ts";

const keys = () => new Uint8Array(16).fill(7);

test("add-caller with 1 s heartbeats to a post with a 3 s timeout is refused (E_DEPLOYMENT) and nothing is saved", async (t) => {
  const { dir, cleanup } = tempDir("bell-provision-deployment-");
  t.teardown(cleanup);
  const init = await runBell(["provision", "init", "--post", "xuan-pho", "--name", "Công an xã Xuân Phổ", "--settings", '{"offline_after_ms":3000}'], dir, 60_000);
  t.is(init.code, 0, init.stderr);
  const file = path.join(dir, "xuan-pho.bell.json");
  const before = readFileSync(file, "utf8");
  const add = await runBell(["provision", "add-caller", "clinic", "--name", "Trạm y tế", "--settings", '{"heartbeat_ms":1000}'], dir, 60_000);
  t.is(add.code, 2, add.stdout);
  t.regex(add.stderr, /offline_after_ms of post "post" \(3000\) is too short for heartbeat_ms of caller "clinic" \(1000\): at least \d+/);
  t.regex(add.stderr, /E_DEPLOYMENT/);
  t.is(readFileSync(file, "utf8"), before, "the registry is unchanged");
});

test("the smallest value named is accepted; the receiver's identity then carries the caller's heartbeat", (t) => {
  const r = newRegistry({ postId: "xuan-pho", postName: "Công an xã Xuân Phổ", channel: 6, receiverMac: "24:0a:c4:00:00:01", receiverSettings: { offline_after_ms: 60_000 } });
  const refused = t.throws(() => addCaller(r, { id: "clinic", name: "Trạm y tế", mac: "24:0a:c4:00:00:02", settings: { heartbeat_ms: 30_000 } }, keys));
  t.regex(refused?.message ?? "", /devices\[0\]\.settings\.offline_after_ms: offline_after_ms of post "post" \(60000\) is too short for heartbeat_ms of caller "clinic" \(30000\): at least (\d+)/);
  t.is(r.devices.length, 1, "nothing added");
  const smallest = Number(/at least (\d+)/.exec(refused!.message)![1]);
  const r2 = newRegistry({ postId: "xuan-pho", postName: "Công an xã Xuân Phổ", channel: 6, receiverMac: "24:0a:c4:00:00:01", receiverSettings: { offline_after_ms: smallest } });
  addCaller(r2, { id: "clinic", name: "Trạm y tế", mac: "24:0a:c4:00:00:02", settings: { heartbeat_ms: 20_000 } }, keys);
  const plan = identityFor(r2, r2.devices[0]!);
  if (!plan.ready || plan.identity.role !== "receiver") return t.fail("the receiver's identity is ready");
  t.is(plan.identity.callers[0]!.heartbeatMs, 20_000);
});

test("a caller's own offline_after_ms and a post's own heartbeat_ms are not demanded: 2 min heartbeats with a 10 min post timeout are accepted", (t) => {
  const r = newRegistry({ postId: "xuan-pho", postName: "Công an xã Xuân Phổ", channel: 6, receiverSettings: { offline_after_ms: 600_000 } });
  const added = addCaller(r, { id: "clinic", name: "Trạm y tế", settings: { heartbeat_ms: 120_000 } }, keys);
  t.deepEqual(added.settings, { heartbeat_ms: 120_000 });
});
