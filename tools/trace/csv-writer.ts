/**
 * Writes CSV traces (the format `csv-reader.ts` reads; docs/traces.md): the header
 * `t_ms,<names>`, a row at t = 0 with the initial levels, a row per instant at which any signal
 * changes (every signal's level after it), and a last row at the end of the capture if later.
 */
import { mergeChanges, type Trace } from "./trace.ts";

function csvField(name: string): string {
  return /[",\r\n]|^\s|\s$/.test(name) ? `"${name.replace(/"/g, '""')}"` : name;
}

export function writeCsv(trace: Trace): string {
  const levels: number[] = trace.signals.map((s) => s.initial);
  const index = new Map(trace.signals.map((s, k) => [s, k]));
  const out = ["t_ms," + trace.signals.map((s) => csvField(s.name)).join(","), `0,${levels.join(",")}`];
  let rowTime = 0;
  let dirty = false;
  for (const { signal, index: i } of mergeChanges(trace)) {
    const t = signal.times[i];
    if (t !== rowTime && dirty) {
      out.push(`${rowTime},${levels.join(",")}`);
      dirty = false;
    }
    rowTime = t;
    levels[index.get(signal)!] ^= 1;
    dirty = true;
  }
  if (dirty) out.push(`${rowTime},${levels.join(",")}`);
  if (trace.endMs > rowTime) out.push(`${trace.endMs},${levels.join(",")}`);
  return out.join("\n") + "\n";
}
