import test from "ava";
import { HEARTBEAT_DEFAULTS, HeartbeatSchedule } from "../../firmware/core/supervision/heartbeat.ts";
import { ticksAdd, ticksDiff } from "../../firmware/core/ticks.ts";
import { seededRandom } from "../../bench/harness/prng.ts";

const LO = HEARTBEAT_DEFAULTS.periodMs * (1 - HEARTBEAT_DEFAULTS.jitter);
const HI = HEARTBEAT_DEFAULTS.periodMs * (1 + HEARTBEAT_DEFAULTS.jitter);

/** Runs a schedule as the app does (poll at nextDeadline) for `count` heartbeats; returns the intervals. */
function intervals(seed: number, start: number, count: number): number[] {
  const s = new HeartbeatSchedule({ random: seededRandom(seed), startAt: start });
  const gaps: number[] = [];
  let prev = start;
  while (gaps.length < count) {
    const due = s.nextDeadline();
    if (s.poll(ticksAdd(due, -1))) throw new Error("due before its deadline");
    if (!s.poll(due)) throw new Error("not due at its deadline");
    gaps.push(ticksDiff(due, prev));
    prev = due;
  }
  return gaps;
}

for (const start of [0, 2 ** 32 - 200_000]) {
  test(`heartbeats come every 27 … 33 s, spread over that band, first one period after start (start ${start})`, (t) => {
    const gaps = intervals(1, start, 400);
    for (const g of gaps) t.true(g >= LO && g <= HI, `${g} ms`);
    const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
    t.true(Math.abs(mean - HEARTBEAT_DEFAULTS.periodMs) < 300, `mean ${mean}`);
    t.true(Math.min(...gaps) < LO + 600 && Math.max(...gaps) > HI - 600, "the band is covered");
  });
}

test("two callers with different randomness drift apart instead of staying in step", (t) => {
  const a = intervals(1, 0, 20);
  const b = intervals(2, 0, 20);
  t.notDeepEqual(a, b);
});

test("a late poll sends one heartbeat, not a burst, and schedules from then", (t) => {
  const s = new HeartbeatSchedule({ random: seededRandom(3), startAt: 0, jitter: 0 });
  t.false(s.poll(29_999));
  t.true(s.poll(100_000));
  t.false(s.poll(100_000));
  t.is(s.nextDeadline(), 130_000);
});

test("options are validated, naming the field", (t) => {
  const random = seededRandom(1);
  t.throws(() => new HeartbeatSchedule({ random, startAt: 0, periodMs: 999 }), { instanceOf: RangeError, message: /periodMs/ });
  t.throws(() => new HeartbeatSchedule({ random, startAt: 0, jitter: 1 }), { instanceOf: RangeError, message: /jitter/ });
  t.throws(() => new HeartbeatSchedule({ random: undefined as never, startAt: 0 }), { instanceOf: TypeError, message: /random/ });
  t.throws(() => new HeartbeatSchedule({ random, startAt: 2 ** 32 }), { message: /startAt/ });
});
