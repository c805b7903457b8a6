/**
 * The record test/run.sh keeps of each run (issue 15 §4), and what it prints at the end.
 *
 *   node test/support/run-record.js --before >BEFORE.json
 *       what the run starts with: commit and `git status`, load average, and which caches are
 *       there (npm packages, per-file times, the test workers' compiled TypeScript, the
 *       type-check caches, the device build's stamp).
 *   node test/support/run-record.js --after --work DIR --target T --wall S [--checks-exit N
 *       --checks-wall S] [--ava-exit N --ava-wall S --pass N --fail N --skip N] -- [ava args…]
 *       DIR holds before.json, cpu-checks and cpu-end (the `times` builtin's output in run.sh
 *       after the checks and at the end) and times/ (one record per ava worker,
 *       test/support/file-time.ts). Writes build/test-times.json (each file's last times, which
 *       ava.config.js orders and groups by; `last_run`: ava's figures) and build/test-run.json
 *       (the whole run, read by the bench's test-time section: bench/test-time.ts defines and
 *       checks every field), and prints the five slowest files and the run's figures.
 *
 * Plain JavaScript under plain node (no TypeScript loader: a second of CPU at every run for
 * nothing). `buildRecord` is pure, for tests.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { CACHE_DIR } from "../../tools/loader/hooks.js";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
/** Per-file times (ava.config.js and test/support/short-file-groups.ts read them). */
const TIMES_FILE = "build/test-times.json";
/** The record of the last run: bench/test-time.ts `TEST_RUN_FILE`. */
export const RECORD_FILE = "build/test-run.json";
/** The compiled TypeScript of `bell` and the test workers (the loader's own definition). */
const LOADER_CACHE = CACHE_DIR;
/** The type-check passes' caches (Makefile `TSC_CACHE`). */
const TSC_CACHE = "build/tsc";
/** Rewritten by tools/toolchain/check-device.sh whenever it rebuilds the device image. */
const DEVICE_STAMP = `${process.env.WB_CHECK_DEVICE_OUT ?? "build/check-device"}/stamp`;
/** ava's default exclusions under its `files` glob (ava 7: fixtures/, helpers/, names starting with _). */
const AVA_SKIPS = new Set(["fixtures", "helpers", "node_modules"]);

const list = (dir) => {
  try {
    return readdirSync(path.resolve(REPO, dir));
  } catch {
    return [];
  }
};

const git = (args) => {
  try {
    return execFileSync("git", args, { cwd: REPO, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  } catch {
    return undefined;
  }
};

/**
 * What a run starts (or ends) with.
 * @returns {{ at: string, load: string, commit: string | null, status: string, nodeModules: boolean, fileTimes: boolean, loaderEntries: number, tscCaches: string[], deviceStamp: string }}
 *   `deviceStamp` is the stamp's mtime in ms as a string, "" when absent.
 */
export function snapshot() {
  let fileTimes = false;
  try {
    fileTimes = Object.keys(JSON.parse(readFileSync(path.join(REPO, TIMES_FILE), "utf8")).files ?? {}).length > 0;
  } catch {
    // absent or unreadable: no per-file times
  }
  const lock = path.join(REPO, "package-lock.json");
  const installed = path.join(REPO, "node_modules/.package-lock.json");
  const stamp = path.join(REPO, DEVICE_STAMP);
  return {
    at: new Date().toISOString(),
    load: readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" "),
    commit: git(["rev-parse", "HEAD"])?.trim() || null,
    status: git(["status", "--porcelain"]) ?? "",
    // tools/setup/ensure.sh installs when node_modules is absent or older than the lockfile.
    nodeModules: existsSync(installed) && (!existsSync(lock) || statSync(lock).mtimeMs <= statSync(installed).mtimeMs),
    fileTimes,
    loaderEntries: list(LOADER_CACHE).filter((f) => f.endsWith(".js")).length,
    tscCaches: list(TSC_CACHE).filter((f) => f.endsWith(".tsbuildinfo")).sort(),
    deviceStamp: existsSync(stamp) ? String(statSync(stamp).mtimeMs) : "",
  };
}

/** Every test file ava's `files` glob (test/**\/*.test.ts) finds, repo-relative, sorted. */
export function testFiles() {
  const out = [];
  const walk = (dir) => {
    for (const e of readdirSync(path.join(REPO, dir), { withFileTypes: true })) {
      if (e.name.startsWith("_")) continue;
      const rel = `${dir}/${e.name}`;
      if (e.isDirectory()) {
        if (!AVA_SKIPS.has(e.name)) walk(rel);
      } else if (e.name.endsWith(".test.ts")) out.push(rel);
    }
  };
  walk("test");
  return out.sort();
}

/** A group's display name: "build/test-groups/NN.test.js: N short files, first … last". */
function nameOf(row) {
  if (row.members === undefined) return row.file;
  const m = Object.keys(row.members).sort();
  return `${row.file}: ${m.length} short files, ${m[0]} … ${m.at(-1)}`;
}

const seconds = (ms) => Math.round(ms) / 1000;
const loads = (text) => text.trim().split(/\s+/).map(Number);
const porcelain = (text) => text.split("\n").map((l) => l.trim()).filter(Boolean);

/**
 * The record of a run from its raw measurements (the shape bench/test-time.ts `TestRun` reads).
 * @param {object} m
 * @param {"make test" | "test/run.sh"} m.target
 * @param {string[]} m.args ava's arguments
 * @param {string} m.startedAt @param {string} m.finishedAt ISO times
 * @param {{ commitStart: string | null, commitEnd: string | null, statusStart: string, statusEnd: string }} m.git
 * @param {number} m.wallS @param {number} m.userS @param {number} m.systemS the whole run
 * @param {string} m.loadStart @param {string} m.loadEnd /proc/loadavg's first three fields
 * @param {{ exit: number, wallS: number } | null} m.checks
 * @param {{ exit: number, wallS: number, cpuS: number } | null} m.ava
 * @param {{ pass: number, fail: number, skip: number } | null} m.tap ava's TAP summary (pass counts known-failing tests)
 * @param {Array<{ file: string, wall_ms: number, cpu_ms: number, members?: Record<string, number>, known_failing?: number }>} m.rows the workers' records
 * @param {string[]} m.testFiles every test file found
 * @param {{ nodeModules: boolean, fileTimes: boolean, loaderEntries: number, tscCaches: string[], deviceStamp: string }} m.before
 * @param {{ loaderEntries: number, tscCaches: string[], deviceStamp: string }} m.after
 */
export function buildRecord(m) {
  const ran = new Set();
  for (const r of m.rows) for (const f of r.members === undefined ? [r.file] : Object.keys(r.members)) ran.add(f);
  const missing = m.testFiles.filter((f) => !ran.has(f));
  const knownFailing = m.rows.reduce((a, r) => a + (r.known_failing ?? 0), 0);
  const dirtyLines = [...new Set([...porcelain(m.git.statusStart), ...porcelain(m.git.statusEnd)])];
  const checked = m.checks !== null;
  return {
    format: 1,
    target: m.target,
    args: m.args,
    started_at: m.startedAt,
    finished_at: m.finishedAt,
    commit: m.git.commitStart,
    dirty: dirtyLines.length > 0 || m.git.commitEnd !== m.git.commitStart,
    dirty_files: dirtyLines.slice(0, 10),
    wall_s: Math.round(m.wallS * 10) / 10,
    cpu_s: Math.round((m.userS + m.systemS) * 10) / 10,
    user_s: Math.round(m.userS * 10) / 10,
    system_s: Math.round(m.systemS * 10) / 10,
    load_start: loads(m.loadStart),
    load_end: loads(m.loadEnd),
    checks: m.checks && { exit: m.checks.exit, wall_s: Math.round(m.checks.wallS * 10) / 10 },
    ava: m.ava && { exit: m.ava.exit, wall_s: Math.round(m.ava.wallS * 10) / 10, cpu_s: Math.round(m.ava.cpuS * 10) / 10 },
    tests: m.tap && { passed: m.tap.pass - knownFailing, failed: m.tap.fail, known_failing: knownFailing, skipped: m.tap.skip },
    files: { ran: m.testFiles.filter((f) => ran.has(f)).length, found: m.testFiles.length, missing: missing.slice(0, 5) },
    warm: {
      node_modules: m.before.nodeModules,
      file_times: m.before.fileTimes,
      loader_cached: m.before.loaderEntries,
      loader_compiled: Math.max(0, m.after.loaderEntries - m.before.loaderEntries),
      tsc_cache: checked ? m.before.tscCaches.length > 0 && m.after.tscCaches.every((f) => m.before.tscCaches.includes(f)) : null,
      device_build: checked ? m.before.deviceStamp !== "" && m.after.deviceStamp === m.before.deviceStamp : null,
    },
    slowest: [...m.rows]
      .sort((a, b) => b.wall_ms - a.wall_ms)
      .slice(0, 5)
      .map((r) => ({ file: nameOf(r), wall_s: seconds(r.wall_ms), cpu_s: seconds(r.cpu_ms) })),
  };
}

/** User and system seconds from the `times` builtin's output (its two lines: the shell, its children). */
function cpuOf(file) {
  let user = 0;
  let system = 0;
  for (const line of readFileSync(file, "utf8").trim().split("\n")) {
    const [u, s] = line.trim().split(/\s+/).map((t) => {
      const m = /^(\d+)m([\d.]+)s$/.exec(t);
      return m ? Number(m[1]) * 60 + Number(m[2]) : 0;
    });
    user += u ?? 0;
    system += s ?? 0;
  }
  return { user, system };
}

function after(argv) {
  const { values: o, positionals: args } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: Object.fromEntries(["work", "target", "wall", "checks-exit", "checks-wall", "ava-exit", "ava-wall", "pass", "fail", "skip"].map((k) => [k, { type: "string" }]).concat([["after", { type: "boolean" }]])),
  });
  const work = o.work;
  const before = JSON.parse(readFileSync(path.join(work, "before.json"), "utf8"));
  const end = snapshot();
  const rows = list(path.join(work, "times")).map((f) => JSON.parse(readFileSync(path.join(work, "times", f), "utf8")));
  const cpuEnd = cpuOf(path.join(work, "cpu-end"));
  const cpuChecks = existsSync(path.join(work, "cpu-checks")) ? cpuOf(path.join(work, "cpu-checks")) : { user: 0, system: 0 };
  const num = (v) => (v === undefined || v === "" ? undefined : Number(v));
  const checks = num(o["checks-exit"]) === undefined ? null : { exit: num(o["checks-exit"]), wallS: num(o["checks-wall"]) ?? 0 };
  const avaRan = num(o["ava-exit"]) !== undefined;
  const avaCpu = cpuEnd.user + cpuEnd.system - cpuChecks.user - cpuChecks.system;
  const tap = num(o.pass) === undefined ? null : { pass: num(o.pass), fail: num(o.fail) ?? 0, skip: num(o.skip) ?? 0 };

  mkdirSync(path.join(REPO, "build"), { recursive: true });
  const keep = path.join(REPO, TIMES_FILE);
  if (rows.length > 0) {
    let kept = {};
    try {
      kept = JSON.parse(readFileSync(keep, "utf8"));
    } catch {
      // first run, or an unreadable file: start afresh
    }
    const files = kept.files ?? {};
    const groups = {};
    for (const r of rows) {
      if (r.members === undefined) files[r.file] = { wall_ms: r.wall_ms, cpu_ms: r.cpu_ms };
      else groups[r.file] = { wall_ms: r.wall_ms, cpu_ms: r.cpu_ms, members: r.members };
    }
    const workerCpu = rows.reduce((a, r) => a + r.cpu_ms, 0);
    const lastRun = { at: end.at, files: rows.length, all: args.length === 0, wall_s: num(o["ava-wall"]) ?? 0, cpu_s: Math.round(avaCpu * 10) / 10, worker_cpu_s: Math.round(workerCpu / 1000), load: end.load };
    writeFileSync(keep, JSON.stringify({ last_run: lastRun, files, groups }, null, 1) + "\n");
    const s = (ms) => (ms / 1000).toFixed(1).padStart(6);
    console.log(`\nSlowest test files (wall s, worker CPU s; ${rows.length} files, whose workers used ${(workerCpu / 1000).toFixed(0)} s of CPU in all):`);
    for (const r of [...rows].sort((a, b) => b.wall_ms - a.wall_ms).slice(0, 5)) console.log(`${s(r.wall_ms)} ${s(r.cpu_ms)}  ${nameOf(r)}`);
    const grouped = rows.filter((r) => r.members !== undefined);
    if (grouped.length > 0) console.log(`(${grouped.reduce((a, r) => a + Object.keys(r.members).length, 0)} short files ran in ${grouped.length} groups: build/test-groups/, test/support/short-file-groups.ts)`);
    console.log(`ava: ${lastRun.wall_s.toFixed(0)} s wall, ${avaCpu.toFixed(0)} s CPU (ava, its workers and their children); load average ${end.load}`);
  }

  const record = buildRecord({
    target: o.target === "make test" ? "make test" : "test/run.sh",
    args,
    startedAt: before.at,
    finishedAt: end.at,
    git: { commitStart: before.commit, commitEnd: end.commit, statusStart: before.status, statusEnd: end.status },
    wallS: num(o.wall) ?? 0,
    userS: cpuEnd.user,
    systemS: cpuEnd.system,
    loadStart: before.load,
    loadEnd: end.load,
    checks,
    ava: avaRan ? { exit: num(o["ava-exit"]), wallS: num(o["ava-wall"]) ?? 0, cpuS: avaCpu } : null,
    tap,
    rows,
    testFiles: testFiles(),
    before,
    after: end,
  });
  writeFileSync(path.join(REPO, RECORD_FILE), JSON.stringify(record, null, 1) + "\n");
  if (record.target === "make test") {
    // Facts only: whether this counts as warm is the bench's to judge (bench/test-time.ts).
    const w = record.warm;
    const missing = Object.entries(w).filter(([, v]) => v === false).map(([k]) => k);
    console.log(
      `make test: ${record.wall_s.toFixed(0)} s wall, ${record.cpu_s.toFixed(0)} s CPU (${record.user_s.toFixed(0)} user, ${record.system_s.toFixed(0)} system); ` +
        `load average ${before.load} at the start, ${end.load} at the end; ${missing.length === 0 ? "every cache there" : `not there: ${missing.join(", ")}`}; ` +
        `loader cache ${w.loader_cached} files, ${w.loader_compiled} compiled anew; ${record.dirty ? "uncommitted changes" : "clean tree"}; kept in ${RECORD_FILE} (make bench SECTIONS=test-time judges it)`,
    );
  }
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv[2] === "--before") process.stdout.write(JSON.stringify(snapshot()));
  else after(process.argv.slice(2));
}
