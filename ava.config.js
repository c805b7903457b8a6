/**
 * ava's settings for `make test` (test/run.sh) and `npx ava …` (issue 15 §4: a suite that does not
 * slow the team). Measured on this 2-core machine, shared with other checkouts; the figures are in
 * bench/README.md ("Test time").
 *
 * - `workerThreads: false`: one child process per test file. Worker threads do not load the
 *   TypeScript hooks on Node 20 (every file fails with ERR_UNKNOWN_FILE_EXTENSION ".ts"), and the
 *   serial tests load node-serialport's native binding.
 * - `--import=./tools/loader/register.js`, not tsx: the project's loader (tools/loader/README.md,
 *   the one `bell` and `make bench` use), which reads each `.ts` file compiled by esbuild once per
 *   content (build/ts-cache/). An empty test file cost its
 *   worker 1.04–1.38 s of CPU with `--import=tsx/esm`, 0.70–0.90 s with ours (four runs each,
 *   alternated, load 13–20; earlier `--import=tsx`: 1.15–1.22 s; plain JavaScript: 0.51–0.56 s).
 *   `WB_LOADER=tsx` (or `WB_TEST_LOADER=tsx`) runs the workers, and the `bell`s they start, under
 *   tsx as before.
 * - `concurrency: 4` on 2 cores: many files mostly wait (pseudo-terminals, `bell` children,
 *   mosquitto, paced simulations), so two workers left the CPU idle. test/flash, test/monitor and
 *   test/console (27 files): 252 s wall at 2, 174 s at 4, the same 75 s of CPU.
 * - `sortTestFiles`: longest first, by the wall time each file took in the last run
 *   (build/test-times.json, written by test/run.sh), so a long file does not start last and run
 *   alone at the end; files with no recorded time (new ones) go first, then the rest by name.
 *   Without that file (a fresh clone) the order is by name, as ava's default.
 * - `WB_TEST_GROUPS=1` (set by test/run.sh for a whole-suite run, as `make test` does): the short
 *   test files that are fit to share a worker run a dozen or so to a worker, in entry files written
 *   under build/test-groups/ (test/support/short-file-groups.ts says which files and why; titles
 *   are prefixed with the original file). `npx ava FILE…` runs files alone, as before.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { tsImport } from "tsx/esm/api";

const REPO = path.dirname(fileURLToPath(import.meta.url));
/** Where test/run.sh keeps each file's last wall and CPU time (build/ is ignored by git). */
const TIMES_FILE = path.join(REPO, "build/test-times.json");

/** @type {Record<string, { wall_ms: number, cpu_ms: number }>} file (repo-relative) → its last times */
let lastTimes = {};
try {
  lastTimes = JSON.parse(readFileSync(TIMES_FILE, "utf8")).files ?? {};
} catch {
  // No run recorded yet (fresh clone) or an unreadable file: the order by name.
}

/** This run's groups of short files (whole-suite runs only), or none. */
const grouping = process.env.WB_TEST_GROUPS === "1"
  ? (await tsImport("./test/support/short-file-groups.ts", import.meta.url)).writeGroups(REPO, lastTimes)
  : undefined;
/** group entry file (repo-relative) → its members' summed CPU in their last runs alone, ms */
const groupCpuMs = new Map((grouping?.groups ?? []).map((g) => [g.file, g.cpu_ms]));

/**
 * A file's last wall time, ms; Infinity when unknown (a new file runs first, it might be long).
 * A group counts its members' summed CPU (they mostly compute, one after another).
 */
const lastWallMs = (file) => {
  const relative = path.relative(REPO, file);
  return groupCpuMs.get(relative) ?? lastTimes[relative]?.wall_ms ?? Infinity;
};

export default {
  extensions: { ts: "module", js: true },
  nodeArguments: ["--import=./tools/loader/register.js", "--import=./test/support/file-time.ts"],
  workerThreads: false,
  concurrency: 4,
  files: grouping === undefined
    ? ["test/**/*.test.ts"]
    : ["test/**/*.test.ts", ...grouping.grouped.map((f) => `!${f}`), ...grouping.groups.map((g) => g.file)],
  timeout: "120s",
  sortTestFiles: (a, b) => {
    const wa = lastWallMs(a);
    const wb = lastWallMs(b);
    if (wa !== wb) return wa === Infinity ? -1 : wb === Infinity ? 1 : wb - wa;
    return a.localeCompare(b, [], { numeric: true });
  },
};
