/**
 * What the two test-time test files share: a `make test` record that passes every rule of
 * `judgeTestRun` (a whole warm run, clean, at `HEAD`, 300 s wall, no failure), as
 * test/support/run-record.js writes it. Each call returns a fresh copy, for a test to change.
 */
import type { TestRun } from "../../../bench/test-time.ts";

/** The commit the records name (any 40 hex digits). */
export const HEAD = "0123456789abcdef0123456789abcdef01234567";

/** A record that passes every rule: a whole warm `make test`, clean, at HEAD, 300 s. */
export function goodTestRun(): TestRun {
  return {
    format: 1,
    target: "make test",
    args: [],
    started_at: "2026-12-06T02:00:00.000Z",
    finished_at: "2026-12-06T02:05:00.000Z",
    commit: HEAD,
    dirty: false,
    dirty_files: [],
    wall_s: 300,
    cpu_s: 520,
    user_s: 400,
    system_s: 120,
    load_start: [1.5, 1.2, 1.1],
    load_end: [8.4, 8.3, 11],
    checks: { exit: 0, wall_s: 12 },
    ava: { exit: 0, wall_s: 285, cpu_s: 500 },
    tests: { passed: 2330, failed: 0, known_failing: 1, skipped: 0 },
    files: { ran: 380, found: 380, missing: [] },
    warm: { node_modules: true, file_times: true, loader_cached: 640, loader_compiled: 3, tsc_cache: true, device_build: true },
    slowest: [{ file: "test/xs/xs-engine-gives-the-node-event-stream.test.ts", wall_s: 119, cpu_s: 9.7 }],
  };
}
