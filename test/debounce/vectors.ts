/**
 * Debounce vectors: raw edges and, per strategy, the changes each debouncer must report.
 * Every expectation is derived by hand in the comment above it, from the device model: one read
 * per integer ms that has edges, reading the level at the end of that ms ("reads" below), and
 * the definitions in firmware/core/debounce/README.md. A level held exactly the window passes
 * `defer`. `integrate` (evidence rises 1 ms per ms at the other level, falls 2 ms per ms at the
 * reported one, a change when it reaches the window) reports what `defer` reports wherever
 * every contrary pulse is followed by a return at least half its length; where it differs the
 * comment derives it ("int:").
 */
import { freezeTable, type DebounceTable } from "./harness.ts";

export const VECTORS: readonly DebounceTable[] = [
  // reads: 10→0, 200→1. defer: stable from 10, reported at 40; from 200, at 230.
  // eager: 10 at once (window 10–40, quiet at its end); 200 at once.
  freezeTable({
    name: "clean press and release",
    windowMs: 30,
    initial: 1,
    edges: [[10, 0], [200, 1]],
    expect: { defer: [[40, 0], [230, 1]], eager: [[10, 0], [200, 1]], integrate: [[40, 0], [230, 1]] },
  }),

  // Sub-ms bounce bursts. Press burst: reads 10→1 (10.9 was the last edge in ms 10),
  // 11→1 (11.5), 12→0 (12.05). Release burst: reads 150→1 (150.8), 151→0 (151.6), 152→1 (152.3).
  // defer: 0 stable from 12 → 42; 1 from 150 cancelled at 151; 1 from 152 → 182.
  // eager: ms 10 and 11 read the idle level, so the first edge it sees is at 12 (window 12–42);
  // 150 reads 1 → at once (window 150–180 swallows 151 and 152; 1 at its end = reported level).
  freezeTable({
    name: "bounce bursts at sub-ms spacing on press and release",
    windowMs: 30,
    initial: 1,
    edges: [
      [10.0, 0], [10.3, 1], [10.6, 0], [10.9, 1], [11.2, 0], [11.5, 1], [12.05, 0],
      [150.1, 1], [150.4, 0], [150.8, 1], [151.6, 0], [152.3, 1],
    ],
    expect: { defer: [[42, 0], [182, 1]], eager: [[12, 0], [150, 1]], integrate: [[42, 0], [182, 1]] },
  }),

  // Presses shorter than the window, and one exactly the window.
  // reads: 100→0, 129→1 (29 ms); 200→0, 229→1 (229.9 is in ms 229: 29 ms); 300→0, 330→1.
  // defer: 29 ms never passes; at 330 the 0 read at 300 has been stable exactly 30 ms → 0 at
  // 330, then 1 read at 330 → 360.
  // eager: 0 at 100 (window to 130; 1 at its end → 1 at 130, window to 160); same at 200/230;
  // 0 at 300 (window to 330; at 330 the input still read 0 before the new read, so the window
  // ends quietly, then the read of 1 is a first edge → 1 at 330).
  freezeTable({
    name: "presses shorter than the window never pass defer; exactly the window passes",
    windowMs: 30,
    initial: 1,
    edges: [[100, 0], [129, 1], [200, 0], [229.9, 1], [300, 0], [330, 1]],
    expect: {
      defer: [[330, 0], [360, 1]],
      eager: [[100, 0], [130, 1], [200, 0], [230, 1], [300, 0], [330, 1]],
      integrate: [[330, 0], [360, 1]],
    },
  }),

  // Interference: a 2 ms glitch to 0 every 10 ms, at 10, 20, … 200 (reads 10k→0, 10k+2→1),
  // plus a 0.2 ms spike at 250.3 (read at 250 as 1: invisible).
  // defer: nothing is ever stable 30 ms at 0 → silent.
  // eager: 0 at 10 (window 10–40); at 40 the last read (42 is later) is 1 from 32 → 1 at 40,
  // window 40–70; at 70 the last read is 1 (62) = reported, window ends, then the read of 0 at
  // 70 → 0 at 70; and so on: 1 at 100, 0 at 130, 1 at 160, 0 at 190, 1 at 220 (reads at 200 and
  // 202 fall in the 190–220 window; 1 at its end).
  freezeTable({
    name: "short glitches on an idle line",
    windowMs: 30,
    initial: 1,
    edges: [
      ...Array.from({ length: 20 }, (_, k) => [
        [10 * (k + 1), 0] as const,
        [10 * (k + 1) + 2, 1] as const,
      ]).flat(),
      [250.3, 0],
      [250.5, 1],
    ],
    expect: {
      defer: [],
      eager: [[10, 0], [40, 1], [70, 0], [100, 1], [130, 0], [160, 1], [190, 0], [220, 1]],
      integrate: [],
    },
  }),

  // Slow edges that chatter through the threshold. Press: reads 50→1, 51→1, 52→1, 53→0,
  // 55→0, 58→0, 63→0 (each ms's last edge). defer: 0 stable from 53 → 83. eager: 0 at 53.
  // Release: reads 300→0, 301→1, 302→0, 304→0, 309→1. defer: 1 from 301 cancelled at 302;
  // 1 from 309 → 339. eager: 1 at 301 (window to 331 swallows 302–309; 1 at its end).
  freezeTable({
    name: "slow edges chatter, then settle",
    windowMs: 30,
    initial: 1,
    edges: [
      [50, 0], [50.4, 1], [51, 0], [51.3, 1], [52, 0], [52.2, 1], [53, 0], [55, 1], [55.5, 0],
      [58, 1], [58.2, 0], [63, 1], [63.1, 0],
      [300, 1], [300.5, 0], [301.7, 1], [302, 0], [304, 1], [304.1, 0], [309, 1],
    ],
    expect: { defer: [[83, 0], [339, 1]], eager: [[53, 0], [301, 1]], integrate: [[83, 0], [339, 1]] },
  }),

  // A change inside eager's window is reported at its end. reads 10→0, 20→1, 25→0, 28→1.
  // defer: 0 from 10 cancelled at 20; 0 from 25 cancelled at 28 → silent.
  // eager: 0 at 10; window to 40 ends with 1 → 1 at 40 (window to 70, quiet).
  freezeTable({
    name: "a release inside the eager window is reported at the window's end",
    windowMs: 30,
    initial: 1,
    edges: [[10, 0], [20, 1], [25, 0], [28, 1]],
    expect: { defer: [], eager: [[10, 0], [40, 1]], integrate: [] },
  }),

  // Chained windows. reads 10→0, 35→1, 45→0, 80→1.
  // int: evidence 25 at 35, falls 20 to 5 at 45, rises to 30 at 70 → 0 at 70; 1 from 80 → 110.
  // defer: 0 from 10 cancelled at 35; 0 from 45 → 75; 1 from 80 → 110.
  // eager: 0 at 10; window ends at 40 with 1 → 1 at 40; ends at 70 with 0 → 0 at 70; ends at
  // 100 with 1 → 1 at 100; window to 130 ends quietly.
  freezeTable({
    name: "eager windows chain while the input keeps changing",
    windowMs: 30,
    initial: 1,
    edges: [[10, 0], [35, 1], [45, 0], [80, 1]],
    expect: { defer: [[75, 0], [110, 1]], eager: [[10, 0], [40, 1], [70, 0], [100, 1]], integrate: [[70, 0], [110, 1]] },
  }),

  // Two eager changes can fall due in one late call: 0 at 10, 1 at the window's end (40), and
  // a new first edge at 100. Without timers (edges only), the call at 100 finds both due.
  // defer: 0 from 10 cancelled at 20; 0 from 100 → 130.
  freezeTable({
    name: "a late call that finds two eager changes due loses neither",
    windowMs: 30,
    initial: 1,
    edges: [[10, 0], [20, 1], [100, 0]],
    expect: { defer: [[130, 0]], eager: [[10, 0], [40, 1], [100, 0]], integrate: [[130, 0]] },
  }),

  // After a late call, the new eager window starts at the edge (107), not where an earlier
  // window chain would have put it (100). reads 10→0, 20→1, 107→0, 120→1, 132→0.
  // eager: 0 at 10; 1 at 40 (window 40–70 ends quietly); 0 at 107 (window 107–137, which
  // swallows 120 and 132 and ends with the input at 0 = reported level: quiet).
  // defer: 0 from 10 cancelled at 20; from 107 cancelled at 120; from 132 → 162.
  freezeTable({
    name: "an eager window starts at the edge that opens it, even after a late call",
    windowMs: 30,
    initial: 1,
    edges: [[10, 0], [20, 1], [107, 0], [120, 1], [132, 0]],
    expect: { defer: [[162, 0]], eager: [[10, 0], [40, 1], [107, 0]], integrate: [[162, 0]] },
  }),

  // The smallest window, 1 ms. reads 10→1 (10.5 is in ms 10: invisible), 20→0, 21→1.
  // defer: 0 read at 20 is stable 1 ms at 21 → 0 at 21, then 1 read at 21 → 22.
  // eager: 0 at 20 (window 20–21); at 21 the window ends quietly, the read of 1 → 1 at 21.
  freezeTable({
    name: "a 1 ms window",
    windowMs: 1,
    initial: 1,
    edges: [[10, 0], [10.5, 1], [20, 0], [21, 1]],
    expect: { defer: [[21, 0], [22, 1]], eager: [[20, 0], [21, 1]], integrate: [[21, 0], [22, 1]] },
  }),

  // Active-high wiring (idle 0), and a long press so the wrap start falls in the middle of it.
  // The press bounces: edges 1000.2→1, 1000.5→0, 1001.3→1, so reads 1000→0, 1001→1. The release
  // bounces: 5000.7→0, 5000.9→1, 5001.1→0, so reads 5000→1, 5001→0.
  // defer: 1 from 1001 → 1031; 0 from 5001 → 5031. eager: 1 at 1001; 0 at 5001.
  freezeTable({
    name: "a 4 s press with bounce, active-high",
    windowMs: 30,
    initial: 0,
    edges: [[1000.2, 1], [1000.5, 0], [1001.3, 1], [5000.7, 0], [5000.9, 1], [5001.1, 0]],
    expect: { defer: [[1031, 1], [5031, 0]], eager: [[1001, 1], [5001, 0]], integrate: [[1031, 1], [5031, 0]] },
  }),

  // The largest window, 1000 ms: a 999 ms press (never passes defer), then one of exactly
  // 1000 ms. reads 5→0, 1004→1, 2000→0, 3000→1.
  // defer: 0 from 5 cancelled at 1004; 0 from 2000 stable exactly 1000 at 3000 → 0 at 3000,
  // 1 from 3000 → 4000.
  // eager: 0 at 5 (window to 1005, ends with 1 → 1 at 1005, window to 2005); the read of 0 at
  // 2000 is inside it, so 0 at 2005 (window to 3005); 1 read at 3000 is inside → 1 at 3005.
  freezeTable({
    name: "a 1000 ms window",
    windowMs: 1000,
    initial: 1,
    edges: [[5, 0], [1004, 1], [2000, 0], [3000, 1]],
    expect: { defer: [[3000, 0], [4000, 1]], eager: [[5, 0], [1005, 1], [2005, 0], [3005, 1]], integrate: [[3000, 0], [4000, 1]] },
  }),
];

/**
 * A worn or dirty contact, and the pulse trains that bound `integrate` (issue 10 point 3). Only
 * `defer` and `integrate` are compared here: `eager` has no noise immunity to speak of.
 */
export const WORN_CONTACT_VECTORS: readonly DebounceTable[] = [
  // Held from 10 to 300, the contact opening 1 ms every 10 ms from 19 to 200.
  // reads 10→0, then 10k+9→1 and 10k+10→0 for k = 1…19, 300→1.
  // defer: never 30 ms closed until the opens stop: 0 stable from 200 → 230; 1 from 300 → 330.
  // int: evidence 9 at 19, −2 → 7 at 20, +9 → 16 at 29, 14 at 30, 23 at 39, 21 at 40, reaches
  // 30 at 49 → 0 at 49. Each open then adds 1 and the next ms of contact removes it: released
  // only by the real release, 300 → 330.
  freezeTable({
    name: "a held contact that opens 1 ms every 10 ms",
    windowMs: 30,
    initial: 1,
    edges: [[10, 0], ...Array.from({ length: 19 }, (_, i) => [[10 * (i + 1) + 9, 1] as const, [10 * (i + 1) + 10, 0] as const]).flat(), [300, 1]],
    expect: { defer: [[230, 0], [330, 1]], integrate: [[49, 0], [330, 1]] },
  }),

  // The cost: pulses of 20 ms with 5 ms gaps (duty 80 %), none as long as the window.
  // reads 10→0, 30→1, 35→0, 55→1, 60→0, 80→1, 85→0, 105→1.
  // defer: nothing stable 30 ms at 0 → silent.
  // int: 20 at 30, −10 → 10 at 35, +20 → 30 at 55 → 0 at 55. Then evidence for 1: 5 at 60,
  // falls to 0 by 62, 5 at 85 → 0 by 87, rises from 105 → 1 at 135.
  freezeTable({
    name: "a train of 20 ms pulses with 5 ms gaps passes integrate, not defer",
    windowMs: 30,
    initial: 1,
    edges: [[10, 0], [30, 1], [35, 0], [55, 1], [60, 0], [80, 1], [85, 0], [105, 1]],
    expect: { defer: [], integrate: [[55, 0], [135, 1]] },
  }),

  // The boundary: 20 ms pulses with 10 ms gaps (gap = half the pulse), ten of them: the
  // evidence is 20 at each pulse's end and 0 at each gap's end → silent under both.
  freezeTable({
    name: "pulses shorter than the window with gaps half as long never pass",
    windowMs: 30,
    initial: 1,
    edges: Array.from({ length: 10 }, (_, i) => [[10 + 30 * i, 0] as const, [30 + 30 * i, 1] as const]).flat(),
    expect: { defer: [], integrate: [] },
  }),
];
