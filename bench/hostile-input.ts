/**
 * Hostile button inputs with known ground truth, for the debounce benchmark: contact bounce,
 * EMI bursts on an idle line and during a press, slow edges that chatter through the input
 * threshold, supply sags, and taps shorter than the debounce window.
 *
 * Each generator returns the electrical edges of one event (`[offset ms, level]`, active-low:
 * 0 pressed, 1 released; offsets µs-rounded and non-decreasing; the event ends released) and
 * whether it is a press. Ground truth follows the contracts of the debounce
 * (`firmware/core/debounce/README.md`: a level held at least the window passes, a pulse shorter
 * than the window never does) and of hold-to-trigger (`firmware/core/press.ts`: the debounced
 * press must last `holdMs`). So a true press holds the pressed level at least twice
 * `minPressMs(window, hold)` at a stretch, and noise never holds the pressed level a whole
 * window; disturbances are at least `MIN_GAP_MS` long, so the pin model's 100 µs
 * edge-to-callback latency cannot merge them into a level that was never on the wire.
 */
import type { Random } from "../tools/sim/random.ts";

/** An event: its edges and whether it is a real press. */
export interface HostileEvent {
  edges: Array<[number, 0 | 1]>;
  press: boolean;
  /** Length of the event, ms (last edge). */
  lengthMs: number;
}

/** The classes, with the words the report uses. */
export const HOSTILE_CLASSES = {
  bounce: { press: true, text: "press with 1–20 bounce pulses (10 µs–2 ms) over ≤ 10 ms at make and at break" },
  emi_press: { press: true, text: "press with EMI spikes toward “released” (1 µs–15 ms) throughout the hold" },
  slow_edge: { press: true, text: "press through a slow edge: the input chatters for 2–25 ms at make and at break" },
  emi_idle: { press: false, text: "EMI burst on an idle line: 1–200 pulses of 1 µs–20 ms" },
  sag: { press: false, text: "supply sag: the input chatters around the threshold for 5–300 ms" },
  tap: { press: false, text: "tap shorter than the window: one clean pulse of 1–20 ms" },
} as const;

export type HostileClass = keyof typeof HOSTILE_CLASSES;

/** Shortest disturbance or gap, ms: twice the simulator's 100 µs edge → callback latency. */
export const MIN_GAP_MS = 0.2;

/**
 * The shortest pressed pulse that gives a press, ms: the debounce window, or the hold when it is
 * longer (the release is debounced as late as the press, so the debounced press lasts as long
 * as the pulse: with 30 ms debounce and 70 ms hold, a 70 ms pulse gives a press, 100 ms after
 * its first edge).
 */
export function minPressMs(windowMs: number, holdMs: number): number {
  return Math.max(windowMs, holdMs);
}

const logUniform = (r: Random, lo: number, hi: number) => lo * (hi / lo) ** r.float();
const us = (ms: number) => Math.round(ms * 1000) / 1000;

/** Alternating toggles from `level` for `spanMs`, intervals log-uniform in [lo, hi] ms; ends at `end`. */
function chatter(r: Random, t0: number, spanMs: number, lo: number, hi: number, start: 0 | 1, end: 0 | 1, out: Array<[number, 0 | 1]>): number {
  let t = t0;
  let level = start;
  while (t - t0 < spanMs) {
    t += logUniform(r, lo, hi);
    level = level === 0 ? 1 : 0;
    out.push([us(t), level]);
  }
  if (level !== end) {
    t += logUniform(r, lo, hi);
    out.push([us(t), end]);
  }
  return t;
}

/**
 * One event of class `cls`.
 * @param windowMs the debounce window the ground truth refers to.
 * @param holdMs the hold-to-trigger time the ground truth refers to.
 */
export function hostileEvent(cls: HostileClass, r: Random, windowMs: number, holdMs: number): HostileEvent {
  const edges: Array<[number, 0 | 1]> = [];
  const shortest = 2 * minPressMs(windowMs, holdMs) + 10;
  const hold = () => logUniform(r, shortest, Math.max(1500, 2 * shortest));
  let t = 0;
  switch (cls) {
    case "bounce": {
      edges.push([0, 0]);
      const bounce = (at: number, level: 0 | 1) => {
        let x = at;
        const n = r.int(1, 20);
        for (let i = 0; i < n && x - at < 10; i++) {
          x += logUniform(r, 0.01, 2);
          edges.push([us(x), level === 0 ? 1 : 0]);
          x += logUniform(r, MIN_GAP_MS, 2);
          edges.push([us(x), level]);
        }
        return x;
      };
      t = bounce(0, 0);
      t += hold();
      edges.push([us(t), 1]);
      t = bounce(t, 1);
      break;
    }
    case "emi_press": {
      edges.push([0, 0]);
      const end = hold();
      t = shortest + logUniform(r, MIN_GAP_MS, windowMs); // held long enough to be a press before the first spike
      while (t < end) {
        const w = logUniform(r, 0.001, Math.min(15, windowMs / 2));
        edges.push([us(t), 1], [us(t + w), 0]);
        t += w + logUniform(r, windowMs, 200); // the press level returns long enough to pass again
      }
      t = Math.max(t, end);
      edges.push([us(t), 1]);
      break;
    }
    case "slow_edge": {
      t = chatter(r, 0, logUniform(r, 2, 25), 0.01, 3, 1, 0, edges);
      t += hold();
      edges.push([us(t), 1]);
      t = chatter(r, t, logUniform(r, 2, 25), 0.01, 3, 1, 1, edges);
      break;
    }
    case "emi_idle": {
      const n = r.int(1, 200);
      for (let i = 0; i < n; i++) {
        const w = logUniform(r, 0.001, Math.min(20, windowMs * 0.66));
        edges.push([us(t), 0], [us(t + w), 1]);
        t += w + logUniform(r, MIN_GAP_MS, 100);
      }
      break;
    }
    case "sag": {
      t = chatter(r, 0, logUniform(r, 5, 300), MIN_GAP_MS, Math.min(5, windowMs / 3), 1, 1, edges);
      break;
    }
    case "tap": {
      const w = logUniform(r, 1, Math.min(20, windowMs * 0.66));
      edges.push([0, 0], [us(w), 1]);
      t = w;
      break;
    }
  }
  return { edges, press: HOSTILE_CLASSES[cls].press, lengthMs: t };
}
