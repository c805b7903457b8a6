/**
 * Claim (issue 14 leftover): the duty list lives in the receiver's identity, so every fixture
 * scenario — those with `lte` included — survives the identity layout (`identityGaps` is empty)
 * and the XS engine boots the real receiver entry point (`receiver/main.ts`) with its duty list
 * read from flash, as a board does: no test-only entry point is needed. The SIMCom dialect is
 * the firmware's default when the identity names none (`MODEM_DEFAULT`), so a scenario's
 * `"vendor": "simcom"` is no gap; a Quectel modem is still one (the vendor is not an identity
 * key), and the engine still refuses such a scenario naming the field rather than run another
 * dialect than the Node engine.
 */
import test from "ava";
import fs from "node:fs";
import path from "node:path";
import { loadScenario, parseScenario } from "../../tools/sim/scenario.ts";
import { REPO_ROOT } from "../../tools/xs/bundle.ts";
import { identityGaps, runScenarioInXs } from "../../tools/xs/engine.ts";

const FIXTURES = path.join(REPO_ROOT, "test/fixtures/scenarios");
const files = fs.readdirSync(FIXTURES).filter((f) => f.endsWith(".json")).sort();

test("at least one fixture has lte (a duty list and a modem)", (t) => {
  t.true(files.some((f) => loadScenario(path.join(FIXTURES, f)).lte !== undefined));
});

for (const file of files) {
  test(`${file}: nothing of its configs is lost in the identity layout, at two seeds`, (t) => {
    const scenario = loadScenario(path.join(FIXTURES, file));
    t.deepEqual(identityGaps(scenario), []);
    t.deepEqual(identityGaps(scenario, 7), []);
  });
}

test("a Quectel modem is still a gap: the XS engine refuses it naming the field", (t) => {
  const file = path.join(FIXTURES, "empty-post-escalates-to-the-duty-phones.json");
  const raw = JSON.parse(fs.readFileSync(file, "utf8")) as { lte: Record<string, unknown> };
  raw.lte.vendor = "quectel";
  const scenario = parseScenario(raw, { file });
  t.deepEqual(identityGaps(scenario), ["post: modem"]);
  const err = t.throws(() => runScenarioInXs(scenario));
  t.is((err as { id?: string }).id, "E_XS_IDENTITY");
});
