import test from "ava";
import { BACKOFF_LIMITS, longestWaitMs, nominalWaitMs, retransmissionWaitMs, type RetryPolicy } from "../../firmware/core/link/backoff.ts";
import { LINK_DEFAULTS } from "../../firmware/core/link/link.ts";
import { seededRandom } from "../../bench/harness/prng.ts";

/**
 * The alarm policy before issue 15 (100 ms doubling to 2 s, ± 50 %), kept as this file's example:
 * these tests check the backoff arithmetic, not the defaults in force (those are checked by
 * `link-readme-states-the-defaults-in-force.test.ts` and the issue 15 latency claims).
 */
const alarm: RetryPolicy = { initialMs: 100, maxMs: 2000, factor: 2, jitter: 0.5, maxAttempts: Infinity };

test("nominal waits double from initialMs and stop at maxMs (table)", (t) => {
  const rows: [RetryPolicy, number[]][] = [
    [alarm, [100, 200, 400, 800, 1600, 2000, 2000, 2000]],
    [LINK_DEFAULTS.heartbeat, [1000, 2000, 3000, 3000, 3000]],
    [{ initialMs: 50, maxMs: 1000, factor: 3, jitter: 0, maxAttempts: 9 }, [50, 150, 450, 1000, 1000]],
    [{ initialMs: 70, maxMs: 70, factor: 1, jitter: 0, maxAttempts: 3 }, [70, 70, 70]],
  ];
  for (const [policy, expected] of rows) {
    t.deepEqual(
      expected.map((_, i) => nominalWaitMs(policy, i + 1)),
      expected,
      JSON.stringify(policy),
    );
  }
  // An alarm retransmitted for days: the power overflows to Infinity and the cap still holds.
  t.is(nominalWaitMs(alarm, 100_000), alarm.maxMs);
});

test("every jittered wait lies within ± jitter of its nominal wait, never above the cap bound", (t) => {
  const random = seededRandom(1);
  for (let attempt = 1; attempt <= 40; attempt++) {
    const nominal = nominalWaitMs(alarm, attempt);
    for (let i = 0; i < 200; i++) {
      const w = retransmissionWaitMs(alarm, attempt, random);
      t.true(w >= Math.floor(nominal * (1 - alarm.jitter)) && w <= Math.ceil(nominal * (1 + alarm.jitter)), `attempt ${attempt}: ${w}`);
      t.true(w <= longestWaitMs(alarm));
    }
  }
  t.is(longestWaitMs(alarm), 3000);
});

test("jitter spreads waits across the whole ± band, differently per attempt and per seed", (t) => {
  const policy = { ...alarm, jitter: 0.5 };
  const a = seededRandom(11);
  const b = seededRandom(12);
  const seqA = Array.from({ length: 12 }, () => retransmissionWaitMs(policy, 6, a));
  const seqB = Array.from({ length: 12 }, () => retransmissionWaitMs(policy, 6, b));
  t.true(new Set(seqA).size >= 10, `attempts with one seed differ: ${seqA}`);
  t.notDeepEqual(seqA, seqB, "two seeds give two schedules");
  // Over many draws the band is covered: lowest and highest deciles are both hit.
  const many = Array.from({ length: 2000 }, () => retransmissionWaitMs(policy, 6, a));
  t.true(Math.min(...many) < 1100, `min ${Math.min(...many)}`);
  t.true(Math.max(...many) > 2900, `max ${Math.max(...many)}`);
});

test("the same seed repeats the same schedule (simulations are repeatable)", (t) => {
  const draw = (seed: number) => {
    const r = seededRandom(seed);
    return Array.from({ length: 10 }, (_, i) => retransmissionWaitMs(alarm, i + 1, r));
  };
  t.deepEqual(draw(5), draw(5));
});

test("without jitter the schedule is fixed; a wait is never below 1 ms", (t) => {
  const fixed = { ...alarm, jitter: 0 };
  const random = seededRandom(3);
  t.deepEqual([1, 2, 3].map((n) => retransmissionWaitMs(fixed, n, random)), [100, 200, 400]);
  const tiny = { initialMs: 1, maxMs: 1, factor: 1, jitter: 0.99, maxAttempts: 5 };
  for (let i = 0; i < 100; i++) t.true(retransmissionWaitMs(tiny, 1, random) >= 1);
  t.true(BACKOFF_LIMITS.maxWaitMs * 2 < 2 ** 31, "the longest wait stays wrap-safe");
});
