import test from "ava";
import { ReconnectBackoff } from "../../tools/mqtt/backoff.ts";
import { seededRandom } from "../../bench/harness/prng.ts";

test("reconnect waits double up to the cap, each spread ±50 % around the nominal wait, and reset after success", (t) => {
  const table: { random: number; delays: number[] }[] = [
    { random: 0, delays: [50, 100, 200, 400, 500, 500, 500] }, // lowest draw: nominal × 0.5
    { random: 0x8000_0000, delays: [100, 200, 400, 800, 1000, 1000, 1000] }, // middle draw: nominal
    { random: 0xffff_ffff, delays: [150, 300, 600, 1200, 1500, 1500, 1500] }, // highest draw: ≈ nominal × 1.5
  ];
  for (const row of table) {
    const b = new ReconnectBackoff({ minDelayMs: 100, maxDelayMs: 1000, random: () => row.random });
    t.deepEqual(Array.from({ length: 7 }, () => b.nextDelayMs()), row.delays);
    t.is(b.failures, 7);
    b.reset();
    t.is(b.nextDelayMs(), row.delays[0]);
  }
});

test("a crowd that lost the broker together spreads its reconnects (no storm)", (t) => {
  const random = seededRandom(7);
  const crowd = Array.from({ length: 200 }, () => new ReconnectBackoff({ minDelayMs: 1000, maxDelayMs: 30_000, random }));
  const third = crowd.map((b) => [b.nextDelayMs(), b.nextDelayMs(), b.nextDelayMs()][2]!);
  const perSecond = new Map<number, number>();
  for (const d of third) perSecond.set(Math.floor(d / 1000), (perSecond.get(Math.floor(d / 1000)) ?? 0) + 1);
  t.true(third.every((d) => d >= 2000 && d <= 6000), "third wait within 4 s ± 50 %");
  t.true(Math.max(...perSecond.values()) <= 120, `no second gets most of the crowd (${[...perSecond.entries()].join(" ")})`);
  t.true(new Set(third).size > 150, "delays are not in lockstep");
});

test("bad backoff options are refused naming the field", (t) => {
  t.throws(() => new ReconnectBackoff({ minDelayMs: 0, random: () => 0 }), { instanceOf: RangeError, message: /minDelayMs/ });
  t.throws(() => new ReconnectBackoff({ minDelayMs: 10, maxDelayMs: 5, random: () => 0 }), { instanceOf: RangeError, message: /maxDelayMs/ });
  t.throws(() => new ReconnectBackoff({ random: undefined as never }), { instanceOf: TypeError, message: /random/ });
});
