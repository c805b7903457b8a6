/**
 * Each text format has known-answer vectors (a trace and its exact text), run four ways (after
 * mqtt-packet's test.js): decode the text, encode the trace, round-trip the trace, and decode a
 * variant spelled differently (other whitespace, blank lines, CRLF) to the same trace.
 */
import test from "ava";
import { readCsv } from "../../tools/trace/csv-reader.ts";
import { writeCsv } from "../../tools/trace/csv-writer.ts";
import { readJsonl } from "../../tools/trace/jsonl-reader.ts";
import { writeJsonl } from "../../tools/trace/jsonl-writer.ts";
import type { Trace } from "../../tools/trace/trace.ts";
import { readVcd } from "../../tools/trace/vcd-reader.ts";
import { writeVcd } from "../../tools/trace/vcd-writer.ts";

const plain = (t: Trace) => ({ signals: t.signals.map((s) => ({ name: s.name, initial: s.initial, times: [...s.times] })), endMs: t.endMs });

const ONE: Trace = {
  source: "one",
  signals: [{ name: "level", initial: 1, times: Float64Array.from([10.25, 40, 41.5]) }],
  endMs: 100,
};
const TWO: Trace = {
  source: "two",
  signals: [
    { name: "button", initial: 1, times: Float64Array.from([0.125, 2, 3]) },
    { name: "IR Toy IRRX", initial: 0, times: Float64Array.from([2, 2.5]) },
  ],
  endMs: 3,
};

interface Codec {
  name: string;
  read: (text: string, file: string) => Trace;
  write: (t: Trace) => string;
  vectors: readonly { trace: Trace; text: string; variant: string }[];
}

const CODECS: readonly Codec[] = [
  {
    name: "JSONL",
    read: readJsonl,
    write: writeJsonl,
    vectors: [
      {
        trace: ONE,
        text: ['{"t":0,"level":1}', '{"t":10.25,"level":0}', '{"t":40,"level":1}', '{"t":41.5,"level":0}', '{"t":100,"level":0}', ""].join("\n"),
        // other spacing, a repeated level (not a change), a blank line, key order, extra keys
        variant: [' { "level": 1, "t": 0 }', "", '{"t": 5, "level": 1, "note": "idle"}', '{"t":10.25,"level":0}', '{"t":40,"level":1}', '{"t":41.5,"level":0}', '{"t":100,"level":0}'].join("\n"),
      },
      {
        trace: TWO,
        text: [
          '{"t":0,"level":1,"signal":"button"}',
          '{"t":0,"level":0,"signal":"IR Toy IRRX"}',
          '{"t":0.125,"level":0,"signal":"button"}',
          '{"t":2,"level":1,"signal":"button"}',
          '{"t":2,"level":1,"signal":"IR Toy IRRX"}',
          '{"t":2.5,"level":0,"signal":"IR Toy IRRX"}',
          '{"t":3,"level":0,"signal":"button"}',
          '{"t":3,"level":0,"signal":"IR Toy IRRX"}',
          "",
        ].join("\n"),
        // interleaved differently (signals keep the order they first appear in); a zero-width
        // pulse at 1 ms (the later line at one time wins: no change); CRLF
        variant: [
          '{"t":0,"level":1,"signal":"button"}',
          '{"t":0,"level":0,"signal":"IR Toy IRRX"}',
          '{"t":0.125,"level":0,"signal":"button"}',
          '{"t":1,"level":1,"signal":"button"}',
          '{"t":1,"level":0,"signal":"button"}',
          '{"t":2,"level":1,"signal":"IR Toy IRRX"}',
          '{"t":2,"level":1,"signal":"button"}',
          '{"t":2.5,"level":0,"signal":"IR Toy IRRX"}',
          '{"t":3,"level":0,"signal":"button"}',
        ].join("\r\n"),
      },
    ],
  },
  {
    name: "CSV",
    read: readCsv,
    write: writeCsv,
    vectors: [
      {
        trace: ONE,
        text: "t_ms,level\n0,1\n10.25,0\n40,1\n41.5,0\n100,0\n",
        variant: "\r\nt_ms, level\r\n0, 1\r\n5,1\r\n10.25,0\r\n\r\n40,1\r\n41.5,0\r\n100,0",
      },
      {
        trace: TWO,
        text: "t_ms,button,IR Toy IRRX\n0,1,0\n0.125,0,0\n2,1,1\n2.5,1,0\n3,0,0\n",
        variant: 't_ms,"button","IR Toy IRRX"\n0,1,0\n0.125,0,0\n1,0,0\n2,1,1\n2.5,1,0\n3,0,0\n',
      },
    ],
  },
  {
    name: "VCD",
    read: readVcd,
    write: writeVcd,
    vectors: [
      {
        trace: ONE,
        text: [
          "$version warning-bell bell trace convert $end",
          "$timescale 1 us $end",
          "$scope module trace $end",
          "$var wire 1 ! level $end",
          "$upscope $end",
          "$enddefinitions $end",
          "#0 1!",
          "#10250 0!",
          "#40000 1!",
          "#41500 0!",
          "#100000",
          "",
        ].join("\n"),
        // another timescale, $dumpvars, a vector-style value, a comment, a 2-bit vector ignored
        variant: [
          "$date today $end",
          "$timescale",
          "  10 us",
          "$end",
          "$scope module top $end",
          "$var wire 1 # level $end",
          "$var wire 2 % bus $end",
          "$upscope $end",
          "$enddefinitions $end",
          "$dumpvars 1# b00 % $end",
          "#1025 0# b11 %",
          "$comment nothing here $end",
          "#4000 b1 #",
          "#4150 0#",
          "#10000",
        ].join("\n"),
      },
      {
        trace: TWO,
        text: [
          "$version warning-bell bell trace convert $end",
          "$timescale 1 us $end",
          "$scope module trace $end",
          "$var wire 1 ! button $end",
          '$var wire 1 " IR Toy IRRX $end',
          "$upscope $end",
          "$enddefinitions $end",
          '#0 1! 0"',
          "#125 0!",
          '#2000 1! 1"',
          '#2500 0"',
          "#3000 0!",
          "",
        ].join("\n"),
        variant: [
          "$timescale 1 ns $end",
          '$var wire 1 ! button $end $var wire 1 " IR Toy IRRX $end',
          "$enddefinitions $end",
          "#0",
          '1!',
          '0"',
          "#125000 0!",
          '#2000000 1" 1!',
          '#2500000 0"',
          "#3000000 0!",
        ].join("\n"),
      },
    ],
  },
];

for (const codec of CODECS) {
  codec.vectors.forEach(({ trace, text, variant }, k) => {
    test(`${codec.name} vector ${k + 1}: decode`, (t) => {
      t.deepEqual(plain(codec.read(text, "v")), plain(trace));
    });
    test(`${codec.name} vector ${k + 1}: encode`, (t) => {
      t.is(codec.write(trace), text);
    });
    test(`${codec.name} vector ${k + 1}: round trip`, (t) => {
      t.deepEqual(plain(codec.read(codec.write(trace), "v")), plain(trace));
    });
    test(`${codec.name} vector ${k + 1}: a variant spelling decodes to the same trace`, (t) => {
      t.deepEqual(plain(codec.read(variant, "v")), plain(trace));
    });
  });
}

test("VCD written at 1 ns when a time is finer than 1 µs, and read back exactly", (t) => {
  const trace: Trace = { source: "ns", signals: [{ name: "IR Toy IRDETECT", initial: 1, times: Float64Array.from([264.171, 264.177875]) }], endMs: 2000 };
  const text = writeVcd(trace);
  t.regex(text, /\$timescale 1 ns \$end/);
  t.regex(text, /^#264177875 1!$/m);
  t.deepEqual(plain(readVcd(text, "ns")), plain(trace));
});
