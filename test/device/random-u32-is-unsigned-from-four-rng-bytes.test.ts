import test from "ava";
import { createRandomU32 } from "../../firmware/moddable/random.ts";

const rows: [number[], number][] = [
  [[0, 0, 0, 0], 0],
  [[0xff, 0xff, 0xff, 0xff], 0xffff_ffff],
  [[0x80, 0, 0, 1], 0x8000_0001],
  [[0x12, 0x34, 0x56, 0x78], 0x1234_5678],
];
for (const [bytes, expected] of rows) {
  test(`RNG bytes ${bytes.join(",")} give ${expected}`, (t) => {
    const asked: number[] = [];
    const random = createRandomU32({ rng: { get: (n) => (asked.push(n), Uint8Array.from(bytes).buffer) } });
    t.is(random(), expected);
    t.deepEqual(asked, [4]);
  });
}

test("a short read from RNG is an error, not a small number", (t) => {
  const random = createRandomU32({ rng: { get: () => new ArrayBuffer(3) } });
  t.throws(() => random(), { instanceOf: RangeError });
});
