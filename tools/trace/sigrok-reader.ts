/**
 * Reads sigrok session files (`.sr`, as PulseView and sigrok-cli save them) directly, without
 * sigrok: a zip archive holding
 * - `version`: "1" or "2";
 * - `metadata`: an INI file; section `[device 1]` has `capturefile` (e.g. `logic-1`),
 *   `samplerate` (e.g. `1 MHz`, `8 MHz`, `500 kHz`, or plain Hz), `unitsize` (bytes per sample),
 *   `total probes`, and `probeN = name` for each enabled logic channel N (1-based);
 * - the samples: `logic-1` (version 1) or chunks `logic-1-1`, `logic-1-2`, … (version 2), raw
 *   little-endian units of `unitsize` bytes; channel N is bit N − 1 of a unit.
 * (libsigrok `src/session_file.c`, `src/output/srzip.c`; analog channels are not read.)
 *
 * Sample i is at i / samplerate; a change is recorded at the first sample with the new level,
 * exactly as `sigrok-cli -O vcd` writes it, so a capture and its VCD export give identical
 * edges. The end of the capture is (number of samples) / samplerate.
 *
 * Samples are inflated in a stream (fflate `Unzip`), a slice at a time, and scanned four bytes
 * at a time where nothing changes: a 480 MB capture needs no 480 MB buffer.
 */
import { Unzip, UnzipInflate, UnzipPassThrough, unzipSync } from "fflate";
import { parseError } from "./trace-errors.ts";
import type { Trace, TraceSignal } from "./trace.ts";

/** Compressed bytes pushed to the inflater at a time (bounds the inflated slices). */
const PUSH_BYTES = 16 * 1024;
/** Largest unit handled: 4 bytes = 32 channels. */
const MAX_UNITSIZE = 4;

const RATE_UNITS: Readonly<Record<string, number>> = { hz: 1, khz: 1e3, mhz: 1e6, ghz: 1e9 };

interface Metadata {
  capturefile: string;
  samplerateHz: number;
  unitsize: number;
  /** [channel index (0-based bit), name] */
  probes: [number, string][];
}

function parseMetadata(text: string, file: string): Metadata {
  const where = (line: number) => `metadata line ${line}`;
  let section = "";
  const device: Record<string, { value: string; line: number }> = {};
  text.split("\n").forEach((raw, n) => {
    const line = raw.trim();
    if (line === "" || line.startsWith(";") || line.startsWith("#")) return;
    const head = /^\[(.+)\]$/.exec(line);
    if (head) {
      section = head[1].trim();
      return;
    }
    const eq = line.indexOf("=");
    if (eq < 0) throw parseError(file, where(n + 1), `expected "key = value", got "${line}"`);
    if (section === "device 1") device[line.slice(0, eq).trim()] = { value: line.slice(eq + 1).trim(), line: n + 1 };
  });
  const need = (key: string) => {
    const v = device[key];
    if (!v) throw parseError(file, "metadata", `[device 1] has no "${key}"`);
    return v;
  };
  const capturefile = need("capturefile").value;
  const rate = need("samplerate");
  const m = /^(\d+(?:\.\d+)?)\s*(hz|khz|mhz|ghz)?$/i.exec(rate.value);
  const samplerateHz = m ? Math.round(Number(m[1]) * RATE_UNITS[(m[2] ?? "hz").toLowerCase()]) : NaN;
  if (!(samplerateHz > 0)) throw parseError(file, where(rate.line), `bad samplerate "${rate.value}": expected e.g. "1 MHz"`);
  const unit = need("unitsize");
  const unitsize = Number(unit.value);
  if (!Number.isInteger(unitsize) || unitsize < 1 || unitsize > MAX_UNITSIZE) {
    throw parseError(file, where(unit.line), `unitsize ${unit.value} is not supported (1 to ${MAX_UNITSIZE} bytes)`);
  }
  const probes: [number, string][] = [];
  for (const [key, { value, line }] of Object.entries(device)) {
    const p = /^probe(\d+)$/.exec(key);
    if (!p) continue;
    const channel = Number(p[1]) - 1;
    if (channel < 0 || channel >= unitsize * 8) throw parseError(file, where(line), `${key} does not fit in ${unitsize}-byte samples`);
    if (value === "") throw parseError(file, where(line), `${key} has no name`);
    probes.push([channel, value]);
  }
  if (probes.length === 0) throw parseError(file, "metadata", "[device 1] names no logic probe (probe1 = …)");
  probes.sort((a, b) => a[0] - b[0]);
  return { capturefile, samplerateHz, unitsize, probes };
}

/** One sample file's scan: its changes as (sample index within it, unit value), its first and last unit. */
interface ChunkScan {
  chunk: number;
  entry: string;
  count: number;
  first: number;
  last: number;
  changeAt: number[];
  changeTo: number[];
}

/** Scans a stream of bytes as units of `unitsize` bytes, masked, recording where the value changes. */
class ChunkScanner {
  private count = 0;
  private prev = -1;
  private first = -1;
  private readonly changeAt: number[] = [];
  private readonly changeTo: number[] = [];
  private readonly carry: number[] = [];

  constructor(
    private readonly unitsize: number,
    private readonly mask: number,
  ) {}

  push(bytes: Uint8Array): void {
    let i = 0;
    const u = this.unitsize;
    if (this.carry.length) {
      while (this.carry.length < u && i < bytes.length) this.carry.push(bytes[i++]);
      if (this.carry.length < u) return;
      let v = 0;
      for (let k = u - 1; k >= 0; k--) v = (v << 8) | this.carry[k];
      this.carry.length = 0;
      this.take(v >>> 0);
    }
    if (u === 1) i = this.scanBytes(bytes, i);
    else {
      const mask = this.mask;
      for (; i + u <= bytes.length; i += u) {
        let v = 0;
        for (let k = u - 1; k >= 0; k--) v = (v << 8) | bytes[i + k];
        v = (v & mask) >>> 0;
        if (v !== this.prev) this.take(v);
        else this.count++;
      }
    }
    for (; i < bytes.length; i++) this.carry.push(bytes[i]);
  }

  /** unitsize 1: skip 4 unchanged bytes at a time where the slice is aligned. */
  private scanBytes(bytes: Uint8Array, from: number): number {
    const mask = this.mask;
    let i = from;
    const end = bytes.length;
    // align to 4 for the word view
    while (i < end && ((bytes.byteOffset + i) & 3) !== 0) this.takeByte(bytes[i++] & mask);
    const words = (end - i) >> 2;
    if (words > 0) {
      const view = new Uint32Array(bytes.buffer, bytes.byteOffset + i, words);
      const mask4 = (mask * 0x01010101) >>> 0;
      for (let w = 0; w < words; w++) {
        const same = (this.prev & 0xff) * 0x01010101;
        if (this.prev >= 0 && ((view[w] & mask4) >>> 0) === same >>> 0) {
          this.count += 4;
          continue;
        }
        const base = i + w * 4;
        for (let k = 0; k < 4; k++) this.takeByte(bytes[base + k] & mask);
      }
      i += words * 4;
    }
    while (i < end) this.takeByte(bytes[i++] & mask);
    return i;
  }

  private takeByte(v: number): void {
    if (v !== this.prev) this.take(v);
    else this.count++;
  }

  private take(v: number): void {
    const masked = (v & this.mask) >>> 0;
    if (this.prev < 0) this.first = masked;
    else if (masked !== this.prev) {
      this.changeAt.push(this.count);
      this.changeTo.push(masked);
    }
    this.prev = masked;
    this.count++;
  }

  finish(chunk: number, entry: string, file: string): ChunkScan {
    if (this.carry.length) {
      throw parseError(file, `entry ${entry}`, `${this.carry.length} trailing byte(s): not a whole number of ${this.unitsize}-byte samples`);
    }
    return { chunk, entry, count: this.count, first: this.first, last: this.prev, changeAt: this.changeAt, changeTo: this.changeTo };
  }
}

/**
 * @param bytes the whole `.sr` file.
 * @param file the file name, for messages.
 * @throws UsageError E_TRACE_PARSE naming the file and the zip entry or metadata line.
 */
export function readSigrok(bytes: Uint8Array, file: string): Trace {
  return readSigrokBody(bytes, file);
}

/**
 * The signal (probe) names of a sigrok session, from its `metadata` entry alone: without
 * decoding the samples, which takes seconds for a long capture (issue 16: a missing `--signal`
 * is answered at once).
 * @throws UsageError E_TRACE_PARSE as `readSigrok`.
 */
export function readSigrokSignalNames(bytes: Uint8Array, file: string): string[] {
  let meta: Record<string, Uint8Array>;
  try {
    meta = unzipSync(bytes, { filter: (f) => f.name === "metadata" });
  } catch (err) {
    throw parseError(file, "zip", `not a sigrok session (a zip archive): ${(err as Error).message}`);
  }
  if (!meta.metadata) throw parseError(file, "zip", "no metadata entry: not a sigrok session file");
  return parseMetadata(new TextDecoder().decode(meta.metadata), file).probes.map(([, name]) => name);
}

function readSigrokBody(bytes: Uint8Array, file: string): Trace {
  let meta: Record<string, Uint8Array>;
  try {
    meta = unzipSync(bytes, { filter: (f) => f.name === "metadata" || f.name === "version" });
  } catch (err) {
    throw parseError(file, "zip", `not a sigrok session (a zip archive): ${(err as Error).message}`);
  }
  if (!meta.metadata) throw parseError(file, "zip", "no metadata entry: not a sigrok session file");
  const version = meta.version ? new TextDecoder().decode(meta.version).trim() : "";
  if (version !== "1" && version !== "2") throw parseError(file, "entry version", `unsupported session version "${version}" (1 and 2 are read)`);
  const m = parseMetadata(new TextDecoder().decode(meta.metadata), file);
  let mask = 0;
  for (const [channel] of m.probes) mask |= 1 << channel;
  mask >>>= 0;

  const entryChunk = (name: string): number | undefined => {
    if (name === m.capturefile) return 0;
    if (!name.startsWith(m.capturefile + "-")) return undefined;
    const n = name.slice(m.capturefile.length + 1);
    return /^\d+$/.test(n) ? Number(n) : undefined;
  };
  const scans: ChunkScan[] = [];
  let failure: unknown;
  const unzip = new Unzip((entry) => {
    const chunk = entryChunk(entry.name);
    if (chunk === undefined) return;
    const scanner = new ChunkScanner(m.unitsize, mask);
    entry.ondata = (err, data, final) => {
      if (failure) return;
      if (err) {
        failure = parseError(file, `entry ${entry.name}`, `cannot inflate: ${err.message}`);
        return;
      }
      try {
        scanner.push(data);
        if (final) scans.push(scanner.finish(chunk, entry.name, file));
      } catch (e) {
        failure = e;
      }
    };
    entry.start();
  });
  unzip.register(UnzipInflate);
  unzip.register(UnzipPassThrough);
  try {
    for (let off = 0; off < bytes.length; off += PUSH_BYTES) {
      unzip.push(bytes.subarray(off, Math.min(off + PUSH_BYTES, bytes.length)), off + PUSH_BYTES >= bytes.length);
      if (failure) break;
    }
  } catch (err) {
    failure ??= parseError(file, "zip", `cannot read the archive: ${(err as Error).message}`);
  }
  if (failure) throw failure;
  if (scans.length === 0) throw parseError(file, "zip", `no sample data (${m.capturefile} or ${m.capturefile}-1 …)`);
  scans.sort((a, b) => a.chunk - b.chunk);

  // Stitch the chunks into one timeline and split the unit changes into per-probe edges.
  const msPerSample = (i: number) => (i * 1000) / m.samplerateHz;
  const times: number[][] = m.probes.map(() => []);
  let offset = 0;
  let prev = -1;
  let initial = -1;
  const record = (index: number, value: number) => {
    if (prev < 0) {
      initial = value;
    } else {
      const changed = prev ^ value;
      for (let k = 0; k < m.probes.length; k++) {
        if (changed & (1 << m.probes[k][0])) times[k].push(msPerSample(index));
      }
    }
    prev = value;
  };
  for (const s of scans) {
    if (s.count === 0) continue;
    record(offset, s.first);
    for (let j = 0; j < s.changeAt.length; j++) record(offset + s.changeAt[j], s.changeTo[j]);
    offset += s.count;
  }
  if (initial < 0) throw parseError(file, "zip", "the capture holds no samples");
  const signals: TraceSignal[] = m.probes.map(([channel, name], k) => ({
    name,
    initial: ((initial >>> channel) & 1) as 0 | 1,
    times: Float64Array.from(times[k]),
  }));
  return { source: file, signals, endMs: msPerSample(offset) };
}
