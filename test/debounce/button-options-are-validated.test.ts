/** Bad `ButtonInput` options are refused at construction with an error naming the field. */
import test from "ava";
import { BUTTON_DEFAULTS, ButtonInput } from "../../firmware/core/press.ts";

const BAD: readonly [string, Record<string, unknown>, typeof RangeError | typeof TypeError, RegExp][] = [
  ["negative holdMs", { holdMs: -1 }, RangeError, /^holdMs: /],
  ["fractional holdMs", { holdMs: 0.5 }, RangeError, /^holdMs: /],
  ["holdMs above a minute", { holdMs: 60_001, stuckMs: 120_000 }, RangeError, /^holdMs: .*60000/],
  ["stuckMs 0", { stuckMs: 0 }, RangeError, /^stuckMs: /],
  ["stuckMs not above holdMs", { holdMs: 2000, stuckMs: 2000 }, RangeError, /^stuckMs: must exceed holdMs/],
  ["stuckMs above a day", { stuckMs: 86_400_001 }, RangeError, /^stuckMs: /],
  ["stuckMs as a string", { stuckMs: "30000" }, TypeError, /^stuckMs: /],
  ["activeLow as a number", { activeLow: 1 }, TypeError, /^activeLow: /],
  ["bad debounce window", { debounce: { windowMs: 0 } }, RangeError, /^debounce\.windowMs: /],
  ["bad debounce strategy", { debounce: { strategy: "asym" } }, RangeError, /^debounce\.strategy: /],
  ["initial missing", { initial: undefined }, RangeError, /^initial: /],
  ["boot tick out of range", { now: -1 }, RangeError, /^now: /],
];

for (const [what, options, type, message] of BAD) {
  test(`ButtonInput refuses ${what}`, (t) => {
    t.throws(() => new ButtonInput({ initial: 1, ...options } as never), { instanceOf: type, message });
  });
}

test("defaults: defer 30 ms, holdMs 0, stuckMs 30000, active-low; partial options merge over them", (t) => {
  t.deepEqual(JSON.parse(JSON.stringify(BUTTON_DEFAULTS)), {
    debounce: { strategy: "defer", windowMs: 30 },
    holdMs: 0,
    stuckMs: 30_000,
    activeLow: true,
  });
  const options = { initial: 1 as const, debounce: { windowMs: 50 } };
  const button = new ButtonInput(options);
  t.deepEqual(JSON.parse(JSON.stringify(button.options)), {
    debounce: { strategy: "defer", windowMs: 50 },
    holdMs: 0,
    stuckMs: 30_000,
    activeLow: true,
  });
  t.deepEqual(options, { initial: 1, debounce: { windowMs: 50 } }, "the caller's object is unmodified");
  t.false(button.pressed);
});
