/**
 * Claim: a program run through the project's TypeScript loader (tools/loader/register.js, the one
 * `bell`, `make bench` and ava's workers use) reports an uncaught error at the `.ts` file and line
 * that threw, under the class and method names of the source (no keepNames needed), whether the
 * compile cache is cold, warm or cannot be written (the loader then compiles in memory).
 */
import test from "ava";
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const REGISTER = pathToFileURL(path.join(repoRoot, "tools/loader/register.js")).href;
const FIXTURE = path.join(repoRoot, "test/fixtures/loader/throws-from-a-method.ts");
/** The line of the fixture's `throw`. */
const THROW_LINE = 15;

/** Runs the fixture under the loader with `cacheDir`; resolves with its exit code and stderr. */
function runFixture(cacheDir: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const env: NodeJS.ProcessEnv = { ...process.env, WB_TS_CACHE_DIR: cacheDir };
    delete env.WB_LOADER;
    delete env.WB_TEST_LOADER;
    execFile(process.execPath, ["--import", REGISTER, FIXTURE], { cwd: repoRoot, env }, (err, _stdout, stderr) => {
      resolve({ code: err === null ? 0 : typeof err.code === "number" ? err.code : null, stderr });
    });
  });
}

test("an uncaught error names the .ts file, line and method with a cold, a warm and an unwritable cache", async (t) => {
  const scratch = mkdtempSync(path.join(os.tmpdir(), "wb-loader-trace-"));
  try {
    const cacheDir = path.join(scratch, "ts-cache");
    const blocker = path.join(scratch, "a-file");
    writeFileSync(blocker, "not a directory\n");
    const states = [
      { state: "cold", dir: cacheDir },
      { state: "warm", dir: cacheDir },
      { state: "unwritable (its parent is a file)", dir: path.join(blocker, "ts-cache") },
    ];
    for (const { state, dir } of states) {
      const { code, stderr } = await runFixture(dir);
      t.is(code, 1, `${state}: ${stderr}`);
      t.regex(stderr, /loader fixture: thrown on purpose at 7 ms/, state);
      t.true(stderr.includes(`at Thrower.fire (${FIXTURE}:${THROW_LINE}:`), `${state}: ${stderr}`);
      if (state === "cold") t.true(readdirSync(cacheDir).some((f) => f.endsWith(".js")), "the cold run filled the cache");
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});
