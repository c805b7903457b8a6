/**
 * Claim: the XS engine runs exactly one xsnap worker per powered device — a power cut ends the
 * device's worker, a power-up starts a new one — and once a run ends, whether it finished or the
 * firmware threw, no worker process is left running.
 */
import test from "ava";
import path from "node:path";
import { runScenario } from "../../tools/sim/run.ts";
import { loadScenario, parseScenario } from "../../tools/sim/scenario.ts";
import { SimAppError } from "../../tools/sim/device.ts";
import { REPO_ROOT, bundleApp } from "../../tools/xs/bundle.ts";
import { XsEngine } from "../../tools/xs/engine.ts";
import { liveXsnapChildren, xsnapChildren } from "./support/xsnap-children.ts";

const bundles = { caller: bundleApp("caller"), receiver: bundleApp("receiver") };

test.serial("one worker per powered device; none left after the run", async (t) => {
  const scenario = loadScenario(path.join(REPO_ROOT, "test/fixtures/scenarios/caller-switched-off-and-back.json"));
  const engine = new XsEngine({ bundles });
  const powered = new Set<string>();
  const seen: { event: string; live: number; powered: number }[] = [];
  try {
    runScenario(scenario, {
      engine: { apps: engine.apps },
      onEvent: (e) => {
        if (e.event === "boot") powered.add(e.device!);
        if (e.event === "power" && e.on === false) powered.delete(e.device!);
        // A `power` event comes just before the cut: count at every other event.
        if (e.event !== "power") seen.push({ event: `${e.device ?? ""} ${e.event} at ${e.t} ms`, live: liveXsnapChildren().length, powered: powered.size });
      },
    });
  } finally {
    engine.close();
  }
  t.true(seen.some((s) => s.event.startsWith("post caller_offline")), "the scenario cuts a caller's power");
  for (const s of seen) t.is(s.live, s.powered, `at ${s.event}`);
  await engine.exited();
  t.deepEqual(xsnapChildren(), []);
});

test.serial("none left when the firmware throws", async (t) => {
  const scenario = parseScenario({
    name: "one caller, one post",
    seed: 5,
    duration_ms: 2000,
    devices: [
      { id: "post", role: "receiver", name: "Công an xã" },
      { id: "clinic", role: "caller", name: "Trạm y tế" },
    ],
    inputs: [],
  });
  const engine = new XsEngine({ bundles: { receiver: bundles.receiver }, entries: { caller: "test/fixtures/xs/caller-logs-with-console.ts" } });
  try {
    t.throws(() => runScenario(scenario, { engine: { apps: engine.apps } }), { instanceOf: SimAppError });
  } finally {
    engine.close();
  }
  await engine.exited();
  t.deepEqual(xsnapChildren(), []);
});
