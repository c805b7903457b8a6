/**
 * `bell trace convert IN OUT` converts between JSONL, VCD and CSV by extension, and reads sigrok
 * sessions: a chain of conversions keeps every edge, the end of the capture and the debounced
 * result; `--signal` keeps one signal.
 */
import test from "ava";
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { readTraceFile } from "../../tools/trace/formats.ts";
import type { Trace } from "../../tools/trace/trace.ts";
import { bell } from "./bell.ts";
import { ABSENT, capture, FIXTURES } from "./captures.ts";

const plain = (t: Trace) => ({ signals: t.signals.map((s) => ({ name: s.name, initial: s.initial, times: [...s.times] })), endMs: t.endMs });
const dir = mkdtempSync(path.join(os.tmpdir(), "bell-convert-"));

test("VCD → JSONL → CSV → VCD keeps both signals, every edge and the end", async (t) => {
  const original = path.join(FIXTURES, "glitch.vcd");
  const steps = [original, path.join(dir, "a.jsonl"), path.join(dir, "b.csv"), path.join(dir, "c.vcd")];
  for (let k = 1; k < steps.length; k++) {
    const r = await bell(["trace", "convert", steps[k - 1], steps[k]]);
    t.is(r.code, 0, r.stderr);
    t.regex(r.stdout, /: 2 signal\(s\), 10 edges, 1000 ms\n$/);
  }
  for (const file of steps.slice(1)) t.deepEqual(plain(readTraceFile(file)), plain(readTraceFile(original)), file);
  t.regex(readFileSync(steps[3], "utf8"), /^#400500 0! 1"$/m, "two changes on one #time line");
  const debounced = await bell(["trace", "debounce", steps[2], "--signal", "button", "--json"]);
  t.is(debounced.stdout, '{"t":630,"pressed":true}\n{"t":930,"pressed":false}\n');
});

test("--signal keeps one signal; the JSONL of the default signal has no signal field", async (t) => {
  const out = path.join(dir, "button.jsonl");
  const r = await bell(["trace", "convert", path.join(FIXTURES, "glitch.vcd"), out, "--signal", "button"]);
  t.is(r.code, 0, r.stderr);
  t.deepEqual(readTraceFile(out).signals.map((s) => s.name), ["button"]);
  const back = path.join(dir, "bouncy.jsonl");
  t.is((await bell(["trace", "convert", path.join(FIXTURES, "bouncy-press.jsonl"), back])).code, 0);
  t.is(readFileSync(back, "utf8").split("\n")[1], '{"t":100,"level":0}');
});

const sr = capture("ir_nec_button1_press.sr");
const vcd = capture("ir_nec_button1_press.vcd");
if (!sr || !vcd) test.skip(`sigrok session to VCD: ${ABSENT}`, () => {});
else
  test("a sigrok session converts to the same edges as sigrok-cli's own VCD export", async (t) => {
    const out = path.join(dir, "ir.vcd");
    const r = await bell(["trace", "convert", sr, out]);
    t.is(r.code, 0, r.stderr);
    t.deepEqual(plain(readTraceFile(out)), plain(readTraceFile(vcd)));
    t.regex(readFileSync(out, "utf8"), /\$timescale 1 ns \$end/);
  });
