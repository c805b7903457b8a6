/**
 * A button held at boot never gives a press (nobody can tell a person pressing from a button
 * stuck since before power-up). It counts as stuck-at-boot until released: `stuck` once it has
 * been held `stuckMs` since boot, `stuck_cleared` on release; a release before that gives nothing.
 * The next press after the release is a normal press.
 */
import test from "ava";
import { ButtonInput } from "../../firmware/core/press.ts";
import { checkButtonTable, type ButtonTable } from "./button-harness.ts";

const TABLES: readonly ButtonTable[] = [
  // Pressed at boot; release read at 5000 → debounced 5030: no event (before stuckMs).
  // Then a 100 ms press read at 6000 → 6030 press; 6100 → 6130 release.
  {
    name: "held 5 s at boot: nothing; the next press is normal",
    options: { initial: 0 },
    bootNow: true,
    edges: [[5000, 1], [6000, 0], [6100, 1]],
    expect: [[6030, "press"], [6130, "release"]],
  },
  // Held 40 s from boot (now = start): stuck at 30000; release read at 40000 → 40030
  // stuck_cleared (no release: no press was given); a new press 41000 → 41030, 41200 → 41230.
  {
    name: "held 40 s at boot: stuck at stuckMs, stuck_cleared on release, then a normal press",
    options: { initial: 0 },
    bootNow: true,
    edges: [[40_000, 1], [41_000, 0], [41_200, 1]],
    expect: [[30_000, "stuck"], [40_030, "stuck_cleared"], [41_030, "press"], [41_230, "release"]],
  },
  // Active-high, held at boot (initial 1), with bounce on the release: reads 900→1 (900.6),
  // 901→0 → debounced release 931: nothing.
  {
    name: "active-high, held at boot, bouncy release: nothing",
    options: { initial: 1, activeLow: false },
    bootNow: true,
    edges: [[900.2, 0], [900.6, 1], [901.1, 0]],
    expect: [],
  },
];

for (const table of TABLES) {
  test(table.name, (t) => {
    const { problems } = checkButtonTable(table);
    t.deepEqual(problems, []);
  });
}

test("held at boot without a boot tick: timed from the first call", (t) => {
  const button = new ButtonInput({ initial: 0, stuckMs: 1000 });
  t.true(button.bootHeld);
  t.true(button.pressed);
  t.is(button.nextDeadline(), undefined); // no time known yet
  t.deepEqual(button.poll(500), []);
  t.is(button.nextDeadline(), 1500);
  t.deepEqual(button.poll(1500), [{ type: "stuck", at: 1500 }]);
  t.deepEqual(button.sample(1, 2000), []);
  t.deepEqual(button.poll(2030), [{ type: "stuck_cleared", at: 2030 }]);
  t.false(button.bootHeld);
  t.false(button.pressed);
});
