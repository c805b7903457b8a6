import test from "ava";
import { createClock, createWallTime, WALL_CLOCK_SET_AFTER_MS } from "../../firmware/moddable/clock.ts";

// Moddable's Time.ticks is a signed 32-bit integer on microcontrollers (documentation/base/base.md).
const rows: [number, number][] = [
  [0, 0],
  [1, 1],
  [0x7fff_ffff, 0x7fff_ffff],
  [-0x8000_0000, 0x8000_0000],
  [-1, 0xffff_ffff],
];
for (const [ticks, expected] of rows) {
  test(`Time.ticks ${ticks} reads as Ticks ${expected}`, (t) => {
    t.is(createClock({ time: { ticks } }).now(), expected);
  });
}

test("each now() reads Time.ticks again", (t) => {
  let ticks = 10;
  const clock = createClock({
    time: {
      get ticks() {
        return ticks;
      },
    },
  });
  t.is(clock.now(), 10);
  ticks = -2;
  t.is(clock.now(), 0xffff_fffe);
});

test("wall time is unknown until the clock is set, then whole Unix seconds", (t) => {
  t.is(createWallTime({ dateNow: () => 5_000 })(), undefined); // ms since boot: SNTP has not run
  t.is(createWallTime({ dateNow: () => WALL_CLOCK_SET_AFTER_MS })(), undefined);
  t.is(createWallTime({ dateNow: () => 1_750_000_000_999 })(), 1_750_000_000);
});
