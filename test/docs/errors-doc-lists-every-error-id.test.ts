/**
 * Claim: docs/errors.md lists every stable error id the code raises, and only those, so the
 * documented ids cannot drift from the code (STYLE: "docs … that drift from code").
 */
import test from "ava";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sourceFiles } from "../support/source-files.ts";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const ID = /\bE_[A-Z0-9_]*[A-Z0-9]\b/g;

/** Ids the code raises: string literals "E_…" in the sources of the host tools and firmware. */
function idsInCode(): Set<string> {
  const ids = new Set<string>();
  for (const dir of ["tools", "firmware", "receiver", "bench"]) {
    for (const file of sourceFiles(path.join(repoRoot, dir))) {
      for (const m of readFileSync(file, "utf8").matchAll(/["'`](E_[A-Z0-9_]+)["'`]/g)) ids.add(m[1]);
    }
  }
  return ids;
}

test("every error id in the code is in docs/errors.md, and every id there is in the code", (t) => {
  const doc = readFileSync(path.join(repoRoot, "docs/errors.md"), "utf8");
  const documented = new Set(doc.match(ID) ?? []);
  const raised = idsInCode();
  t.true(raised.size > 40, `found ${raised.size} ids in the code`);
  t.deepEqual([...raised].filter((id) => !documented.has(id)).sort(), [], "ids missing from docs/errors.md");
  t.deepEqual([...documented].filter((id) => !raised.has(id)).sort(), [], "ids in docs/errors.md that the code no longer raises");
});
