/**
 * The stable error ids of `tools/trace` (listed in docs/traces.md), and helpers to raise them.
 * Bad input is a `UsageError` (exit status 2).
 */
import { UsageError } from "../errors.ts";

export const TraceErrorId = {
  /** the trace file cannot be read (missing, a directory, no permission) */
  open: "E_TRACE_OPEN",
  /** the file name's extension names no supported format (or .sr as an output) */
  format: "E_TRACE_FORMAT",
  /** the content is malformed; the message names the file and line (or zip entry) */
  parse: "E_TRACE_PARSE",
  /** the signal asked for is not in the trace, or the trace has several and none was asked for */
  signal: "E_TRACE_SIGNAL",
  /** a command-line option has a bad value */
  option: "E_TRACE_OPTION",
} as const;

/** A parse error at `file:line` (line 1-based), or at `file: where` when `line` is a string. */
export function parseError(file: string, line: number | string, message: string): UsageError {
  const at = typeof line === "number" ? `${file}:${line}` : `${file}: ${line}`;
  return new UsageError(TraceErrorId.parse, `${at}: ${message}`);
}
