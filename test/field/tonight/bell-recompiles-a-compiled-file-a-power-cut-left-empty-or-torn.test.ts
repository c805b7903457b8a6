/**
 * Claim (tools/loader/README.md: "a reader finds the whole file or none"; the loader must never
 * run code other than the source's): `bell` runs whatever state a power cut left its compile
 * cache in. The loader writes each compiled file to a temporary and renames it, but never fsyncs:
 * after a power cut (the post's PC, an installer's laptop whose battery died during the first
 * run), ext4 and most file systems can keep the rename and lose the data, leaving an entry of 0
 * bytes, or a torn one. Such an entry is named by the hash of the right source, so nothing will
 * ever replace it.
 *
 * Failed on break15 (9e474ba), fixed since (each entry carries a SHA-256 check of its text and is
 * fsynced before the rename: tools/loader/hooks.js `readKept`, `keep`): the loader trusts any file under the right name. An empty entry for
 * `tools/bin/cli.ts` makes every `bell` die with `TypeError: main is not a function` (exit 1) —
 * `bell bridge` included, so Home Assistant loses the post — until someone knows to delete
 * build/ts-cache/; a torn entry gives a SyntaxError, or, cut at a statement boundary, would run
 * part of a module. Right behaviour: an entry is checked before use (esbuild's output always ends
 * with its inline source-map line: a cheap check; or a length/hash header) and compiled again when
 * it fails the check; the write is fsynced before the rename.
 */
import test from "ava";
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const BELL = path.join(repoRoot, "tools/bin/bell.js");

/** `bell --help` with its compile cache in `cacheDir`, under the project's own loader. */
function bellHelp(cacheDir: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const env: NodeJS.ProcessEnv = { ...process.env, WB_TS_CACHE_DIR: cacheDir };
    delete env.WB_LOADER;
    delete env.WB_TEST_LOADER;
    execFile(process.execPath, [BELL, "--help"], { cwd: os.tmpdir(), env }, (err, stdout, stderr) => {
      resolve({ code: err === null ? 0 : typeof err.code === "number" ? err.code : null, stdout, stderr });
    });
  });
}

/** What a power cut can leave of a file written moments before: nothing, or its first part. */
const DAMAGE: Record<string, (text: string) => string> = {
  "emptied (0 bytes)": () => "",
  "torn at a third": (text) => text.slice(0, Math.floor(text.length / 3)),
};

const finding = test;

for (const [what, damage] of Object.entries(DAMAGE)) {
  finding(`bell prints its help after a power cut left every compiled file ${what}`, async (t) => {
    const cacheDir = mkdtempSync(path.join(os.tmpdir(), "wb-tonight-cache-"));
    try {
      const cold = await bellHelp(cacheDir);
      t.is(cold.code, 0, cold.stderr);
      t.regex(cold.stdout, /^Usage: bell/m);
      const entries = readdirSync(cacheDir);
      t.true(entries.length > 0, "the first run filled the cache");
      for (const name of entries) {
        const file = path.join(cacheDir, name);
        writeFileSync(file, damage(readFileSync(file, "utf8")));
      }
      const after = await bellHelp(cacheDir);
      t.is(after.code, 0, `exit status after the power cut; stderr:\n${after.stderr}`);
      t.is(after.stdout, cold.stdout, "the same help");
    } finally {
      rmSync(cacheDir, { recursive: true, force: true });
    }
  });
}
