/**
 * Claim: with the same scenario and seed, the simulator's event stream is byte for byte the same
 * whether the devices' firmware runs under Node (the apps called directly) or inside real XS
 * (`--engine xs`: each device's bundled firmware — entry point, Moddable adapters, boot,
 * ESP-NOW class, app, core — in its own xsnap worker, through the Moddable stand-ins).
 * Every fixture scenario, plus the default deployment under two seeds, in detail mode (pin
 * changes and every frame on the air are in the stream too).
 */
import test from "ava";
import fs from "node:fs";
import path from "node:path";
import { runScenario, type RunResult } from "../../tools/sim/run.ts";
import { loadScenario, type Scenario } from "../../tools/sim/scenario.ts";
import { DEFAULT_DEPLOYMENT } from "../../tools/sim/command.ts";
import { REPO_ROOT, bundleApp } from "../../tools/xs/bundle.ts";
import { identityGaps, runScenarioInXs } from "../../tools/xs/engine.ts";

const FIXTURES = path.join(REPO_ROOT, "test/fixtures/scenarios");
const bundles = { caller: bundleApp("caller"), receiver: bundleApp("receiver") };

const lines = (r: RunResult) => r.events.map((e) => JSON.stringify(e));

function compare(title: string, scenario: Scenario, seed?: number): void {
  test(title, (t) => {
    const node = runScenario(scenario, { seed, detail: true });
    const xs = runScenarioInXs(scenario, { seed, detail: true }, { bundles });
    t.deepEqual(lines(xs), lines(node));
    // The XS devices really ran: each worker boot is one `boot` event of that device's firmware.
    const bootEvents = new Map<string, number>();
    for (const e of node.events) if (e.event === "boot") bootEvents.set(e.device!, (bootEvents.get(e.device!) ?? 0) + 1);
    t.deepEqual(new Map(xs.xs.devices.map((d) => [d.id, d.boots])), bootEvents);
    t.true(xs.xs.devices.length === scenario.devices.length && node.events.length > scenario.devices.length);
  });
}

// Scenarios with \`lte\` run too (the receiver's modem UART is the \`device.io.Serial\` stand-in; its
// duty list is in its identity). A fixture whose config the identity layout cannot carry is
// refused (E_XS_IDENTITY) naming the fields (none today: every-fixture-survives-the-identity-layout…).
for (const file of fs.readdirSync(FIXTURES).filter((f) => f.endsWith(".json")).sort()) {
  const scenario = loadScenario(path.join(FIXTURES, file));
  const gaps = identityGaps(scenario);
  if (gaps.length === 0) continue;
  test(`${file}: the XS engine refuses it naming E_XS_IDENTITY and the fields the identity drops (${gaps.join("; ")})`, (t) => {
    const err = t.throws(() => runScenarioInXs(scenario, {}, { bundles }));
    t.is((err as { id?: string }).id, "E_XS_IDENTITY");
    for (const gap of gaps) t.true(err!.message.includes(gap), err!.message);
  });
}
const fixtures = fs.readdirSync(FIXTURES).filter((f) => f.endsWith(".json")).sort();
test("there are fixture scenarios to compare", (t) => {
  t.true(fixtures.length >= 10, `only ${fixtures.length} fixtures in ${FIXTURES}`);
});
for (const file of fixtures) compare(file, loadScenario(path.join(FIXTURES, file)));
const deployment = loadScenario(DEFAULT_DEPLOYMENT);
compare("default deployment", deployment);
compare("default deployment, seed 7", deployment, 7);
