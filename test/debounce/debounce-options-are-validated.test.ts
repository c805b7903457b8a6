/** Bad debouncer options are refused at construction with an error naming the field; none is clamped. */
import test from "ava";
import { createDebouncer, DeferDebouncer, EagerDebouncer, DEBOUNCE_DEFAULTS } from "../../firmware/core/debounce/index.ts";

const BAD: readonly [string, Record<string, unknown>, typeof RangeError | typeof TypeError, RegExp][] = [
  ["window 0", { windowMs: 0 }, RangeError, /^windowMs: .*got 0$/],
  ["window above 1000", { windowMs: 1001 }, RangeError, /^windowMs: .*1 to 1000/],
  ["fractional window", { windowMs: 2.5 }, RangeError, /^windowMs: /],
  ["NaN window", { windowMs: Number.NaN }, RangeError, /^windowMs: /],
  ["window as a string", { windowMs: "30" }, TypeError, /^windowMs: .*number/],
  ["unknown strategy", { strategy: "sym_defer_pk" }, RangeError, /^strategy: must be one of defer, eager/],
  ["initial 2", { initial: 2 }, RangeError, /^initial: must be 0 or 1/],
];

for (const [what, options, type, message] of BAD) {
  test(`createDebouncer refuses ${what}`, (t) => {
    t.throws(() => createDebouncer(options as never), { instanceOf: type, message });
  });
}

test("each algorithm refuses the other's strategy name", (t) => {
  t.throws(() => new DeferDebouncer({ strategy: "eager" }), { instanceOf: RangeError, message: /^strategy: / });
  t.throws(() => new EagerDebouncer({ strategy: "defer" }), { instanceOf: RangeError, message: /^strategy: / });
});

test("defaults are defer, 30 ms, starting idle-high; the limits 1 and 1000 ms are accepted", (t) => {
  t.deepEqual({ ...DEBOUNCE_DEFAULTS }, { strategy: "defer", windowMs: 30 });
  t.true(Object.isFrozen(DEBOUNCE_DEFAULTS));
  const d = createDebouncer();
  t.true(d instanceof DeferDebouncer);
  t.is(d.level, 1);
  t.is((d as DeferDebouncer).windowMs, 30);
  t.is((createDebouncer({ strategy: "eager", windowMs: 1 }) as EagerDebouncer).windowMs, 1);
  t.is((createDebouncer({ windowMs: 1000, initial: 0 }) as DeferDebouncer).level, 0);
});
