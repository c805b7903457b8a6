// End to end over real pseudo-terminals: a registry made with `bell provision init/add-caller`,
// two simulated boards that start unprovisioned (`bell sim --console … --unprovisioned`, run in
// this process), `bell provision device` on each. Each board's `bell-id` store then holds exactly
// the layout the registry gives it, and the caller starts talking to the receiver: the receiver,
// provisioned first, reports the silent caller offline, then online once it is provisioned.
import test from "ava";
import { statSync } from "node:fs";
import path from "node:path";
import { identityEntries } from "../../firmware/stack/identity-writer.ts";
import { identityFor } from "../../tools/provision/plan.ts";
import { findDevice, loadRegistry } from "../../tools/provision/registry.ts";
import { FixedPtyPair, hasSocat, NO_SOCAT_REASON, runBell, startConsoleSim, tempDir, waitUntil } from "../support/console-pty.ts";

const ptyTest = hasSocat ? test : test.skip;
if (!hasSocat) console.warn(NO_SOCAT_REASON);

const SCENARIO = {
  name: "a post and a clinic on consoles",
  seed: 5,
  duration_ms: 3_600_000,
  devices: [
    { id: "post", role: "receiver", name: "Công an xã Xuân Phổ" },
    { id: "clinic", role: "caller", name: "Trạm y tế" },
  ],
  inputs: [],
};

ptyTest("bell provision device writes each board's identity layout and the caller starts talking to its receiver", async (t) => {
  const { dir, cleanup } = tempDir("bell-provision-e2e-");
  const post = new FixedPtyPair(path.join(dir, "post"), path.join(dir, "post-host"));
  const clinic = new FixedPtyPair(path.join(dir, "clinic"), path.join(dir, "clinic-host"));
  t.teardown(() => {
    post.unplug();
    clinic.unplug();
    cleanup();
  });
  await post.plug();
  await clinic.plug();
  const sim = await startConsoleSim(dir, SCENARIO, { post: post.device, clinic: clinic.device }, true);
  t.teardown(() => sim.stop().catch(() => undefined));

  // The registry: the receiver supervises with a 19 s timeout, the shortest the deployment check
  // takes for 1 s heartbeats (it was 3 s before settings were checked as a deployment); the
  // clinic's MAC is known up front (as printed on a board's label), so the receiver can be
  // provisioned before the clinic.
  const init = await runBell(["provision", "init", "--post", "xuan-pho", "--name", "Công an xã Xuân Phổ", "--settings", '{"offline_after_ms":19000}'], dir, 60_000);
  t.is(init.code, 0, init.stderr);
  const add = await runBell(["provision", "add-caller", "clinic", "--name", "Trạm y tế", "--mac", "02:00:00:00:00:02", "--settings", '{"heartbeat_ms":1000}'], dir, 60_000);
  t.is(add.code, 0, add.stderr);
  const file = path.join(dir, "xuan-pho.bell.json");
  t.is(statSync(file).mode & 0o777, 0o600);

  const first = await runBell(["provision", "device", "post", "--port", post.host], dir, 60_000);
  t.is(first.code, 0, first.stderr);
  t.regex(first.stdout, /address 02:00:00:00:00:01/);
  t.regex(first.stdout, /identity written and checked on the board/);
  t.regex(first.stdout, /post restarted and is running/);
  t.regex(first.stdout, /1\. bell provision device clinic/);

  // The receiver knows the clinic, which is still silent: reported offline after 19 s.
  const offline = () => sim.events.some((e) => e.device === "post" && e.event === "caller_offline" && e.caller === "clinic");
  t.true(await waitUntil(offline, 45_000), "the receiver reports the unprovisioned clinic offline");

  const second = await runBell(["provision", "device", "clinic", "--port", clinic.host], dir, 60_000);
  t.is(second.code, 0, second.stderr);
  t.regex(second.stdout, /clinic is provisioned\./);
  t.regex(second.stdout, /Every board of the post holds its identity\./);
  const online = () => sim.events.some((e) => e.device === "post" && e.event === "caller_online" && e.caller === "clinic");
  t.true(await waitUntil(online, 30_000), "the clinic's heartbeats reach the receiver, which reports it online");

  // Each board's store holds exactly the layout the registry gives it: no key more, none less.
  const registry = loadRegistry(file);
  for (const id of ["post", "clinic"]) {
    const plan = identityFor(registry, findDevice(registry, id));
    if (!plan.ready) return t.fail(`${id}: the registry cannot give an identity yet`);
    const board = sim.boards.get(id)!;
    const stored = board.identityStore.keys().sort().map((k) => [k, board.identityStore.get(k)]);
    const expected = identityEntries(plan.identity).sort(([a], [b]) => (a < b ? -1 : 1));
    t.deepEqual(stored, expected, `${id}'s bell-id store`);
    t.truthy(findDevice(registry, id).provisioned, `${id}'s provisioning is recorded`);
  }

  const show = await runBell(["provision", "show"], dir, 60_000);
  t.is(show.code, 0, show.stderr);
  t.regex(show.stdout, /clinic\s+caller\s+node 2\s+Trạm y tế\s+02:00:00:00:00:02\s+up to date/);
  const keys = registry.devices.flatMap((d) => (d.key ? [Buffer.from(d.key).toString("hex")] : []));
  const printed = [init, add, first, second, show].map((r) => r.stdout + r.stderr).join("\n").toLowerCase();
  t.false(keys.some((k) => printed.includes(k)), "no key is ever printed");
  await sim.stop();
});
