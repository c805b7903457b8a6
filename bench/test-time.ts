/**
 * Section "test-time" (issue 15 §4): the last recorded `make test` against its target, "≤ 6 minutes
 * from a warm clone, without dropping any assertion". It reads the record `test/run.sh` keeps of
 * its last run ({@link TEST_RUN_FILE}, written by `test/support/run-record.js`) and never runs the
 * suite itself: `make bench` runs its sections side by side, and a suite run among them would
 * distort both.
 *
 * The figure is the wall time of the whole target (type-checks, device check and ava), with its
 * CPU and the load average beside it. The verdict is ✅ or ❌ (wall ≤ 360 s) only for a record of a
 * whole, warm, passing `make test` on a clean tree at this tree's commit; anything else is ❔
 * "not measured", never a pass, and the row says why ({@link judgeTestRun}). What "warm" means is
 * {@link TestRunWarmth}; bench/README.md ("Test time") says the same in prose.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { fmtInt, fmtNum } from "./format.ts";
import type { SectionResult, SectionRunner, SummaryRow, Table } from "./section.ts";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Where test/run.sh keeps the record of its last run (repo-relative; build/ is ignored by git). */
export const TEST_RUN_FILE = "build/test-run.json";

/** The target, in wall seconds: "`make test` ≤ 6 minutes from a warm clone" (issue 15 §4). */
export const TEST_TIME_TARGET_S = 6 * 60;

/**
 * The share of the loader cache a warm run may compile anew: a few edited sources are a warm
 * clone; a cache of another checkout (the first run here compiled 592 files over a cache of 645,
 * bench/README.md "Test time") or of long-gone sources is not.
 */
export const LOADER_WARM_SHARE = 0.1;

/** The record's format version; a record of another version is refused, naming the field. */
export const TEST_RUN_FORMAT = 1;

/** The stable id of a record the section cannot read (docs/errors.md). */
export const E_BENCH_TEST_RECORD = "E_BENCH_TEST_RECORD";

/**
 * Which caches a run found at its start ("warm" is all of them true; `null` where the run did not
 * use that cache: test/run.sh alone runs no type-check nor device check).
 */
export interface TestRunWarmth {
  /** `node_modules/` present and not older than package-lock.json: `make test` installed no npm package. */
  node_modules: boolean;
  /** `build/test-times.json` held per-file times: ava started the longest files first and grouped the short ones. */
  file_times: boolean;
  /** Files in `build/ts-cache/` (the test workers' compiled TypeScript) at the start. */
  loader_cached: number;
  /**
   * Files the loader compiled during the run (cache misses: changed or new sources, or a cache
   * filled by another checkout, since a file's path is part of its key). Warm while at most
   * {@link LOADER_WARM_SHARE} of `loader_cached`.
   */
  loader_compiled: number;
  /** Every type-check pass's cache (`build/tsc/*.tsbuildinfo`) was there before the run. */
  tsc_cache: boolean | null;
  /** `make check-device` reused its build (`build/check-device/stamp` there and not rewritten). */
  device_build: boolean | null;
}

/** One of the slowest test files (or groups of short files) of the run. */
export interface SlowFile {
  /** Repo-relative path; a group reads "build/test-groups/NN.test.js: N short files, first … last". */
  file: string;
  /** Wall seconds from the worker's start to its last test's end. */
  wall_s: number;
  /** The worker process's own CPU seconds (not its children's). */
  cpu_s: number;
}

/** The record of one run of test/run.sh (`make test` runs it with `--make-test`), as {@link TEST_RUN_FILE} holds it. */
export interface TestRun {
  format: 1;
  /** "make test": type-checks, device check and ava, timed together; "test/run.sh": ava alone. */
  target: "make test" | "test/run.sh";
  /** ava's arguments; empty for every test file. */
  args: string[];
  /** ISO times of the run's start and end. */
  started_at: string;
  finished_at: string;
  /** The commit checked out at the start (40 hex digits), or null outside a git checkout. */
  commit: string | null;
  /** Uncommitted or untracked changes at the start or the end, or a commit made during the run. */
  dirty: boolean;
  /** `git status --porcelain` lines behind `dirty` (at most 10). */
  dirty_files: string[];
  /** Wall seconds of the whole run; CPU seconds (user + system) of every process it waited for. */
  wall_s: number;
  cpu_s: number;
  user_s: number;
  system_s: number;
  /** Load average (1, 5, 15 min) at the start and at the end. */
  load_start: [number, number, number];
  load_end: [number, number, number];
  /** The type-checks and device check (`make test-checks`): exit status and wall seconds; null when not run. */
  checks: { exit: number; wall_s: number } | null;
  /** ava: exit status, wall seconds and CPU seconds; null when it did not run (the checks failed). */
  ava: { exit: number; wall_s: number; cpu_s: number } | null;
  /** Test counts from ava's summary (known-failing tests are not counted as passed); null when ava gave none. */
  tests: { passed: number; failed: number; known_failing: number; skipped: number } | null;
  /** Test files that reported their times, of those found under test/; the first few missing. */
  files: { ran: number; found: number; missing: string[] };
  warm: TestRunWarmth;
  /** The five slowest test files (or groups) of this run, slowest first. */
  slowest: SlowFile[];
}

/** A record the section cannot read: names the file and the field (`field` is "" for the whole record). */
export class TestRunRecordError extends Error {
  override get name() {
    return "TestRunRecordError";
  }
  readonly id = E_BENCH_TEST_RECORD;
  constructor(
    readonly file: string,
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

type Check = (v: unknown) => boolean;
const isNumber: Check = (v) => typeof v === "number" && Number.isFinite(v) && v >= 0;
const isCount: Check = (v) => Number.isInteger(v) && (v as number) >= 0;
const isExit: Check = (v) => Number.isInteger(v);
const isBool: Check = (v) => typeof v === "boolean";
const isString: Check = (v) => typeof v === "string";
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Reads a record's text.
 * @param text the file's content
 * @param file its path, for messages
 * @returns the record, every field checked
 * @throws TestRunRecordError (E_BENCH_TEST_RECORD) when the text is not JSON, or a field is missing
 *   or of the wrong type; the message names the file and the field and says what was expected.
 */
export function parseTestRun(text: string, file: string): TestRun {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new TestRunRecordError(file, "", `${file} is not JSON (${err instanceof Error ? err.message : String(err)}); run make test again to rewrite it`);
  }
  if (!isObject(data)) throw new TestRunRecordError(file, "", `${file}: the record is not a JSON object; run make test again to rewrite it`);
  const field = (obj: Record<string, unknown>, name: string, at: string, ok: Check, expected: string): unknown => {
    const where = at === "" ? name : `${at}.${name}`;
    if (!(name in obj)) throw new TestRunRecordError(file, where, `${file}: field ${where} is missing (${expected})`);
    const v = obj[name];
    if (!ok(v)) throw new TestRunRecordError(file, where, `${file}: field ${where} is ${JSON.stringify(v)}, not ${expected}`);
    return v;
  };
  const nested = (obj: Record<string, unknown>, name: string, at: string, nullable: boolean): Record<string, unknown> | null => {
    const v = field(obj, name, at, (x) => isObject(x) || (nullable && x === null), nullable ? "an object or null" : "an object");
    return v as Record<string, unknown> | null;
  };
  const format = data.format;
  if (format !== TEST_RUN_FORMAT) {
    if (!("format" in data)) throw new TestRunRecordError(file, "format", `${file}: field format is missing (${TEST_RUN_FORMAT})`);
    throw new TestRunRecordError(file, "format", `${file}: field format is ${JSON.stringify(format)}, this bench reads format ${TEST_RUN_FORMAT}; run make test again to rewrite it`);
  }
  const load: Check = (v) => Array.isArray(v) && v.length === 3 && v.every(isNumber);
  const strings: Check = (v) => Array.isArray(v) && v.every(isString);
  const d = data;
  field(d, "target", "", (v) => v === "make test" || v === "test/run.sh", '"make test" or "test/run.sh"');
  field(d, "args", "", strings, "a list of strings");
  field(d, "started_at", "", isString, "an ISO time");
  field(d, "finished_at", "", isString, "an ISO time");
  field(d, "commit", "", (v) => v === null || (typeof v === "string" && /^[0-9a-f]{40}$/.test(v)), "a commit (40 hex digits) or null");
  field(d, "dirty", "", isBool, "true or false");
  field(d, "dirty_files", "", strings, "a list of strings");
  for (const name of ["wall_s", "cpu_s", "user_s", "system_s"]) field(d, name, "", isNumber, "seconds, a number ≥ 0");
  field(d, "load_start", "", load, "three load averages (1, 5, 15 min)");
  field(d, "load_end", "", load, "three load averages (1, 5, 15 min)");
  const checks = nested(d, "checks", "", true);
  if (checks) {
    field(checks, "exit", "checks", isExit, "an exit status");
    field(checks, "wall_s", "checks", isNumber, "seconds, a number ≥ 0");
  }
  const ava = nested(d, "ava", "", true);
  if (ava) {
    field(ava, "exit", "ava", isExit, "an exit status");
    field(ava, "wall_s", "ava", isNumber, "seconds, a number ≥ 0");
    field(ava, "cpu_s", "ava", isNumber, "seconds, a number ≥ 0");
  }
  const tests = nested(d, "tests", "", true);
  if (tests) for (const name of ["passed", "failed", "known_failing", "skipped"]) field(tests, name, "tests", isCount, "a count");
  const files = nested(d, "files", "", false)!;
  field(files, "ran", "files", isCount, "a count");
  field(files, "found", "files", isCount, "a count");
  field(files, "missing", "files", strings, "a list of strings");
  const warm = nested(d, "warm", "", false)!;
  for (const name of ["node_modules", "file_times"]) field(warm, name, "warm", isBool, "true or false");
  for (const name of ["loader_cached", "loader_compiled"]) field(warm, name, "warm", isCount, "a count");
  for (const name of ["tsc_cache", "device_build"]) field(warm, name, "warm", (v) => v === null || isBool(v), "true, false or null");
  const slowest = field(d, "slowest", "", Array.isArray, "a list") as unknown[];
  slowest.forEach((s, i) => {
    if (!isObject(s)) throw new TestRunRecordError(file, `slowest[${i}]`, `${file}: field slowest[${i}] is ${JSON.stringify(s)}, not an object`);
    field(s, "file", `slowest[${i}]`, isString, "a file name");
    field(s, "wall_s", `slowest[${i}]`, isNumber, "seconds, a number ≥ 0");
    field(s, "cpu_s", `slowest[${i}]`, isNumber, "seconds, a number ≥ 0");
  });
  return d as unknown as TestRun;
}

/** The verdict on one record: ✅ `pass`, ❌ `fail`, or ❔ `unmeasured` with its reasons. */
export interface TestTimeJudgement {
  verdict: "pass" | "fail" | "unmeasured";
  /** Why the record does not measure the target (empty for `pass` and `fail`). */
  reasons: string[];
  /** The row's "measured" cell: the figure, CPU, load, tests and commit, then any reasons. */
  measured: string;
}

/** "4 min 49 s" */
function minSec(s: number): string {
  const whole = Math.round(s);
  return `${Math.floor(whole / 60)} min ${whole % 60} s`;
}

const plural = (n: number, one: string, many: string) => `${fmtInt(n)} ${n === 1 ? one : many}`;

/**
 * Judges a record against the target. ❔ (`unmeasured`), with every reason that applies, when the
 * record is not of a whole `make test` (test/run.sh alone, files named, or a file that never
 * reported), its checks failed, ava gave no summary or a non-zero status, a test failed or was
 * skipped (an assertion that did not run), the tree was dirty, the commit is not `head`, or the run
 * was cold ({@link TestRunWarmth}); otherwise ✅ when the wall time is ≤ {@link TEST_TIME_TARGET_S},
 * ❌ above. Known-failing tests (`test.failing`) ran their assertions and do not void a run.
 * @param run the record
 * @param head the commit the bench runs on (40 hex digits), "" when unknown
 */
export function judgeTestRun(run: TestRun, head: string): TestTimeJudgement {
  const reasons: string[] = [];
  if (run.target !== "make test") reasons.push("not a make test run (test/run.sh alone: the type-checks and the device check were not timed)");
  if (run.args.length > 0) reasons.push(`partial run: test/run.sh ${run.args.join(" ")}`);
  else if (run.files.ran < run.files.found) reasons.push(`partial run: ${fmtInt(run.files.ran)} of ${fmtInt(run.files.found)} test files reported (missing: ${run.files.missing.join(", ")}${run.files.found - run.files.ran > run.files.missing.length ? ", …" : ""})`);
  if (run.checks !== null && run.checks.exit !== 0) reasons.push(`the type-checks or the device check failed (exit status ${run.checks.exit}); ava did not run`);
  else if (run.tests === null) reasons.push(`ava stopped before its summary${run.ava ? ` (exit status ${run.ava.exit})` : ""}`);
  else {
    if (run.tests.failed > 0) reasons.push(`${plural(run.tests.failed, "test", "tests")} failed`);
    else if (run.ava !== null && run.ava.exit !== 0) reasons.push(`ava exited with status ${run.ava.exit}`);
    if (run.tests.skipped > 0) reasons.push(`${plural(run.tests.skipped, "test", "tests")} skipped (assertions not run)`);
  }
  if (run.dirty) {
    const shown = run.dirty_files.slice(0, 3).join(", ") + (run.dirty_files.length > 3 ? ", and others" : "");
    reasons.push(`uncommitted changes (${shown || "a commit made during the run"})`);
  }
  if (head === "") reasons.push("this tree's commit is unknown");
  else if (run.commit !== head) reasons.push(`of commit ${run.commit?.slice(0, 12) ?? "unknown"}, not this tree's ${head.slice(0, 12)}`);
  const w = run.warm;
  const cold = [
    ...(w.node_modules ? [] : ["npm packages installed by the run"]),
    ...(w.file_times ? [] : ["no per-file times in build/test-times.json"]),
    ...(w.loader_cached === 0
      ? ["build/ts-cache/ empty"]
      : w.loader_compiled > LOADER_WARM_SHARE * w.loader_cached
        ? [`the loader compiled ${fmtInt(w.loader_compiled)} files, more than a tenth of the ${fmtInt(w.loader_cached)} in build/ts-cache/`]
        : []),
    ...(w.tsc_cache === false ? ["a type-check pass without its cache in build/tsc/"] : []),
    ...(w.device_build === false ? ["the device image rebuilt by check-device"] : []),
  ];
  if (cold.length > 0) reasons.push(`cold: ${cold.join(", ")}`);

  const tests = run.tests
    ? `${fmtInt(run.tests.passed)} passed${run.tests.known_failing ? `, ${fmtInt(run.tests.known_failing)} known failing` : ""}${run.tests.failed ? `, ${fmtInt(run.tests.failed)} failed` : ""}${run.tests.skipped ? `, ${fmtInt(run.tests.skipped)} skipped` : ""}`
    : "no test counts";
  const figure = `${minSec(run.wall_s)} wall, ${fmtInt(run.cpu_s)} s CPU, load ${fmtNum(run.load_start[0])} → ${fmtNum(run.load_end[0])}; ${tests}; ${run.finished_at.slice(0, 16).replace("T", " ")} UTC on \`${run.commit?.slice(0, 12) ?? "unknown"}\``;
  if (reasons.length > 0) return { verdict: "unmeasured", reasons, measured: `${figure} — not measured: ${reasons.join("; ")}` };
  return { verdict: run.wall_s <= TEST_TIME_TARGET_S ? "pass" : "fail", reasons, measured: figure };
}

const WHAT = "`make test`, whole target, warm clone";
const TARGET = `≤ ${TEST_TIME_TARGET_S / 60} min wall, every assertion kept`;

/**
 * The section's result from the record in `file`, judged against `head`. A missing or unreadable
 * record gives one ❔ row naming the file (and the field, E_BENCH_TEST_RECORD) and no tables.
 * @param file the record's path
 * @param head the commit the bench runs on, "" when unknown
 */
export function testTimeSection(file: string, head: string): Omit<SectionResult, "wallS" | "cpuS" | "finishedAt" | "commit"> {
  const base = {
    id: "test-time" as const,
    title: "Test time (make test)",
    method:
      `The last \`make test\` as test/run.sh recorded it in ${TEST_RUN_FILE} (bench/test-time.ts reads it; the bench never runs the suite, which would distort the sections running beside it). ` +
      `The figure is the wall time of the whole target — type-checks and device check side by side, then ava — with the CPU of every process it waited for and the 1-minute load average at its start and end. ` +
      `✅/❌ against ${TEST_TIME_TARGET_S / 60} min only for a whole, warm, passing run on a clean tree at this commit; otherwise ❔ not measured, with the reason. ` +
      "Warm: npm packages, per-file times (build/test-times.json), the loader cache (build/ts-cache/: the run compiled at most a tenth of it anew) and every type-check cache (build/tsc/) present at the start, and the device image not rebuilt.",
    plots: [],
    seeds: [],
    failures: [],
  };
  let run: TestRun;
  try {
    if (!existsSync(file)) throw new TestRunRecordError(file, "", `no record: ${file} does not exist; run make test, then make bench`);
    run = parseTestRun(readFileSync(file, "utf8"), file);
  } catch (err) {
    if (!(err instanceof TestRunRecordError)) throw err;
    const row: SummaryRow = { what: WHAT, target: TARGET, measured: `${err.message} (${err.id})`, verdict: "unmeasured" };
    return { ...base, summary: [row], tables: [], notes: [], figures: { record: null, error: err.message } };
  }
  const judged = judgeTestRun(run, head);
  const summary: SummaryRow[] = [{ what: WHAT, target: TARGET, measured: judged.measured, verdict: judged.verdict }];
  const slowest: Table = {
    title: "Slowest test files of that run",
    columns: ["File", "Wall s", "Worker CPU s"],
    rows: run.slowest.map((s) => [s.file, fmtNum(s.wall_s), fmtNum(s.cpu_s)]),
    note: "Wall time from the worker's start to its last test; CPU of the worker process itself, not of the programs it starts (bell, xsnap, mosquitto), so a file that waits on them shows wall ≫ CPU. A group is a worker running a dozen or so short files (test/support/short-file-groups.ts).",
  };
  const yes = (v: boolean | null) => (v === null ? "not used" : v ? "yes" : "**no**");
  const detail: Table = {
    title: "That run",
    columns: ["What", "Value"],
    rows: [
      ["target", run.target + (run.args.length ? ` ${run.args.join(" ")}` : "")],
      ["started → finished (UTC)", `${run.started_at.slice(0, 19).replace("T", " ")} → ${run.finished_at.slice(11, 19)}`],
      ["commit", `\`${run.commit ?? "unknown"}\`${run.dirty ? ` with uncommitted changes: ${run.dirty_files.join(", ")}` : ""}`],
      ["wall", `${fmtNum(run.wall_s)} s (type-checks and device check ${run.checks ? `${fmtNum(run.checks.wall_s)} s` : "not run"}, ava ${run.ava ? `${fmtNum(run.ava.wall_s)} s` : "not run"})`],
      ["CPU", `${fmtNum(run.cpu_s)} s (${fmtNum(run.user_s)} user, ${fmtNum(run.system_s)} system)`],
      ["load average (1, 5, 15 min)", `${run.load_start.join(" ")} at the start, ${run.load_end.join(" ")} at the end`],
      ["tests", run.tests ? `${fmtInt(run.tests.passed)} passed, ${fmtInt(run.tests.failed)} failed, ${fmtInt(run.tests.known_failing)} known failing, ${fmtInt(run.tests.skipped)} skipped` : "no counts"],
      ["test files", `${fmtInt(run.files.ran)} of ${fmtInt(run.files.found)} reported`],
      ["npm packages already installed", yes(run.warm.node_modules)],
      ["per-file times (build/test-times.json)", yes(run.warm.file_times)],
      ["loader cache (build/ts-cache/)", `${fmtInt(run.warm.loader_cached)} files at the start; ${fmtInt(run.warm.loader_compiled)} compiled during the run`],
      ["type-check caches (build/tsc/)", yes(run.warm.tsc_cache)],
      ["device image reused by check-device", yes(run.warm.device_build)],
    ],
  };
  return {
    ...base,
    summary,
    tables: [slowest, detail],
    notes: judged.reasons.map((r) => `Not measured: ${r}.`),
    figures: { record: run, verdict: judged.verdict, reasons: judged.reasons },
  };
}

function gitHead(): string {
  try {
    return execFileSync("git", ["rev-parse", "HEAD"], { cwd: REPO, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return "";
  }
}

export const run: SectionRunner = async ({ log }) => {
  const file = path.join(REPO, TEST_RUN_FILE);
  log(`reading ${path.relative(process.cwd(), file)}`);
  return testTimeSection(file, gitHead());
};
