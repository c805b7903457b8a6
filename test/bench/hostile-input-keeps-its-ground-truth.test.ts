/**
 * Claim: the debounce benchmark's generated inputs mean what their labels say, judged by the
 * debounce and hold contracts: a press holds the pressed level (0) at a stretch for at least
 * twice the shortest pulse that gives a press (the window or the hold, whichever is longer);
 * noise never holds the pressed level for a whole window; disturbances of noise last at least
 * `MIN_GAP_MS` so the pin model cannot merge them; edges never go back in time; every event
 * ends released.
 */
import test from "ava";
import { HOSTILE_CLASSES, MIN_GAP_MS, hostileEvent, minPressMs, type HostileClass } from "../../bench/hostile-input.ts";
import { Random } from "../../tools/sim/random.ts";

const WINDOW_MS = 30;
const HOLD_MS = 70;

/** Longest stretch at `level` (the line starts released, level 1). */
function longestAt(edges: Array<[number, 0 | 1]>, level: 0 | 1): number {
  let longest = 0;
  let since: number | undefined = level === 1 ? 0 : undefined;
  let current: 0 | 1 = 1;
  for (const [t, l] of edges) {
    if (l === current) continue;
    if (current === level && since !== undefined) longest = Math.max(longest, t - since);
    current = l;
    since = l === level ? t : undefined;
  }
  return longest;
}

for (const cls of Object.keys(HOSTILE_CLASSES) as HostileClass[]) {
  test(`${cls}: 300 events keep their ground truth`, (t) => {
    const r = new Random(99, `test:${cls}`);
    const violations: string[] = [];
    let events = 0;
    for (let i = 0; i < 300; i++) {
      const ev = hostileEvent(cls, r, WINDOW_MS, HOLD_MS);
      const edges = ev.edges;
      events++;
      if (ev.press !== HOSTILE_CLASSES[cls].press) violations.push(`event ${i}: press is ${ev.press}`);
      for (let k = 1; k < edges.length; k++) if (edges[k]![0] < edges[k - 1]![0]) violations.push(`event ${i}: edge ${k} goes back in time`);
      if (edges[edges.length - 1]![1] !== 1) violations.push(`event ${i}: ends pressed`);
      const pressed = longestAt(edges, 0);
      if (ev.press) {
        if (pressed < 2 * minPressMs(WINDOW_MS, HOLD_MS)) violations.push(`event ${i}: a press held only ${pressed} ms`);
      } else {
        if (pressed >= WINDOW_MS) violations.push(`event ${i}: noise held the pressed level ${pressed} ms`);
        // Released gaps between disturbances are never shorter than MIN_GAP_MS.
        for (let k = 1; k < edges.length; k++) {
          const gap = edges[k]![0] - edges[k - 1]![0];
          if (edges[k - 1]![1] === 1 && edges[k]![1] === 0 && gap < MIN_GAP_MS - 1e-9) violations.push(`event ${i}: released gap ${gap} ms`);
        }
      }
    }
    t.is(events, 300);
    t.deepEqual(violations, []);
  });
}
