/**
 * Claim (issue 14): a receiver whose firmware runs inside XS escalates exactly as the Node
 * engine's: the SMS, the calls, the reply that takes the alarm and the modem's health checks go
 * through the device's own modem UART adapter (`firmware/moddable/serial.ts`) on the
 * `device.io.Serial` stand-in to the simulator's modem model, and the event stream is byte for
 * byte the Node one, in detail mode, for every fixture scenario with `lte`, under two seeds.
 * The XS receiver is the real entry point (`receiver/main.ts`): it reads its duty list from its
 * identity in flash, as a board does.
 */
import test from "ava";
import fs from "node:fs";
import path from "node:path";
import { runScenario, type RunResult } from "../../tools/sim/run.ts";
import { loadScenario } from "../../tools/sim/scenario.ts";
import { REPO_ROOT, bundleApp } from "../../tools/xs/bundle.ts";
import { runScenarioInXs } from "../../tools/xs/engine.ts";

const FIXTURES = path.join(REPO_ROOT, "test/fixtures/scenarios");
const bundles = { caller: bundleApp("caller"), receiver: bundleApp("receiver") };
const lines = (r: RunResult) => r.events.map((e) => JSON.stringify(e));

const lteFixtures = fs.readdirSync(FIXTURES).filter((f) => f.endsWith(".json") && loadScenario(path.join(FIXTURES, f)).lte !== undefined).sort();

test("there are fixture scenarios with lte", (t) => {
  t.true(lteFixtures.length >= 1);
});

for (const file of lteFixtures) {
  for (const seed of [undefined, 7]) {
    test(`${file}${seed === undefined ? "" : `, seed ${seed}`}: the XS receiver's stream is the Node one, modem traffic included`, (t) => {
      const scenario = loadScenario(path.join(FIXTURES, file));
      const node = runScenario(scenario, { seed, detail: true });
      const xs = runScenarioInXs(scenario, { seed, detail: true }, { bundles });
      t.deepEqual(lines(xs), lines(node));
      const count = (name: string) => node.events.filter((e) => e.event === name).length;
      t.true(count("modem_ok") > 0 && count("escalation_sms_sent") > 0 && count("escalation_call") > 0, "the modem came up, texted and called: the streams compared carry the modem's traffic");
    });
  }
}
