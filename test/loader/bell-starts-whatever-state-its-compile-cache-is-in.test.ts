/**
 * Claim: `bell` (tools/bin/bell.js) loads its TypeScript through the project's loader
 * (tools/loader/) and prints the same help whatever state the compile cache is in: four `bell`s
 * started at once on an empty cache (as test workers do on a fresh clone) all succeed and leave
 * only whole compiled files, no temporaries; a warm cache adds nothing; a cache that cannot be
 * written (a read-only checkout) costs nothing but the compiling; `WB_LOADER=tsx` runs it under
 * tsx and touches no cache.
 */
import test from "ava";
import { createHash } from "node:crypto";
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const BELL = path.join(repoRoot, "tools/bin/bell.js");
/** How many `bell`s start at once on the empty cache. */
const AT_ONCE = 4;
/** The last line esbuild writes in each compiled file: the inline source map. */
/** A whole entry: esbuild's text (ending with its inline source map), then the loader's check of it (tools/loader/hooks.js). */
const WHOLE_ENTRY = /^([^]*\n\/\/# sourceMappingURL=data:application\/json;base64,[A-Za-z0-9+/=]+\n)\n\/\/# wb-loader-sha256=([0-9a-f]{64})$/;
/** True when `entry` is whole: the source map line, then the SHA-256 of everything before the check. */
const isWhole = (entry: string): boolean => {
  const m = WHOLE_ENTRY.exec(entry);
  return m !== null && createHash("sha256").update(m[1]!).digest("hex") === m[2];
};

/** Runs `bell --help` with the cache in `cacheDir` (and `loader`, if given, as WB_LOADER). */
function bellHelp(cacheDir: string, loader?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const env: NodeJS.ProcessEnv = { ...process.env, WB_TS_CACHE_DIR: cacheDir };
    delete env.WB_LOADER;
    delete env.WB_TEST_LOADER;
    if (loader !== undefined) env.WB_LOADER = loader;
    execFile(process.execPath, [BELL, "--help"], { cwd: repoRoot, env }, (err, stdout, stderr) => {
      resolve({ code: err === null ? 0 : typeof err.code === "number" ? err.code : null, stdout, stderr });
    });
  });
}

const listing = (dir: string): string[] => readdirSync(dir).sort();

test("bell prints the same help on a cold cache (four at once), a warm one, an unwritable one and under tsx", async (t) => {
  const scratch = mkdtempSync(path.join(os.tmpdir(), "wb-loader-bell-"));
  try {
    const cacheDir = path.join(scratch, "ts-cache");
    const cold = await Promise.all(Array.from({ length: AT_ONCE }, () => bellHelp(cacheDir)));
    for (const [k, r] of cold.entries()) t.is(r.code, 0, `cold bell ${k}: ${r.stderr}`);
    const help = cold[0].stdout;
    t.regex(help, /^Usage: bell /);
    for (const r of cold) t.is(r.stdout, help);

    const files = listing(cacheDir);
    t.true(files.length > 0, "the cold runs filled the cache");
    t.deepEqual(files.filter((f) => !/^[0-9a-f]{40}\.js$/.test(f)), [], "no temporaries are left");
    for (const f of files) t.true(isWhole(readFileSync(path.join(cacheDir, f), "utf8")), `${f} is whole`);

    const warm = await bellHelp(cacheDir);
    t.is(warm.code, 0, warm.stderr);
    t.is(warm.stdout, help);
    t.deepEqual(listing(cacheDir), files, "a warm run compiles nothing");

    const blocker = path.join(scratch, "a-file");
    writeFileSync(blocker, "not a directory\n");
    const unwritable = await bellHelp(path.join(blocker, "ts-cache"));
    t.is(unwritable.code, 0, unwritable.stderr);
    t.is(unwritable.stdout, help);
    t.is(unwritable.stderr, "");

    const tsxCache = path.join(scratch, "tsx-run-cache");
    const tsx = await bellHelp(tsxCache, "tsx");
    t.is(tsx.code, 0, tsx.stderr);
    t.is(tsx.stdout, help);
    t.throws(() => readdirSync(tsxCache), { code: "ENOENT" }, "under tsx the loader's cache is not used");
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});
