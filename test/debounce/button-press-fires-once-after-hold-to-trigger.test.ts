/**
 * `ButtonInput` gives one `press` per physical press, once the debounced press has lasted
 * `holdMs` (at once when 0), and a `release` for it; a press released before `holdMs` gives
 * nothing. Expectations derived by hand from the debounce rules (reads: one per ms with edges,
 * the level at the end of that ms).
 */
import test from "ava";
import { checkButtonTable, type ButtonTable } from "./button-harness.ts";

const TABLES: readonly ButtonTable[] = [
  // Active-low, idle 1. Press burst: reads 100→0 (100.8), 101→1 (101.5), 102→0 (102.2) → the
  // defer window runs from 102 → press at 132. Release burst: reads 400→0 (400.6 is the last
  // edge in ms 400), 401→1 → release at 431.
  {
    name: "a bouncy press with holdMs 0 gives one press and one release",
    options: { initial: 1 },
    edges: [[100.1, 0], [100.4, 1], [100.8, 0], [101.5, 1], [102.2, 0], [400.3, 1], [400.6, 0], [401.2, 1]],
    expect: [[132, "press"], [431, "release"]],
  },
  // The same edges under eager: the read of 0 at 100 is reported at once (window to 130 ends
  // with the input at 0), the read of 1 at 401 likewise.
  {
    name: "the same press under eager debounce is reported at its first read",
    options: { initial: 1, debounce: { strategy: "eager" } },
    edges: [[100.1, 0], [100.4, 1], [100.8, 0], [101.5, 1], [102.2, 0], [400.3, 1], [400.6, 0], [401.2, 1]],
    expect: [[100, "press"], [401, "release"]],
  },
  // holdMs 500. A 300 ms press (debounced 130–430) ends before 130 + 500: nothing.
  // A 1000 ms press: debounced at 1030 → press at 1530; released at 2030.
  // Exactly holdMs: debounced 3030–3530; the hold ends at 3530, the same tick as the release:
  // held exactly holdMs counts, so press then release at 3530.
  {
    name: "hold-to-trigger: short press nothing, long press one press, exactly holdMs counts",
    options: { initial: 1, holdMs: 500 },
    edges: [[100, 0], [400, 1], [1000, 0], [2000, 1], [3000, 0], [3500, 1]],
    expect: [[1530, "press"], [2030, "release"], [3530, "press"], [3530, "release"]],
  },
  // Active-high wiring (idle 0) with a 20 ms window: press read at 50 → 70; release 250 → 270.
  // A 19 ms pulse at 400 never passes the window.
  {
    name: "active-high wiring and a 20 ms window",
    options: { initial: 0, activeLow: false, debounce: { windowMs: 20 } },
    edges: [[50, 1], [250, 0], [400, 1], [419, 0]],
    expect: [[70, "press"], [270, "release"]],
  },
];

for (const table of TABLES) {
  test(table.name, (t) => {
    const { problems, runs } = checkButtonTable(table);
    t.deepEqual(problems, []);
    t.is(runs, 20);
  });
}
