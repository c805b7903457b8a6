/**
 * sigrok session files (.sr) are read directly: metadata (samplerate, unitsize, probeN names),
 * sample chunks stitched in numeric order whatever their order in the zip (version 2
 * `logic-1-N`, version 1 `logic-1`), stored or deflated entries, units of 1 and 2 bytes, and
 * channels nobody named ignored. Expected edges are worked out by hand below.
 */
import test from "ava";
import { strToU8, zipSync, type Zippable } from "fflate";
import { readSigrok } from "../../tools/trace/sigrok-reader.ts";
import type { Trace } from "../../tools/trace/trace.ts";

const plain = (t: Trace) => ({ signals: t.signals.map((s) => ({ name: s.name, initial: s.initial, times: [...s.times] })), endMs: t.endMs });
const u16 = (values: number[]) => new Uint8Array(new Uint16Array(values).buffer); // little-endian hosts (x86, ARM)

test("version 2, 2-byte units, chunks out of order, one stored: edges at i / samplerate", (t) => {
  // probe1 = a is bit 0, probe10 = b is bit 9 (0x200); bit 2 (0x004) is noise on an unnamed channel.
  // chunk 1: 0x001 0x005 0x000 0x004 0x200 → a 1 1 0 0 0, b 0 0 0 0 1   (samples 0–4)
  // chunk 2: 0x201 0x001 0x001             → a 1 1 1,     b 1 0 0       (samples 5–7)
  // chunk 3: 0x000 0x204                   → a 0 0,       b 0 1         (samples 8–9)
  // a: starts 1, changes at samples 2, 5, 8; b: starts 0, changes at 4, 6, 9.
  // 250 kHz → 0.004 ms a sample; 10 samples → end 0.04 ms.
  const files: Zippable = {
    version: strToU8("2"),
    "logic-1-3": [u16([0x000, 0x204]), { level: 0 }],
    metadata: strToU8("[global]\nsigrok version=0.5.2\n\n[device 1]\ncapturefile=logic-1\ntotal probes=16\nsamplerate=250 kHz\nprobe1=a\nprobe10=b\nunitsize=2\n"),
    "logic-1-1": u16([0x001, 0x005, 0x000, 0x004, 0x200]),
    "logic-1-2": u16([0x201, 0x001, 0x001]),
  };
  t.deepEqual(plain(readSigrok(zipSync(files), "synthetic.sr")), {
    signals: [
      { name: "a", initial: 1, times: [0.008, 0.02, 0.032] },
      { name: "b", initial: 0, times: [0.016, 0.024, 0.036] },
    ],
    endMs: 0.04,
  });
});

test("version 1, one capture file, plain-Hz samplerate, spaces around '='", (t) => {
  // 1000 Hz: 1 ms a sample. Bit 1 (probe2 = DATA): 0 0 1 1 1 0 → changes at 2 and 5; end 6 ms.
  const files: Zippable = {
    version: strToU8("1"),
    "logic-1": new Uint8Array([0, 1, 2, 3, 2, 1]),
    metadata: strToU8("[device 1]\ncapturefile = logic-1\nunitsize = 1\ntotal probes = 8\nsamplerate = 1000\nprobe2 = DATA\n"),
  };
  t.deepEqual(plain(readSigrok(zipSync(files), "v1.sr")), { signals: [{ name: "DATA", initial: 0, times: [2, 5] }], endMs: 6 });
});

test("a long 1-byte capture streams through the word scan and finds every edge", (t) => {
  // 300 001 samples at 1 MHz: bit 0 flips every 1000 samples from 0; bit 3 (unnamed) toggles on
  // every odd sample, which must not hide or fake an edge. Edges of bit 0 at 1000, 2000, … 300000.
  const n = 300_001;
  const samples = new Uint8Array(n);
  for (let i = 0; i < n; i++) samples[i] = (Math.floor(i / 1000) & 1) | ((i & 1) << 3);
  const files: Zippable = {
    version: strToU8("2"),
    metadata: strToU8("[device 1]\ncapturefile=logic-1\nsamplerate=1 MHz\nunitsize=1\nprobe1=clk\n"),
    "logic-1-1": samples.subarray(0, 123_457),
    "logic-1-2": samples.subarray(123_457),
  };
  const trace = readSigrok(zipSync(files), "long.sr");
  t.is(trace.signals.length, 1);
  t.is(trace.signals[0].initial, 0);
  t.deepEqual([...trace.signals[0].times], Array.from({ length: 300 }, (_, k) => ((k + 1) * 1000 * 1000) / 1e6));
  t.is(trace.endMs, (n * 1000) / 1e6);
});
