/**
 * Claim: the replay window (RFC 4303 §3.4.3) accepts each counter at most once, accepts counters
 * that arrive out of order within the window, and refuses counters left of the window and those
 * at or below its floor.
 */
import test from "ava";
import fc from "fast-check";
import { ReplayWindow, type ReplayVerdict } from "../../firmware/core/auth/replay-window.ts";

// Rows: [counter, expected verdict]; a "fresh" counter is then accepted. Window of 32, floor 0.
const ROWS: [number, ReplayVerdict][] = [
  [0, "repeat"], //   at the floor: never accepted
  [1, "fresh"],
  [1, "repeat"],
  [5, "fresh"], //    skips 2…4 (lost frames)
  [3, "fresh"], //    late, inside the window
  [3, "repeat"],
  [2, "fresh"],
  [4, "fresh"],
  [36, "fresh"], //   right edge 36: window is 5…36
  [4, "too_old"], //  36 − 4 = 32 ≥ size
  [5, "repeat"], //   the left edge itself is inside the window, already seen
  [6, "fresh"], //    never seen, still inside
  [1000, "fresh"], // a jump wider than the window clears it
  [969, "fresh"], //  the left edge of the new window
  [968, "too_old"],
  [0xffff_ffff, "fresh"], // the largest counter
  [0xffff_ffff, "repeat"],
];

test("table: verdicts of a 32-frame window", (t) => {
  const w = new ReplayWindow({ sizeFrames: 32 });
  for (const [counter, expected] of ROWS) {
    t.is(w.check(counter), expected, `counter ${counter}`);
    if (expected === "fresh") w.accept(counter);
  }
  t.is(w.highest, 0xffff_ffff);
});

test("a floor refuses every counter at or below it", (t) => {
  const w = new ReplayWindow({ sizeFrames: 64, floor: 1000 });
  t.is(w.check(1000), "repeat");
  t.is(w.check(999), "repeat");
  t.is(w.check(936), "too_old");
  t.is(w.check(1001), "fresh");
  w.accept(1003);
  t.is(w.check(1001), "fresh", "counters between the floor and the first accepted stay fresh");
  t.is(w.check(1000), "repeat");
});

test("accepting a counter that is not fresh is a programmer error", (t) => {
  const w = new ReplayWindow();
  w.accept(10);
  t.throws(() => w.accept(10), { instanceOf: RangeError, message: /repeat/ });
  t.throws(() => w.check(-1), { instanceOf: RangeError, message: /counter/ });
  t.throws(() => w.check(2 ** 32), { instanceOf: RangeError, message: /counter/ });
});

test("options are validated", (t) => {
  t.throws(() => new ReplayWindow({ sizeFrames: 48 }), { instanceOf: RangeError, message: /sizeFrames/ });
  t.throws(() => new ReplayWindow({ sizeFrames: 0 }), { instanceOf: RangeError, message: /sizeFrames/ });
  t.throws(() => new ReplayWindow({ sizeFrames: 8192 }), { instanceOf: RangeError, message: /sizeFrames/ });
  t.throws(() => new ReplayWindow({ floor: -1 }), { instanceOf: RangeError, message: /floor/ });
  t.is(new ReplayWindow().sizeFrames, 64);
});

/** Model: what RFC 4303 §3.4.3 says, with a Set of everything ever accepted. */
function modelVerdict(accepted: Set<number>, highest: number, size: number, floor: number, c: number): ReplayVerdict {
  if (c > highest) return "fresh";
  if (highest - c >= size) return "too_old";
  return c <= floor || accepted.has(c) ? "repeat" : "fresh";
}

const sizeArb = fc.constantFrom(32, 64, 96, 128);

test("property: verdicts match the model, and no counter is ever accepted twice", (t) => {
  t.notThrows(() =>
    fc.assert(
      fc.property(
        sizeArb,
        fc.integer({ min: 0, max: 1000 }),
        fc.array(fc.integer({ min: -40, max: 200 }), { maxLength: 300 }),
        (size, floor, steps) => {
          const w = new ReplayWindow({ sizeFrames: size, floor });
          const accepted = new Set<number>();
          let highest = floor;
          for (const step of steps) {
            // Counters near the right edge, some behind it, some jumping ahead.
            const c = Math.max(0, highest + step - (step > 150 ? 0 : 60));
            const verdict = w.check(c);
            if (verdict !== modelVerdict(accepted, highest, size, floor, c)) return false;
            if (verdict === "fresh") {
              if (accepted.has(c)) return false;
              w.accept(c);
              accepted.add(c);
              highest = Math.max(highest, c);
            }
            if (w.highest !== highest) return false;
          }
          return true;
        },
      ),
      { numRuns: 500 },
    ),
  );
});

test("property: any reordering of counters within one window is accepted in full, then refused in full", (t) => {
  const arb = sizeArb.chain((size) =>
    fc.tuple(
      fc.constant(size),
      fc.integer({ min: 1, max: 2 ** 32 - 1 - size }),
      fc.shuffledSubarray(Array.from({ length: size }, (_, i) => i), { minLength: size }),
    ),
  );
  t.notThrows(() =>
    fc.assert(
      fc.property(arb, ([size, start, offsets]) => {
        const w = new ReplayWindow({ sizeFrames: size, floor: start - 1 });
        for (const offset of offsets) {
          if (w.check(start + offset) !== "fresh") return false;
          w.accept(start + offset);
        }
        return offsets.every((offset) => w.check(start + offset) === "repeat") && w.check(start - 1) !== "fresh";
      }),
      { numRuns: 200 },
    ),
  );
});
