/**
 * Claim: the device's own XS — XS 17.9.1 of the Moddable SDK 8.2.3, built from the vendored
 * sources into `build/xs-host/wbxs` (tools/xs/host/) by `make check-device` — runs every device's
 * firmware with the same event stream as the Node engine, byte for byte: every fixture scenario
 * and the default deployment under two seeds, in detail mode. The same comparison as
 * xs-engine-gives-the-node-event-stream (xsnap), with WB_XS_WORKER naming wbxs.
 */
import test from "ava";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { HAVE_TOOLCHAINS, REPO_ROOT, TOOLCHAINS_ABSENT, runMake } from "../support/toolchains.ts";

const WBXS = path.join(REPO_ROOT, "build/xs-host/wbxs");
const FIXTURES = path.join(REPO_ROOT, "test/fixtures/scenarios");

if (!HAVE_TOOLCHAINS) test.skip(`XS 17.9.1 engine: ${TOOLCHAINS_ABSENT}`, () => {});
else {
  process.env.WB_XS_WORKER = WBXS; // read by tools/xs/worker.ts when it loads (below)
  const ready = (async () => {
    if (!existsSync(WBXS)) {
      const run = await runMake(["check-device"]);
      if (run.status !== 0) throw new Error(`make check-device failed:\n${run.stderr}`);
    }
    const { runScenario } = await import("../../tools/sim/run.ts");
    const { loadScenario } = await import("../../tools/sim/scenario.ts");
    const { DEFAULT_DEPLOYMENT } = await import("../../tools/sim/command.ts");
    const { bundleApp } = await import("../../tools/xs/bundle.ts");
    const { runScenarioInXs } = await import("../../tools/xs/engine.ts");
    const { XS_WORKER_BIN } = await import("../../tools/xs/worker.ts");
    const bundles = { caller: bundleApp("caller"), receiver: bundleApp("receiver") };
    return { runScenario, loadScenario, DEFAULT_DEPLOYMENT, runScenarioInXs, XS_WORKER_BIN, bundles };
  })();

  // Scenarios with \`lte\` too: the receiver reads its duty list from its identity in flash.
  const fixtures = readdirSync(FIXTURES).filter((f) => f.endsWith(".json")).sort();
  const cases: [string, string | undefined, number | undefined][] = [
    ...fixtures.map((f): [string, string, undefined] => [f, path.join(FIXTURES, f), undefined]),
    ["default deployment", undefined, undefined],
    ["default deployment, seed 7", undefined, 7],
  ];
  test.serial("the workers are wbxs, built from the vendored XS 17.9.1", async (t) => {
    t.timeout(10 * 60_000, "a cold check-device builds the Moddable tools and wbxs");
    const r = await ready;
    t.is(r.XS_WORKER_BIN, WBXS);
    t.true(existsSync(WBXS));
    t.true(fixtures.length >= 10, `only ${fixtures.length} fixtures`);
  });
  for (const [title, file, seed] of cases) {
    test.serial(`XS 17.9.1 gives Node's event stream: ${title}`, async (t) => {
      t.timeout(5 * 60_000);
      const r = await ready;
      const scenario = r.loadScenario(file ?? r.DEFAULT_DEPLOYMENT);
      const node = r.runScenario(scenario, { seed, detail: true });
      const xs = r.runScenarioInXs(scenario, { seed, detail: true }, { bundles: r.bundles });
      const lines = (events: unknown[]) => events.map((e) => JSON.stringify(e));
      t.deepEqual(lines(xs.events), lines(node.events));
      const bootEvents = new Map<string, number>();
      for (const e of node.events) if (e.event === "boot") bootEvents.set(e.device!, (bootEvents.get(e.device!) ?? 0) + 1);
      t.deepEqual(new Map(xs.xs.devices.map((d) => [d.id, d.boots])), bootEvents, "each wbxs boot is one boot event");
      t.true(xs.xs.devices.some((d) => (d.heapSlotsAtEnd ?? 0) > 0), "the heap was measured in XS 17.9.1");
    });
  }
}
