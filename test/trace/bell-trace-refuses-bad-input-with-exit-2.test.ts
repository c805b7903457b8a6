/**
 * Bad input to `bell trace` exits with status 2 and one line on stderr that names the file and
 * line (or the option, or the signals there are); nothing goes to stdout.
 */
import test from "ava";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { UsageError } from "../../tools/errors.ts";
import { runDebounce } from "../../tools/trace/command.ts";
import { bell } from "./bell.ts";

const dir = mkdtempSync(path.join(os.tmpdir(), "bell-trace-"));
const malformed = path.join(dir, "malformed.jsonl");
writeFileSync(malformed, '{"t": 0, "level": 1}\n{"t": 10, "level": 0}\n{"t": 20, "level": "high"}\n');
const GLITCH = "test/fixtures/traces/glitch.vcd";
const BOUNCY = "test/fixtures/traces/bouncy-press.jsonl";

const CASES: readonly [string, string[], RegExp][] = [
  ["a malformed line", [malformed], new RegExp(`^bell: ${malformed.replace(/[.\\/]/g, "\\$&")}:3: "level" must be 0 or 1; got "high"( \\(E_TRACE_[A-Z]+\\))\\n$`)],
  ["an unknown signal", [GLITCH, "--signal", "DATA"], /^bell: .*glitch\.vcd: no signal "DATA"; the signals are "button", "status led" \(E_TRACE_[A-Z]+\)\n$/],
  ["no signal chosen among several", [GLITCH], /^bell: .*glitch\.vcd: 2 signals \("button", "status led"\); choose one with --signal NAME \(E_TRACE_[A-Z]+\)\n$/],
  ["a missing file", [path.join(dir, "absent.vcd")], /^bell: .*absent\.vcd: cannot read: no such file or folder \(E_TRACE_[A-Z]+\)\n$/],
  ["an unknown format", [path.join(dir, "trace.txt")], /^bell: .*trace\.txt: unknown trace format "\.txt"/],
  ["a window of 0 ms", [BOUNCY, "--window-ms", "0"], /^bell: --window-ms: expected an integer from 1 to 1000, got "0" \(E_TRACE_[A-Z]+\)\n$/],
  ["a window of 2.5 ms", [BOUNCY, "--window-ms", "2.5"], /^bell: --window-ms: expected an integer/],
  ["an unknown strategy", [BOUNCY, "--strategy", "sym_defer_pk"], /^bell: --strategy: expected defer or eager or integrate, got "sym_defer_pk" \(E_TRACE_[A-Z]+\)\n$/],
  ["--hold-ms without --events", [BOUNCY, "--hold-ms", "100"], /^bell: --hold-ms and --stuck-ms apply to the press detector: add --events \(E_TRACE_[A-Z]+\)\n$/],
  ["stuck not above hold", [BOUNCY, "--events", "--hold-ms", "500", "--stuck-ms", "500"], /^bell: --stuck-ms \(500\) must exceed --hold-ms \(500\) \(E_TRACE_[A-Z]+\)\n$/],
];

for (const [what, args, stderr] of CASES) {
  test(`bell trace debounce: ${what}`, async (t) => {
    const r = await bell(["trace", "debounce", ...args]);
    t.is(r.code, 2);
    t.regex(r.stderr, stderr);
    t.is(r.stdout, "");
  });
}

test("the errors carry stable ids", (t) => {
  const id = (args: [string, Record<string, unknown>]) => {
    try {
      runDebounce(args[0], { strategy: "defer", windowMs: "30", startTicks: "0", ...args[1] });
    } catch (err) {
      return err instanceof UsageError ? err.id : `not a UsageError: ${String(err)}`;
    }
    return "no error";
  };
  t.is(id([malformed, {}]), "E_TRACE_PARSE");
  t.is(id([GLITCH, {}]), "E_TRACE_SIGNAL");
  t.is(id([GLITCH, { signal: "DATA" }]), "E_TRACE_SIGNAL");
  t.is(id([path.join(dir, "absent.vcd"), {}]), "E_TRACE_OPEN");
  t.is(id([path.join(dir, "trace.txt"), {}]), "E_TRACE_FORMAT");
  t.is(id([BOUNCY, { windowMs: "0" }]), "E_TRACE_OPTION");
});

test("bell trace convert refuses to write a sigrok session", async (t) => {
  const r = await bell(["trace", "convert", BOUNCY, path.join(dir, "out.sr")]);
  t.is(r.code, 2);
  t.regex(r.stderr, /out\.sr: sigrok sessions \(\.sr\) can be read, not written/);
});
