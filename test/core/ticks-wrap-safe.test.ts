import test from "ava";
import fc from "fast-check";
import { earliest, ticksAdd, ticksBefore, ticksDiff, ticksReached, ticksUntil, toTicks, TICKS_MODULUS } from "../../firmware/core/ticks.ts";

const tick = fc.integer({ min: 0, max: TICKS_MODULUS - 1 });
const interval = fc.integer({ min: -0x7fff_ffff, max: 0x7fff_ffff });

test("ticksAdd wraps past 2^32 and below 0", (t) => {
  t.is(ticksAdd(0xffff_fff0, 0x20), 0x10);
  t.is(ticksAdd(5, -10), TICKS_MODULUS - 5);
  t.is(toTicks(-1), 0xffff_ffff); // a signed Moddable Time.ticks of -1
});

test("ticksDiff is the signed interval across a wrap", (t) => {
  t.is(ticksDiff(0x10, 0xffff_fff0), 0x20);
  t.is(ticksDiff(0xffff_fff0, 0x10), -0x20);
  t.true(ticksBefore(0xffff_fff0, 0x10));
  t.true(ticksReached(0x10, 0xffff_fff0));
  t.false(ticksReached(0xffff_fff0, 0x10));
  t.is(ticksUntil(0xffff_fff0, 0x10), 0x20);
  t.is(ticksUntil(0x10, 0xffff_fff0), 0);
  t.is(earliest(0x10, 0xffff_fff0), 0xffff_fff0);
  t.is(earliest(undefined, 7), 7);
  t.is(earliest(undefined, undefined), undefined);
});

test("property: ticksDiff(ticksAdd(t, d), t) === d for any t and |d| < 2^31", (t) => {
  t.notThrows(() =>
    fc.assert(
      fc.property(tick, interval, (t0, d) => ticksDiff(ticksAdd(t0, d), t0) === d && ticksReached(ticksAdd(t0, Math.abs(d)), t0)),
    ),
  );
});
