/**
 * Claim: a receiver's replay marks persist across its reboots, so after a reboot every counter
 * at or below the stored mark is refused, at most `markBlockFrames − 1` earlier frames per peer
 * remain replayable (the documented residual window), fresh frames are never refused, and the
 * store is written once per block of frames per peer.
 */
import test from "ava";
import fc from "fast-check";
import { ReplayMarks } from "../../firmware/core/auth/replay-marks.ts";
import { MapStore } from "./map-store.ts";

const PEER = 0x0000_00c8;
const KEY = "ch.rw.000000c8";

test("table: marks written per block, reboot refuses up to the mark", (t) => {
  const store = new MapStore();
  let marks = new ReplayMarks({ store, peers: [PEER], markBlockFrames: 4 });
  for (let c = 1; c <= 9; c++) marks.accept(PEER, c);
  // Writes at 4 (4 − 0 ≥ 4) and 8 (8 − 4 ≥ 4).
  t.is(store.writes.get(KEY), 2);
  t.is(store.get(KEY), 8);
  marks = new ReplayMarks({ store, peers: [PEER], markBlockFrames: 4 }); // reboot
  t.is(marks.check(PEER, 8), "repeat");
  t.is(marks.check(PEER, 1), "repeat");
  t.is(marks.check(PEER, 9), "fresh", "9 was accepted before the reboot: the residual window (≤ 3 frames)");
  t.is(marks.check(PEER, 10), "fresh");
  marks.accept(PEER, 10);
  t.is(store.writes.get(KEY), 2, "10 − 8 < 4: no write yet");
});

test("the block counts accepted frames, not counter units: a sender's counter jump alone writes nothing", (t) => {
  // A receiver's counter advances for frames to all its callers, so one caller sees jumps of
  // ~N per frame; counting units would write the mark on nearly every frame.
  const store = new MapStore();
  const marks = new ReplayMarks({ store, peers: [PEER, 7], markBlockFrames: 4 });
  marks.accept(PEER, 3);
  marks.accept(PEER, 64 + 1); // the sender rebooted and resumed past its reserved block
  t.is(store.get(KEY), undefined, "2 frames: no write yet");
  for (const c of [90, 120]) marks.accept(PEER, c);
  t.is(store.get(KEY), 120, "the 4th accepted frame writes the mark");
  t.is(store.writes.get(KEY), 1);
  t.is(store.get("ch.rw.00000007"), undefined, "other peers untouched");
  t.is(marks.persistedMark(PEER), 120);
});

test("marks above 2^31 round-trip through the signed store", (t) => {
  const store = new MapStore();
  new ReplayMarks({ store, peers: [PEER], markBlockFrames: 1 }).accept(PEER, 0xffff_fff0);
  t.is(store.get(KEY), 0xffff_fff0 | 0);
  const after = new ReplayMarks({ store, peers: [PEER], markBlockFrames: 1 });
  t.is(after.highest(PEER), 0xffff_fff0);
  t.is(after.check(PEER, 0xffff_fff0), "repeat");
});

test("a failed mark write leaves the window unmoved", (t) => {
  const store = new MapStore();
  const marks = new ReplayMarks({ store, peers: [PEER], markBlockFrames: 1 });
  store.failWrites = true;
  t.throws(() => marks.accept(PEER, 5), { message: /flash write failed/ });
  t.is(marks.check(PEER, 5), "fresh");
  t.is(marks.highest(PEER), 0);
});

test("options, peers and store contents are validated", (t) => {
  const store = new MapStore();
  t.throws(() => new ReplayMarks({ store, peers: [-1] }), { instanceOf: RangeError, message: /peers/ });
  t.throws(() => new ReplayMarks({ store, peers: [1], markBlockFrames: 0 }), { instanceOf: RangeError, message: /markBlockFrames/ });
  t.throws(() => new ReplayMarks({ store, peers: [1], keyPrefix: "too.long." }), { instanceOf: RangeError, message: /keyPrefix/ });
  t.throws(() => new ReplayMarks({ store, peers: [1], windowFrames: 33 }), { instanceOf: RangeError, message: /sizeFrames/ });
  t.throws(() => new ReplayMarks({ store: new MapStore({ [KEY]: true }), peers: [PEER] }), { instanceOf: TypeError, message: /ch\.rw\.000000c8/ });
  const marks = new ReplayMarks({ store, peers: [1] });
  t.false(marks.has(2));
  t.throws(() => marks.check(2, 1), { instanceOf: RangeError, message: /peer 2/ });
});

test("property: after any reboot, only the residual window (< block) of old frames is replayable", (t) => {
  t.notThrows(() =>
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.array(fc.tuple(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 0, max: 80 })), { minLength: 1, maxLength: 8 }),
        (block, boots) => {
          const store = new MapStore();
          const recorded: number[] = []; // every frame the sender ever sent, as an attacker records them
          let next = 1;
          for (const [gap, frames] of boots) {
            const marks = new ReplayMarks({ store, peers: [PEER], markBlockFrames: block, windowFrames: 64 });
            // Replay everything recorded: at most block − 1 may pass, each only once.
            let replayed = 0;
            for (const c of recorded) {
              if (marks.check(PEER, c) === "fresh") {
                marks.accept(PEER, c);
                replayed++;
              }
            }
            if (replayed > block - 1) return false;
            if (recorded.some((c) => marks.check(PEER, c) === "fresh")) return false;
            // The real sender goes on (after a gap, as after its own reboot): never refused.
            next += gap;
            for (let i = 0; i < frames; i++, next++) {
              if (marks.check(PEER, next) !== "fresh") return false;
              marks.accept(PEER, next);
              recorded.push(next);
            }
          }
          // Each write moves the mark ≥ block past the last one, and the mark ≤ the highest counter sent.
          return (store.writes.get(KEY) ?? 0) * block <= next - 1;
        },
      ),
      { numRuns: 300 },
    ),
  );
});
