/**
 * Reads JSON Lines traces: one object a line, `{"t": ms, "level": 0|1}`, with an optional
 * `"signal": "name"` (lines without it belong to the signal `level`). Times are ms from the
 * start, fractions allowed, never decreasing within a signal. The first line of a signal gives
 * its level from t = 0; a line that repeats the current level is not a change but extends the
 * trace's end, which is the latest `t` of any line. Blank lines are skipped; other keys are
 * ignored. Format: docs/traces.md.
 */
import { parseError } from "./trace-errors.ts";
import { DEFAULT_SIGNAL, SignalBuilder, type Trace, type TraceSignal } from "./trace.ts";

/**
 * @param text the file's content.
 * @param file the file name, for messages.
 * @throws UsageError E_TRACE_PARSE naming `file:line` for a malformed line, a bad field, time
 *   going back, or a trace with no lines.
 */
export function readJsonl(text: string, file: string): Trace {
  const builders = new Map<string, SignalBuilder>();
  const lastT = new Map<string, number>();
  let endMs = 0;
  let lineNo = 0;
  for (const raw of text.split("\n")) {
    lineNo++;
    const line = raw.trim();
    if (line === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      throw parseError(file, lineNo, `not JSON (${(err as Error).message})`);
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      throw parseError(file, lineNo, `expected an object like {"t": 12.5, "level": 0}`);
    }
    const { t, level, signal } = value as { t?: unknown; level?: unknown; signal?: unknown };
    if (typeof t !== "number" || !Number.isFinite(t) || t < 0) {
      throw parseError(file, lineNo, `"t" must be a number of ms, 0 or more; got ${JSON.stringify(t)}`);
    }
    if (level !== 0 && level !== 1) throw parseError(file, lineNo, `"level" must be 0 or 1; got ${JSON.stringify(level)}`);
    if (signal !== undefined && (typeof signal !== "string" || signal === "")) {
      throw parseError(file, lineNo, `"signal" must be a non-empty string; got ${JSON.stringify(signal)}`);
    }
    const name = signal ?? DEFAULT_SIGNAL;
    const previous = lastT.get(name);
    if (previous !== undefined && t < previous) {
      throw parseError(file, lineNo, `time goes back: t = ${t} ms after t = ${previous} ms for signal "${name}"`);
    }
    lastT.set(name, t);
    let builder = builders.get(name);
    if (!builder) builders.set(name, (builder = new SignalBuilder(name)));
    builder.add(t, level);
    if (t > endMs) endMs = t;
  }
  if (builders.size === 0) throw parseError(file, lineNo, "no records: a trace needs at least one line");
  const signals: TraceSignal[] = [];
  for (const b of builders.values()) signals.push(b.build()!);
  return { source: file, signals, endMs };
}
