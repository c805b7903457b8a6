/**
 * Claim: the tests keep no pseudo-random generator of their own: every seeded stream in test/
 * comes from the simulator's (`tools/sim/random.ts`, through `bench/harness/prng.ts` or
 * directly), so a test's numbers and the simulator's are drawn alike (issue 12: test support had
 * a Weyl + fmix32 generator, an LCG and an xorshift32 of its own).
 * A generator's arithmetic shows as 32-bit multiplications (`Math.imul`) or xorshift steps.
 */
import test from "ava";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sourceFiles } from "../support/source-files.ts";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const GENERATOR = [/Math\.imul\(/, /\^=\s*\w+\s*(<<|>>>)\s*\d+/];

test("no file under test/ does a generator's arithmetic", (t) => {
  const files = sourceFiles(path.join(repoRoot, "test"), { skip: ["fixtures"] });
  t.true(files.length > 100, `read ${files.length} files`);
  const found = files.flatMap((file) => {
    const text = readFileSync(file, "utf8");
    return GENERATOR.filter((re) => re.test(text)).map((re) => `${path.relative(repoRoot, file)}: ${re.source}`);
  });
  t.deepEqual(found, []);
});
