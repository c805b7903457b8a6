/**
 * A button held for `stuckMs` gives exactly one `stuck` and never a stream of presses, however
 * long it stays held and whatever noise rides on it; its release gives `release` (for the press
 * it made) then `stuck_cleared`; the next real press is a normal press again.
 */
import test from "ava";
import { ButtonInput } from "../../firmware/core/press.ts";
import { checkButtonTable, type ButtonTable } from "./button-harness.ts";

// Press read at 100 → press at 130, stuck at 130 + 30000 = 30130. While held, 5 ms release
// glitches at 50000 and 70000 (shorter than the window) change nothing. Release read at 100000
// → at 100030 release, stuck_cleared. A new 200 ms press: 101030 press, 101230 release.
const TABLE: ButtonTable = {
  name: "held 100 s with glitches: one press, one stuck, then release and stuck_cleared",
  options: { initial: 1, stuckMs: 30_000 },
  edges: [
    [100, 0],
    [50_000, 1], [50_005, 0],
    [70_000.5, 1], [70_004.9, 0],
    [100_000, 1],
    [101_000, 0], [101_200, 1],
  ],
  expect: [
    [130, "press"],
    [30_130, "stuck"],
    [100_030, "release"],
    [100_030, "stuck_cleared"],
    [101_030, "press"],
    [101_230, "release"],
  ],
};

test(TABLE.name, (t) => {
  const { problems } = checkButtonTable(TABLE);
  t.deepEqual(problems, []);
});

test("polled every ms for 10 minutes while held, a stuck button reports one stuck and no further press", (t) => {
  const button = new ButtonInput({ initial: 1, holdMs: 200, stuckMs: 5000 });
  const seen: string[] = [];
  for (const e of button.sample(0, 1000)) seen.push(`${e.type}@${e.at}`);
  for (let now = 1001; now <= 601_000; now++) {
    for (const e of button.poll(now)) seen.push(`${e.type}@${e.at}`);
    if (now % 997 === 0) for (const e of button.sample(0, now)) seen.push(`${e.type}@${e.at}`); // re-reads
  }
  // debounced at 1030, hold ends 1230, stuck 5000 after the debounced press: 6030
  t.deepEqual(seen, ["press@1230", "stuck@6030"]);
  t.true(button.pressed);
  t.is(button.nextDeadline(), undefined);
  t.deepEqual(button.sample(1, 601_001), []);
  t.deepEqual(
    button.poll(601_031).map((e) => e.type),
    ["release", "stuck_cleared"],
  );
});

test("a stuck button with hold-to-trigger: a late poll that passes both deadlines gives press then stuck, once", (t) => {
  const button = new ButtonInput({ initial: 1, holdMs: 1000, stuckMs: 3000 });
  t.deepEqual(button.sample(0, 0), []);
  t.deepEqual(button.poll(30), []); // debounced; hold ends at 1030, stuck at 3030
  t.is(button.nextDeadline(), 1030);
  t.deepEqual(button.poll(10_000), [
    { type: "press", at: 10_000 },
    { type: "stuck", at: 10_000 },
  ]);
  t.deepEqual(button.poll(20_000), []);
});
