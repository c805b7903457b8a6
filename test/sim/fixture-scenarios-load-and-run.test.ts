import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import test from "ava";
import { DEFAULT_DEPLOYMENT } from "../../tools/sim/command.ts";
import { runScenario } from "../../tools/sim/run.ts";
import { loadScenario } from "../../tools/sim/scenario.ts";
import { TEST_ENGINE } from "./support/engine.ts";

const dir = fileURLToPath(new URL("../fixtures/scenarios/", import.meta.url));
const files = [DEFAULT_DEPLOYMENT, ...readdirSync(dir).filter((f) => f.endsWith(".json")).sort().map((f) => path.join(dir, f))];

test("there are example scenarios", (t) => {
  t.true(files.length >= 10, `${files.length} files`);
});

for (const file of files) {
  test(`${path.basename(file)} validates and runs to its end with every input applied`, (t) => {
    const s = loadScenario(file);
    t.truthy(s.description, "says what it shows");
    const r = runScenario(s, { engine: { ...TEST_ENGINE, forgers: { wrong_key: () => new Uint8Array([1]) } } });
    t.is(r.summary.t, s.durationMs);
    const counts = r.summary.counts;
    const pinInputs = s.inputs.filter((i) => i.kind === "edges").length;
    const attacks = s.inputs.filter((i) => i.kind === "attack").length;
    t.is(counts.input ?? 0, pinInputs);
    t.is(counts.attack ?? 0, attacks);
  });
}
