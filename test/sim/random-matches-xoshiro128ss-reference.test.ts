import test from "ava";
import { Random } from "../../tools/sim/random.ts";

test("xoshiro128** from state {1, 2, 3, 4} gives the reference C outputs", (t) => {
  // Outputs of the reference implementation (prng.di.unimi.it/xoshiro128starstar.c), compiled
  // with gcc, for s = {1, 2, 3, 4}.
  const r = Random.fromState(1, 2, 3, 4);
  t.deepEqual([r.u32(), r.u32(), r.u32(), r.u32(), r.u32(), r.u32()], [11520, 0, 5927040, 70819200, 2031721883, 1637235492]);
});

test("a stream depends only on (seed, label): same pair, same numbers; another seed or label, others", (t) => {
  const draw = (seed: number, label: string) => Array.from({ length: 8 }, ((r) => () => r.u32())(new Random(seed, label)));
  t.deepEqual(draw(7, "device:clinic"), draw(7, "device:clinic"));
  t.notDeepEqual(draw(7, "device:clinic"), draw(8, "device:clinic"));
  t.notDeepEqual(draw(7, "device:clinic"), draw(7, "device:market"));
  t.notDeepEqual(draw(0, "a"), draw(0, "b"));
});

test("float is in [0, 1) and roughly uniform; int covers its inclusive range", (t) => {
  const r = new Random(1, "test");
  const N = 40_000;
  const bins = new Array(10).fill(0);
  let outside = 0;
  for (let i = 0; i < N; i++) {
    const x = r.float();
    if (!(x >= 0 && x < 1)) outside++;
    else bins[Math.floor(x * 10)]++;
  }
  t.is(outside, 0);
  // Each bin ~ Binomial(N, 0.1): within 5 sd = 5·√(N·0.09) = 300.
  t.true(bins.every((b) => Math.abs(b - N / 10) <= 300), JSON.stringify(bins));
  const seen = new Set<number>();
  for (let i = 0; i < 1000; i++) seen.add(r.int(3, 6));
  t.deepEqual([...seen].sort(), [3, 4, 5, 6]);
});

test("bad seeds are refused", (t) => {
  for (const seed of [-1, 2 ** 32, 1.5, Number.NaN]) t.throws(() => new Random(seed, "x"), { instanceOf: RangeError });
  t.throws(() => Random.fromState(0, 0, 0, 0), { instanceOf: RangeError });
});
