/**
 * Claim: the bench's test-time section reads the last `make test` record and never runs the
 * suite; when the record is missing, is not JSON, or has a field missing or of the wrong type, the
 * section still finishes, with one ❔ row whose text names the file and the field (E_BENCH_TEST_RECORD)
 * and no table of slowest files; a good record gives the row and the five slowest files.
 */
import test from "ava";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { E_BENCH_TEST_RECORD, parseTestRun, TestRunRecordError, testTimeSection, type TestRun } from "../../bench/test-time.ts";
import { goodTestRun, HEAD } from "./support/test-run-record.ts";

const good = goodTestRun();
/** The shared good record, with no known failure, a cache compiled nothing anew, and five slowest files. */
const record: TestRun = {
  ...good,
  tests: { passed: 2330, failed: 0, known_failing: 0, skipped: 0 },
  warm: { node_modules: true, file_times: true, loader_cached: 640, loader_compiled: 0, tsc_cache: true, device_build: true },
  slowest: Array.from({ length: 5 }, (_, i) => ({ file: `test/slow-${i}.test.ts`, wall_s: 100 - i, cpu_s: 5 + i })),
};

function withFile(text: string | undefined, check: (file: string) => void): void {
  const dir = mkdtempSync(path.join(os.tmpdir(), "wb-test-time-"));
  try {
    const file = path.join(dir, "test-run.json");
    if (text !== undefined) writeFileSync(file, text);
    check(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const without = (field: string): string => {
  const copy = structuredClone(record) as unknown as Record<string, unknown>;
  delete copy[field];
  return JSON.stringify(copy);
};

const garbled: Array<[what: string, text: string | undefined, says: RegExp]> = [
  ["no record", undefined, /no record: .*test-run\.json does not exist.*run make test/],
  ["not JSON", "{ wall_s: 3", /test-run\.json is not JSON/],
  ["a JSON array", "[]", /test-run\.json: the record is not a JSON object/],
  ["wall_s missing", without("wall_s"), /test-run\.json: field wall_s is missing \(seconds/],
  ["tests.failed a string", JSON.stringify({ ...record, tests: { ...record.tests, failed: "two" } }), /test-run\.json: field tests\.failed is "two", not a count/],
  ["a load average of two numbers", JSON.stringify({ ...record, load_start: [1, 2] }), /test-run\.json: field load_start is \[1,2\]/],
  ["warm.device_build a string", JSON.stringify({ ...record, warm: { ...record.warm, device_build: "yes" } }), /test-run\.json: field warm\.device_build is "yes"/],
  ["a record of a newer format", JSON.stringify({ ...record, format: 2 }), /test-run\.json: field format is 2, this bench reads format 1/],
  ["slowest[1].file missing", JSON.stringify({ ...record, slowest: [record.slowest[0], { wall_s: 1, cpu_s: 1 }] }), /test-run\.json: field slowest\[1\]\.file is missing/],
];

for (const [what, text, says] of garbled) {
  test(`${what}: one ❔ row naming the file and field, no table`, (t) => {
    withFile(text, (file) => {
      const result = testTimeSection(file, HEAD);
      t.is(result.summary.length, 1);
      t.is(result.summary[0]!.verdict, "unmeasured");
      t.regex(result.summary[0]!.measured, says);
      t.true(result.summary[0]!.measured.includes(file), "names the file by its path");
      t.is(result.tables.filter((x) => x.title.startsWith("Slowest")).length, 0);
    });
  });
}

test("parseTestRun throws a TestRunRecordError with its id and field", (t) => {
  const err = t.throws(() => parseTestRun(without("commit"), "build/test-run.json"), { instanceOf: TestRunRecordError });
  t.is(err!.id, E_BENCH_TEST_RECORD);
  t.is(err!.field, "commit");
  t.regex(err!.message, /^build\/test-run\.json: field commit is missing/);
});

test("a good record: the row, and the five slowest files in order", (t) => {
  withFile(JSON.stringify(record), (file) => {
    const result = testTimeSection(file, HEAD);
    t.is(result.summary.length, 1);
    t.is(result.summary[0]!.verdict, "pass");
    t.regex(result.summary[0]!.target, /≤ 6 min/);
    const slowest = result.tables.find((x) => x.title.startsWith("Slowest"));
    t.deepEqual(
      slowest?.rows.map((r) => r[0]),
      record.slowest.map((s) => s.file),
    );
    t.deepEqual(result.seeds, []);
  });
});
