/**
 * Writes JSON Lines traces (the format `jsonl-reader.ts` reads; docs/traces.md): a line per
 * signal at t = 0 with its initial level, a line per change, in time order (signals in their
 * order at equal times), and a last line per signal at the end of the capture if it is later
 * than the last change. `"signal"` is left out when the only signal is the default `level`.
 */
import { DEFAULT_SIGNAL, levelAfter, mergeChanges, type Trace } from "./trace.ts";

export function writeJsonl(trace: Trace): string {
  const named = !(trace.signals.length === 1 && trace.signals[0].name === DEFAULT_SIGNAL);
  const line = (t: number, level: number, name: string) =>
    named ? `{"t":${t},"level":${level},"signal":${JSON.stringify(name)}}` : `{"t":${t},"level":${level}}`;
  const out: string[] = [];
  for (const s of trace.signals) out.push(line(0, s.initial, s.name));
  for (const { signal, index } of mergeChanges(trace)) {
    out.push(line(signal.times[index], levelAfter(signal, index), signal.name));
  }
  for (const s of trace.signals) {
    const last = s.times.length ? s.times[s.times.length - 1] : 0;
    if (trace.endMs > last) out.push(line(trace.endMs, levelAfter(s, s.times.length - 1), s.name));
  }
  return out.join("\n") + "\n";
}
