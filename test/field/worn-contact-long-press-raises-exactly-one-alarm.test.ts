/**
 * Claim (issue 10 point 3): a long press on a worn or dirty contact — the contact opens briefly
 * and repeatedly while the button is held (sub-ms to a few ms, every 10–30 ms) — raises exactly
 * one alarm under the default settings, on the real caller app in the simulator.
 *
 * Rows: contact-open duration × period. Each press lasts 3 s (a person holding the button in
 * panic); between presses the line is idle for 3 s. The opens start `firstOpenMs` after the
 * make, so the contact is never closed for a whole debounce window at a stretch when the
 * period is below 30 ms: the defer debouncer alone never reports such a press.
 */
import test from "ava";
import { simulate } from "../scenarios/support/simulate.ts";

/** [contact open, ms; period, ms] */
const ROWS: ReadonlyArray<readonly [number, number]> = [
  [0.2, 10], [0.5, 10], [1, 10], [2, 10], [3, 10],
  [0.2, 20], [0.5, 20], [1, 20], [3, 20], [5, 20],
  [0.2, 30], [0.5, 30], [1, 30], [3, 30], [5, 30],
  [1, 15], [2, 25], [4, 29],
];
const PRESS_MS = 3000;
const GAP_MS = 3000;
const FIRST_AT_MS = 2000;

/** Edges of one worn-contact press: make at 0, an open of `openMs` every `periodMs`, break at PRESS_MS. */
export function wornPress(openMs: number, periodMs: number, pressMs = PRESS_MS, firstOpenMs = periodMs - openMs): Array<[number, 0 | 1]> {
  const edges: Array<[number, 0 | 1]> = [[0, 0]];
  for (let t = firstOpenMs; t + openMs < pressMs; t += periodMs) edges.push([Math.round(t * 1000) / 1000, 1], [Math.round((t + openMs) * 1000) / 1000, 0]);
  edges.push([pressMs, 1]);
  return edges;
}

test("a 3 s press on a contact that opens briefly every 10–30 ms gives exactly one alarm per press (default settings)", (t) => {
  const inputs = ROWS.map(([open, period], i) => ({ at_ms: FIRST_AT_MS + i * (PRESS_MS + GAP_MS), device: "c1", edges: wornPress(open, period) }));
  const run = simulate({
    duration_ms: FIRST_AT_MS + ROWS.length * (PRESS_MS + GAP_MS),
    seed: 1003,
    devices: [{ id: "post", role: "receiver" }, { id: "c1", role: "caller" }],
    inputs,
  });
  const presses = run.of("press", "c1").map((e) => e.t);
  const perRow = ROWS.map((_, i) => {
    const from = FIRST_AT_MS + i * (PRESS_MS + GAP_MS);
    return presses.filter((p) => p >= from && p < from + PRESS_MS + GAP_MS).length;
  });
  t.deepEqual(
    ROWS.map(([o, p], i) => `${o} ms open every ${p} ms: ${perRow[i]} press(es)`),
    ROWS.map(([o, p]) => `${o} ms open every ${p} ms: 1 press(es)`),
  );
  t.true(run.count("incident_opened") >= 1, "the presses reach the post as an incident");
});
