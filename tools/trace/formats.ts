/**
 * Trace files by format: which format a file name means, reading any supported file, encoding a
 * trace as text. Formats (docs/traces.md): JSON Lines (`.jsonl`, `.ndjson`), VCD (`.vcd`), CSV
 * (`.csv`), and sigrok sessions (`.sr`, read only).
 */
import { systemErrorWords } from "../system-error.ts";
import { readFileSync } from "node:fs";
import path from "node:path";
import { UsageError } from "../errors.ts";
import { readCsv } from "./csv-reader.ts";
import { writeCsv } from "./csv-writer.ts";
import { readJsonl } from "./jsonl-reader.ts";
import { writeJsonl } from "./jsonl-writer.ts";
import { readSigrok, readSigrokSignalNames } from "./sigrok-reader.ts";
import { TraceErrorId } from "./trace-errors.ts";
import type { Trace, TraceSignal } from "./trace.ts";
import { readVcd } from "./vcd-reader.ts";
import { writeVcd } from "./vcd-writer.ts";

export type TraceFormat = "jsonl" | "vcd" | "csv" | "sr";

const EXTENSIONS: Readonly<Record<string, TraceFormat>> = { ".jsonl": "jsonl", ".ndjson": "jsonl", ".vcd": "vcd", ".csv": "csv", ".sr": "sr" };

/** Formats that can be written. */
export const WRITABLE: readonly TraceFormat[] = ["jsonl", "vcd", "csv"];

/**
 * The format a file name means, by its extension (case-insensitive).
 * @throws UsageError E_TRACE_FORMAT for any other extension.
 */
export function formatOf(file: string): TraceFormat {
  const format = EXTENSIONS[path.extname(file).toLowerCase()];
  if (!format) {
    throw new UsageError(TraceErrorId.format, `${file}: unknown trace format "${path.extname(file)}"; use ${Object.keys(EXTENSIONS).join(", ")}`);
  }
  return format;
}

/**
 * Checks a `--signal` choice against the signal names a trace's header gives, before the trace
 * is decoded (sigrok sessions only: their header names the probes; other formats are read whole
 * anyway). Refuses as `pickSignal` would.
 * @throws UsageError E_TRACE_SIGNAL when no signal is chosen among several or the name is absent;
 *   E_TRACE_OPEN / E_TRACE_PARSE as `readTraceFile`.
 */
export function checkSignalChoice(file: string, name: string | undefined): void {
  if (formatOf(file) !== "sr") return;
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    throw new UsageError(TraceErrorId.open, `${file}: cannot read: ${systemErrorWords(err)}`);
  }
  const names = readSigrokSignalNames(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), file);
  pickSignal({ source: file, endMs: 0, signals: names.map((n): TraceSignal => ({ name: n, initial: 0, times: new Float64Array(0) })) }, name);
}

/**
 * Reads a trace file of any supported format (synchronously).
 * @throws UsageError E_TRACE_OPEN when the file cannot be read, E_TRACE_FORMAT for an unknown
 *   extension, E_TRACE_PARSE (with file and line) for bad content.
 */
export function readTraceFile(file: string): Trace {
  const format = formatOf(file);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    throw new UsageError(TraceErrorId.open, `${file}: cannot read: ${systemErrorWords(err)}`);
  }
  if (format === "sr") return readSigrok(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), file);
  const text = bytes.toString("utf8");
  if (format === "vcd") return readVcd(text, file);
  if (format === "csv") return readCsv(text, file);
  return readJsonl(text, file);
}

/**
 * A trace as the text of a file of `format`.
 * @throws UsageError E_TRACE_FORMAT for `sr` (sigrok sessions are read only).
 */
export function encodeTrace(trace: Trace, format: TraceFormat, file: string = format): string {
  if (format === "vcd") return writeVcd(trace);
  if (format === "csv") return writeCsv(trace);
  if (format === "jsonl") return writeJsonl(trace);
  throw new UsageError(TraceErrorId.format, `${file}: sigrok sessions (.sr) can be read, not written; write .jsonl, .vcd or .csv`);
}

/**
 * One signal of a trace: the one named, or the only one.
 * @throws UsageError E_TRACE_SIGNAL when `name` is not in the trace, or when it is undefined and
 *   the trace has several signals; the message lists the names.
 */
export function pickSignal(trace: Trace, name: string | undefined): TraceSignal {
  const list = trace.signals.map((s) => JSON.stringify(s.name)).join(", ");
  if (name === undefined) {
    if (trace.signals.length === 1) return trace.signals[0];
    throw new UsageError(TraceErrorId.signal, `${trace.source}: ${trace.signals.length} signals (${list}); choose one with --signal NAME`);
  }
  const found = trace.signals.filter((s) => s.name === name);
  if (found.length === 1) return found[0];
  if (found.length > 1) throw new UsageError(TraceErrorId.signal, `${trace.source}: ${found.length} signals are named ${JSON.stringify(name)}`);
  throw new UsageError(TraceErrorId.signal, `${trace.source}: no signal ${JSON.stringify(name)}; the signals are ${list}`);
}
