/**
 * Malformed traces are refused with a `UsageError` (exit status 2) whose stable id is
 * E_TRACE_PARSE and whose message names the file and the line (or zip entry) and what is wrong.
 * Readers never fail with anything else on bad content.
 */
import test from "ava";
import { zipSync, strToU8 } from "fflate";
import { UsageError } from "../../tools/errors.ts";
import { readCsv } from "../../tools/trace/csv-reader.ts";
import { readJsonl } from "../../tools/trace/jsonl-reader.ts";
import { readSigrok } from "../../tools/trace/sigrok-reader.ts";
import { readVcd } from "../../tools/trace/vcd-reader.ts";

type Reader = (text: string, file: string) => unknown;

const BAD: readonly [string, Reader, string, RegExp][] = [
  ["JSONL: not JSON", readJsonl, '{"t":0,"level":1}\n{"t": 5, level: 0}\n', /^bad\.x:2: not JSON/],
  ["JSONL: level 2", readJsonl, '{"t":0,"level":1}\n\n{"t":5,"level":2}\n', /^bad\.x:3: "level" must be 0 or 1; got 2/],
  ["JSONL: level as a string", readJsonl, '{"t":0,"level":"1"}\n', /^bad\.x:1: "level" must be 0 or 1/],
  ["JSONL: negative time", readJsonl, '{"t":-1,"level":1}\n', /^bad\.x:1: "t" must be a number of ms, 0 or more/],
  ["JSONL: time as a string", readJsonl, '{"t":"5","level":1}\n', /^bad\.x:1: "t" must be/],
  ["JSONL: time goes back", readJsonl, '{"t":10,"level":1}\n{"t":9.5,"level":0}\n', /^bad\.x:2: time goes back: t = 9\.5 ms after t = 10 ms/],
  ["JSONL: an array", readJsonl, "[0, 1]\n", /^bad\.x:1: expected an object/],
  ["JSONL: empty signal name", readJsonl, '{"t":0,"level":1,"signal":""}\n', /^bad\.x:1: "signal" must be a non-empty string/],
  ["JSONL: empty file", readJsonl, "\n\n", /^bad\.x:3: no records/],
  ["CSV: no header", readCsv, "0,1\n5,0\n", /^bad\.x:1: the header must start with "t_ms"/],
  ["CSV: header without signal", readCsv, "t_ms\n0\n", /^bad\.x:1: the header names no signal/],
  ["CSV: duplicate signal", readCsv, "t_ms,a,a\n0,1,1\n", /^bad\.x:1: signal "a" appears twice/],
  ["CSV: missing field", readCsv, "t_ms,level\n0,1\n5\n", /^bad\.x:3: expected 2 fields/],
  ["CSV: level x", readCsv, "t_ms,level\n0,1\n5,x\n", /^bad\.x:3: level of "level" must be 0 or 1; got "x"/],
  ["CSV: time goes back", readCsv, "t_ms,level\n0,1\n5,0\n4,1\n", /^bad\.x:4: time goes back/],
  ["CSV: unterminated quote", readCsv, 't_ms,"level\n', /^bad\.x:1: unterminated/],
  ["CSV: no rows", readCsv, "t_ms,level\n", /^bad\.x:2: no rows/],
  ["VCD: no $enddefinitions", readVcd, "$timescale 1 us $end\n$var wire 1 ! a $end\n", /^bad\.x:3: no \$enddefinitions/],
  ["VCD: bad timescale", readVcd, "$timescale 3 us $end\n$enddefinitions $end\n", /^bad\.x:1: bad \$timescale "3 us"/],
  ["VCD: x value", readVcd, "$var wire 1 ! a $end\n$enddefinitions $end\n#0 x!\n", /^bad\.x:3: value "x" .* only 0 and 1/],
  ["VCD: undeclared id", readVcd, "$var wire 1 ! a $end\n$enddefinitions $end\n#0 1!\n#5 0%\n", /^bad\.x:4: value change for undeclared identifier "%"/],
  ["VCD: time goes back", readVcd, "$var wire 1 ! a $end\n$enddefinitions $end\n#10 1!\n#5 0!\n", /^bad\.x:4: time goes back: #5 after #10/],
  ["VCD: bad time", readVcd, "$var wire 1 ! a $end\n$enddefinitions $end\n#1e3 1!\n", /^bad\.x:3: bad time "#1e3"/],
  ["VCD: block never closed", readVcd, "$var wire 1 ! a $end\n$comment oops\n", /^bad\.x:2: \$comment without \$end/],
  ["VCD: no signal with values", readVcd, "$var wire 1 ! a $end\n$enddefinitions $end\n#100\n", /^bad\.x:4: no 1-bit signal with values/],
];

for (const [what, read, text, message] of BAD) {
  test(what, (t) => {
    const err = t.throws(() => read(text, "bad.x"), { instanceOf: UsageError, message });
    t.is(err?.id, "E_TRACE_PARSE");
  });
}

const sr = (files: Record<string, string | Uint8Array>) =>
  zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, typeof v === "string" ? strToU8(v) : v])));
const META = "[device 1]\ncapturefile = logic-1\nsamplerate = 1 MHz\nunitsize = 1\nprobe1 = a\n";

const BAD_SR: readonly [string, Uint8Array, RegExp][] = [
  ["sigrok: not a zip", strToU8("hello, not a zip"), /^bad\.sr: zip: not a sigrok session/],
  ["sigrok: no metadata", sr({ version: "2", "logic-1-1": new Uint8Array(4) }), /^bad\.sr: zip: no metadata entry/],
  ["sigrok: version 3", sr({ version: "3", metadata: META, "logic-1-1": new Uint8Array(4) }), /^bad\.sr: entry version: unsupported session version "3"/],
  ["sigrok: bad samplerate", sr({ version: "2", metadata: META.replace("1 MHz", "fast"), "logic-1-1": new Uint8Array(4) }), /^bad\.sr: metadata line 3: bad samplerate "fast"/],
  ["sigrok: unitsize 8", sr({ version: "2", metadata: META.replace("unitsize = 1", "unitsize = 8"), "logic-1-1": new Uint8Array(8) }), /^bad\.sr: metadata line 4: unitsize 8 is not supported/],
  ["sigrok: no probe", sr({ version: "2", metadata: META.replace("probe1 = a\n", ""), "logic-1-1": new Uint8Array(4) }), /^bad\.sr: metadata: \[device 1\] names no logic probe/],
  ["sigrok: probe beyond the unit", sr({ version: "2", metadata: META + "probe9 = b\n", "logic-1-1": new Uint8Array(4) }), /^bad\.sr: metadata line 6: probe9 does not fit/],
  ["sigrok: no samples", sr({ version: "2", metadata: META }), /^bad\.sr: zip: no sample data/],
  ["sigrok: half a sample", sr({ version: "2", metadata: META.replace("unitsize = 1", "unitsize = 2"), "logic-1-1": new Uint8Array(5) }), /^bad\.sr: entry logic-1-1: 1 trailing byte/],
];

for (const [what, bytes, message] of BAD_SR) {
  test(what, (t) => {
    const err = t.throws(() => readSigrok(bytes, "bad.sr"), { instanceOf: UsageError, message });
    t.is(err?.id, "E_TRACE_PARSE");
  });
}
