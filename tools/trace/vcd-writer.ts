/**
 * Writes Value Change Dump files (IEEE 1364-2005 §18) that `vcd-reader.ts`, sigrok and GTKWave
 * read: one 1-bit `wire` per signal with identifiers `!`, `"`, … (printable ASCII from 33),
 * `#0` with every initial value, a `#time` line per instant with all changes at it, and a last
 * `#time` at the end of the capture. Timescale `1 us` when every time is a whole number of µs,
 * else `1 ns` (times finer than 1 ns are rounded to it; two changes of one signal rounded onto
 * one instant cancel). No `$date`, so the output depends only on the trace.
 */
import { levelAfter, mergeChanges, type Trace } from "./trace.ts";

const FIRST_ID = 33; // "!"
const ID_CHARS = 94; // "!" … "~"

/** The VCD identifier of signal number `k`: "!", "\"", …, "~", "!!", "!\"", … */
export function vcdId(k: number): string {
  let id = "";
  let n = k;
  do {
    id = String.fromCharCode(FIRST_ID + (n % ID_CHARS)) + id;
    n = Math.floor(n / ID_CHARS) - 1;
  } while (n >= 0);
  return id;
}

function wholeMicroseconds(trace: Trace): boolean {
  const whole = (t: number) => Math.abs(t * 1000 - Math.round(t * 1000)) < 1e-6;
  if (!whole(trace.endMs)) return false;
  return trace.signals.every((s) => s.times.every(whole));
}

export function writeVcd(trace: Trace): string {
  const us = wholeMicroseconds(trace);
  const scale = us ? 1e3 : 1e6;
  const units = (t: number) => Math.round(t * scale);
  const ids = new Map(trace.signals.map((s, k) => [s, vcdId(k)]));
  const out: string[] = [
    "$version warning-bell bell trace convert $end",
    `$timescale 1 ${us ? "us" : "ns"} $end`,
    "$scope module trace $end",
    ...trace.signals.map((s) => `$var wire 1 ${ids.get(s)} ${s.name} $end`),
    "$upscope $end",
    "$enddefinitions $end",
    "#0 " + trace.signals.map((s) => `${s.initial}${ids.get(s)}`).join(" "),
  ];
  let lineTime = 0;
  let line: string[] = [];
  const flush = () => {
    if (line.length) out.push(`#${lineTime} ${line.join(" ")}`);
    line = [];
  };
  for (const { signal, index } of mergeChanges(trace)) {
    const u = units(signal.times[index]);
    if (u !== lineTime) {
      flush();
      lineTime = u;
    }
    // at #0 the change joins the initial values (a later value at one instant wins)
    if (u === 0) out[out.length - 1] += ` ${levelAfter(signal, index)}${ids.get(signal)}`;
    else line.push(`${levelAfter(signal, index)}${ids.get(signal)}`);
  }
  flush();
  const end = units(trace.endMs);
  if (end > lineTime) out.push(`#${end}`);
  return out.join("\n") + "\n";
}
