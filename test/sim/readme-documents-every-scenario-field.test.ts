import { readFileSync } from "node:fs";
import test from "ava";
import { scenarioSchema } from "../../tools/sim/scenario.ts";

/** Every property name anywhere in the schema. */
function propertyNames(node: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(node)) for (const x of node) propertyNames(x, out);
  else if (node && typeof node === "object") {
    for (const [k, v] of Object.entries(node)) {
      if (k === "properties") for (const name of Object.keys(v as object)) out.add(name);
      propertyNames(v, out);
    }
  }
  return out;
}

test("tools/sim/README.md names every field of the scenario schema", (t) => {
  const readme = readFileSync(new URL("../../tools/sim/README.md", import.meta.url), "utf8");
  const names = [...propertyNames(scenarioSchema())].filter((n) => n !== "$schema");
  t.true(names.length > 30);
  // Words inside `code spans` (a field may be listed inside one, e.g. `{period_ms, window_ms}`).
  const documented = new Set([...readme.matchAll(/`([^`]+)`/g)].flatMap((m) => m[1]!.match(/[A-Za-z_]+/g) ?? []));
  const missing = names.filter((n) => !documented.has(n));
  t.deepEqual(missing, []);
});
