/**
 * Trace inputs of a scenario: a recorded signal (`tools/trace` readers: JSONL, VCD, CSV,
 * sigrok .sr) played onto an input pin. This is the only place the simulator touches
 * `tools/trace`, so an API change there is one edit here.
 */
import type { Level } from "../../firmware/hal/digital.ts";

/**
 * Reads one signal of a trace file as electrical level changes.
 * @param file absolute path of the trace.
 * @param signal the signal's name, or undefined for the trace's only (or first) signal.
 * @returns `[offsetUs, level]` pairs, offsets in integer µs from the trace's start, in order.
 * @throws Error saying what is wrong (missing file, unknown signal, parse error).
 */
export function readTraceEdges(file: string, signal: string | undefined): Array<[number, Level]> {
  void signal;
  throw new Error(`trace inputs are not wired yet (tools/trace readers are pending): ${file}`);
}
