/**
 * Claim: the bench's "make test" row (issue 15 §4: ≤ 6 min from a warm clone, every assertion
 * kept) gives ✅ or ❌ only for a record of a whole, warm, passing `make test` on a clean tree at
 * the bench's own commit, judged on its wall time against 360 s; any other record is ❔ "not
 * measured" — never a pass, however fast — and the row says why. One row of the table per rule:
 * removing a rule from `judgeTestRun` turns its row's ❔ into ✅ and fails it.
 */
import test from "ava";
import { judgeTestRun, TEST_TIME_TARGET_S, type TestRun } from "../../bench/test-time.ts";
import { goodTestRun, HEAD } from "./support/test-run-record.ts";

/** A record that passes every rule (the shared fixture). */
const good = goodTestRun;

type Row = [rule: string, change: (r: TestRun) => void, verdict: "pass" | "fail" | "unmeasured", says: RegExp];

const rows: Row[] = [
  ["a whole warm clean passing run within the target", () => {}, "pass", /^5 min 0 s wall/],
  ["exactly the target is kept", (r) => void (r.wall_s = TEST_TIME_TARGET_S), "pass", /^6 min 0 s wall/],
  ["a second over the target is broken", (r) => void (r.wall_s = TEST_TIME_TARGET_S + 1), "fail", /^6 min 1 s wall/],
  ["test/run.sh alone did not time the type-checks and device check", (r) => void ((r.target = "test/run.sh"), (r.checks = null)), "unmeasured", /not a make test run/],
  ["some files only, named on the command line", (r) => void (r.args = ["test/bench"]), "unmeasured", /partial run: test\/run\.sh test\/bench/],
  ["some files never reported (a worker lost)", (r) => void (r.files = { ran: 379, found: 380, missing: ["test/a.test.ts"] }), "unmeasured", /partial run: 379 of 380 test files.*test\/a\.test\.ts/],
  ["a failed test", (r) => void (r.tests!.failed = 2), "unmeasured", /2 tests failed/],
  ["ava exited non-zero without a failed test", (r) => void (r.ava!.exit = 1), "unmeasured", /ava exited with status 1/],
  ["ava stopped before its summary", (r) => void (r.tests = null), "unmeasured", /ava stopped before its summary/],
  ["the type-checks or device check failed, so ava never ran", (r) => void ((r.checks = { exit: 2, wall_s: 40 }), (r.ava = null), (r.tests = null)), "unmeasured", /type-checks or the device check failed \(exit status 2\)/],
  ["a skipped test is an assertion not run", (r) => void (r.tests!.skipped = 3), "unmeasured", /3 tests skipped/],
  ["a dirty tree", (r) => void ((r.dirty = true), (r.dirty_files = ["M bench/run.ts"])), "unmeasured", /uncommitted changes \(M bench\/run\.ts\)/],
  ["another commit", (r) => void (r.commit = "fedcba9876543210fedcba9876543210fedcba98"), "unmeasured", /commit fedcba987654, not this tree's 0123456789ab/],
  ["no commit (not a git checkout)", (r) => void (r.commit = null), "unmeasured", /commit unknown, not this tree's 0123456789ab/],
  ["cold: npm packages installed by the run", (r) => void (r.warm.node_modules = false), "unmeasured", /cold: .*npm packages/],
  ["cold: no per-file times (order and grouping by name)", (r) => void (r.warm.file_times = false), "unmeasured", /cold: .*build\/test-times\.json/],
  ["cold: empty loader cache", (r) => void ((r.warm.loader_cached = 0), (r.warm.loader_compiled = 600)), "unmeasured", /cold: .*build\/ts-cache\/ empty/],
  ["cold: a loader cache of other sources (the run compiled 592 files)", (r) => void ((r.warm.loader_cached = 645), (r.warm.loader_compiled = 592)), "unmeasured", /cold: .*the loader compiled 592 files, more than a tenth of the 645 in build\/ts-cache\//],
  ["a tenth of the cache compiled anew is still warm", (r) => void ((r.warm.loader_cached = 640), (r.warm.loader_compiled = 64)), "pass", /^5 min 0 s wall/],
  ["cold: a type-check pass without its cache", (r) => void (r.warm.tsc_cache = false), "unmeasured", /cold: .*build\/tsc\//],
  ["cold: the device image rebuilt", (r) => void (r.warm.device_build = false), "unmeasured", /cold: .*device image rebuilt/],
  ["a slow run with a failure is not measured rather than broken", (r) => void ((r.wall_s = 900), (r.tests!.failed = 1)), "unmeasured", /^15 min 0 s wall.*1 test failed/],
];

for (const [rule, change, verdict, says] of rows) {
  test(`${rule}: ${verdict}`, (t) => {
    const record = good();
    change(record);
    const judged = judgeTestRun(record, HEAD);
    t.is(judged.verdict, verdict);
    t.regex(judged.measured, says);
    if (verdict === "unmeasured") t.true(judged.reasons.length > 0, "a ❔ says why");
    else t.deepEqual(judged.reasons, []);
  });
}

test("the row shows the figure with its CPU and load, the tests and the commit", (t) => {
  const { measured } = judgeTestRun(good(), HEAD);
  t.regex(measured, /520 s CPU/);
  t.regex(measured, /load 1\.5 → 8\.4/);
  t.regex(measured, /2,330 passed, 1 known failing/);
  t.regex(measured, /0123456789ab/);
});

test("every ❔ reason of a record is given, not only the first", (t) => {
  const record = good();
  record.dirty = true;
  record.dirty_files = ["?? notes.txt"];
  record.warm.loader_cached = 0;
  record.tests!.failed = 1;
  const judged = judgeTestRun(record, HEAD);
  t.is(judged.verdict, "unmeasured");
  t.is(judged.reasons.length, 3);
});

test("a bench that cannot tell its own commit measures nothing", (t) => {
  const judged = judgeTestRun(good(), "");
  t.is(judged.verdict, "unmeasured");
  t.regex(judged.measured, /this tree's commit is unknown/);
});
