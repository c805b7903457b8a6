/**
 * Claim: the record test/run.sh keeps of a run (test/support/run-record.js, plain JavaScript) is
 * the one the bench's test-time section reads (bench/test-time.ts): same file, every field
 * readable; and what the writer decides from the raw measurements is right — files in a group
 * count as run, a file that never reported is named, known-failing tests are not counted as
 * passed, and a run is warm only when every cache it uses was there at its start and the device
 * image was not rebuilt.
 */
import test from "ava";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { judgeTestRun, parseTestRun, TEST_RUN_FILE } from "../../bench/test-time.ts";
// @ts-expect-error plain JavaScript without declarations (test/run.sh runs it under plain node)
import { buildRecord, RECORD_FILE } from "../support/run-record.js";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const HEAD = "0123456789abcdef0123456789abcdef01234567";
const TSC = ["moddable.tsbuildinfo", "root.tsbuildinfo", "standins.tsbuildinfo"];

/** The raw measurements of a warm, clean, whole `make test` of three files (two in a group). */
function raw() {
  return {
    target: "make test",
    args: [] as string[],
    startedAt: "2026-12-06T02:00:00.000Z",
    finishedAt: "2026-12-06T02:04:10.000Z",
    git: { commitStart: HEAD, commitEnd: HEAD, statusStart: "", statusEnd: "" },
    wallS: 250.4,
    userS: 300.2,
    systemS: 90.1,
    loadStart: "1.50 1.20 1.10",
    loadEnd: "8.46 8.38 11.05",
    checks: { exit: 0, wallS: 11.8 } as { exit: number; wallS: number } | null,
    ava: { exit: 0, wallS: 238, cpuS: 370 } as { exit: number; wallS: number; cpuS: number } | null,
    tap: { pass: 12, fail: 0, skip: 0 } as { pass: number; fail: number; skip: number } | null,
    rows: [
      { file: "test/a/slow.test.ts", wall_ms: 90_000, cpu_ms: 8_000, known_failing: 1 },
      { file: "build/test-groups/01.test.js", wall_ms: 20_000, cpu_ms: 15_000, members: { "test/b/one.test.ts": 100, "test/b/two.test.ts": 200 } },
    ] as Array<Record<string, unknown>>,
    testFiles: ["test/a/slow.test.ts", "test/b/one.test.ts", "test/b/two.test.ts"],
    before: { nodeModules: true, fileTimes: true, loaderEntries: 640, tscCaches: TSC, deviceStamp: "1765000000" },
    after: { loaderEntries: 642, tscCaches: TSC, deviceStamp: "1765000000" },
  };
}

const read = (r: ReturnType<typeof raw>) => parseTestRun(JSON.stringify(buildRecord(r)), TEST_RUN_FILE);

test("the writer writes the file the bench reads, and test/run.sh runs the writer", (t) => {
  t.is(RECORD_FILE, TEST_RUN_FILE);
  t.regex(readFileSync(path.join(REPO, "test/run.sh"), "utf8"), /node test\/support\/run-record\.js --after/);
});

test("a warm whole run: read back whole, judged on its wall time", (t) => {
  const run = read(raw());
  t.is(run.target, "make test");
  t.is(run.wall_s, 250.4);
  t.is(run.cpu_s, 390.3);
  t.deepEqual(run.load_start, [1.5, 1.2, 1.1]);
  t.deepEqual(run.files, { ran: 3, found: 3, missing: [] });
  t.deepEqual(run.tests, { passed: 11, failed: 0, known_failing: 1, skipped: 0 });
  t.deepEqual(run.warm, { node_modules: true, file_times: true, loader_cached: 640, loader_compiled: 2, tsc_cache: true, device_build: true });
  t.deepEqual(
    run.slowest.map((s) => s.file),
    ["test/a/slow.test.ts", "build/test-groups/01.test.js: 2 short files, test/b/one.test.ts … test/b/two.test.ts"],
  );
  t.deepEqual(judgeTestRun(run, HEAD), { verdict: "pass", reasons: [], measured: judgeTestRun(run, HEAD).measured });
});

test("a file that never reported is named, and the run is partial", (t) => {
  const r = raw();
  r.testFiles.push("test/c/lost.test.ts");
  const run = read(r);
  t.deepEqual(run.files, { ran: 3, found: 4, missing: ["test/c/lost.test.ts"] });
  t.is(judgeTestRun(run, HEAD).verdict, "unmeasured");
});

const cold: Array<[what: string, change: (r: ReturnType<typeof raw>) => void, field: "tsc_cache" | "device_build" | "loader_cached" | "loader_compiled" | "file_times" | "node_modules", value: boolean | number | null]> = [
  ["a type-check cache made by the run", (r) => void (r.before.tscCaches = TSC.slice(1)), "tsc_cache", false],
  ["no type-check cache at all", (r) => void (r.before.tscCaches = []), "tsc_cache", false],
  ["the device image rebuilt (its stamp rewritten)", (r) => void (r.after.deviceStamp = "1765000999"), "device_build", false],
  ["no device image before the run", (r) => void (r.before.deviceStamp = ""), "device_build", false],
  ["an empty loader cache", (r) => void ((r.before.loaderEntries = 0), (r.after.loaderEntries = 600)), "loader_cached", 0],
  ["a loader cache of another checkout (most files compiled anew)", (r) => void (r.after.loaderEntries = 640 + 590), "loader_compiled", 590],
  ["no per-file times", (r) => void (r.before.fileTimes = false), "file_times", false],
  ["npm packages installed", (r) => void (r.before.nodeModules = false), "node_modules", false],
  ["no checks run (test/run.sh alone): no type-check cache used", (r) => void ((r.target = "test/run.sh"), (r.checks = null)), "tsc_cache", null],
  ["no checks run (test/run.sh alone): no device image built", (r) => void ((r.target = "test/run.sh"), (r.checks = null)), "device_build", null],
];

for (const [what, change, field, value] of cold) {
  test(`${what}: warm.${field} is ${value}`, (t) => {
    const r = raw();
    change(r);
    const run = read(r);
    t.is(run.warm[field], value);
    t.is(judgeTestRun(run, HEAD).verdict, "unmeasured");
  });
}

test("a tree changed during the run, or a commit made during it, is dirty", (t) => {
  const changed = raw();
  changed.git.statusEnd = " M bench/run.ts\n";
  t.deepEqual([read(changed).dirty, read(changed).dirty_files], [true, ["M bench/run.ts"]]);
  const committed = raw();
  committed.git.commitEnd = "fedcba9876543210fedcba9876543210fedcba98";
  t.true(read(committed).dirty);
  t.false(read(raw()).dirty);
});

test("ava stopped before its summary, or never ran: no test counts", (t) => {
  const stopped = raw();
  stopped.tap = null;
  t.is(read(stopped).tests, null);
  const checksFailed = raw();
  checksFailed.checks = { exit: 2, wallS: 30 };
  checksFailed.ava = null;
  checksFailed.tap = null;
  checksFailed.rows = [];
  const run = read(checksFailed);
  t.deepEqual([run.ava, run.tests, run.files.ran], [null, null, 0]);
});
