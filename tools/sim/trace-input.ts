/**
 * Trace inputs of a scenario: a recorded signal (`tools/trace` readers: JSONL, VCD, CSV,
 * sigrok .sr; docs/traces.md) played onto an input pin. This is the only place the simulator
 * touches `tools/trace`, so an API change there is one edit here.
 */
import type { Level } from "../../firmware/hal/digital.ts";
import { readTraceFile, pickSignal } from "../trace/formats.ts";
import { levelAfter, traceTimeUs } from "../trace/trace.ts";

/**
 * Reads one signal of a trace file as electrical level changes.
 * @param file absolute path of the trace.
 * @param signal the signal's name, or undefined for the trace's only signal.
 * @returns `[offsetUs, level]` pairs, offsets in integer µs from the trace's start (rounded to
 *   the nearest µs), in order: first the initial level at 0, then every change.
 * @throws UsageError (E_TRACE_OPEN, E_TRACE_FORMAT, E_TRACE_PARSE, E_TRACE_SIGNAL) saying what is
 *   wrong, with the file (and line) in the message.
 */
export function readTraceEdges(file: string, signal: string | undefined): Array<[number, Level]> {
  const s = pickSignal(readTraceFile(file), signal);
  const edges: Array<[number, Level]> = [[0, s.initial]];
  for (let i = 0; i < s.times.length; i++) edges.push([traceTimeUs(s.times[i]!), levelAfter(s, i)]);
  return edges;
}
