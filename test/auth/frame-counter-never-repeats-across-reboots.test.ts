/**
 * Claim: the sender's frame counter never repeats or goes back, however often the device
 * reboots, and writes the store once per block of counters, never once per frame. The store
 * fake enforces Preference limits (`checkStoreEntry`: keys ≤ 15 chars, signed 32-bit integers).
 */
import test from "ava";
import fc from "fast-check";
import { FrameCounter, FRAME_COUNTER_DEFAULTS } from "../../firmware/core/auth/counter.ts";
import { MapStore } from "./map-store.ts";

test("table: counters and store writes across two reboots (block of 4)", (t) => {
  const store = new MapStore();
  const boot = () => new FrameCounter({ store, blockFrames: 4 });
  // Rows: [boot, counters it issues, writes so far, mark in store (as stored)]
  let c = boot();
  t.deepEqual([c.next(), c.next(), c.next()], [1, 2, 3]);
  t.is(store.totalWrites, 1);
  t.is(store.get("ch.ctr"), 4);
  c = boot(); // power cut: 4 is reserved but unused, and is skipped
  t.is(c.last, 4);
  t.deepEqual([c.next(), c.next(), c.next(), c.next(), c.next()], [5, 6, 7, 8, 9]);
  t.is(store.totalWrites, 3, "one write for 5…8, one for 9…12");
  t.is(store.get("ch.ctr"), 12);
  c = boot();
  t.is(store.totalWrites, 3, "booting writes nothing");
  t.is(c.next(), 13);
  t.is(c.reservedThrough, 16);
});

test("counters above 2^31 are stored as their signed 32-bit reinterpretation", (t) => {
  const store = new MapStore({ "ch.ctr": 0x7fff_fffe });
  const c = new FrameCounter({ store, blockFrames: 2 });
  t.deepEqual([c.next(), c.next(), c.next()], [0x7fff_ffff, 0x8000_0000, 0x8000_0001]);
  t.is(store.get("ch.ctr"), -0x7fff_fffe, "mark 0x80000002 is stored as -2147483646");
  const after = new FrameCounter({ store, blockFrames: 2 });
  t.is(after.next(), 0x8000_0003);
});

test("a failed reservation consumes no counter and is retried", (t) => {
  const store = new MapStore();
  const c = new FrameCounter({ store, blockFrames: 2 });
  t.deepEqual([c.next(), c.next()], [1, 2]);
  store.failWrites = true;
  t.throws(() => c.next(), { message: /flash write failed/ });
  t.is(c.last, 2);
  store.failWrites = false;
  t.is(c.next(), 3);
  t.is(store.get("ch.ctr"), 4);
});

test("options and store contents are validated", (t) => {
  const store = new MapStore();
  t.throws(() => new FrameCounter({ store, blockFrames: 0 }), { instanceOf: RangeError, message: /blockFrames/ });
  t.throws(() => new FrameCounter({ store, blockFrames: 1.5 }), { instanceOf: RangeError, message: /blockFrames/ });
  t.throws(() => new FrameCounter({ store, key: "sixteen-chars-xx" }), { instanceOf: RangeError, message: /key/ });
  t.throws(() => new FrameCounter({ store: new MapStore({ "ch.ctr": "12" }) }), { instanceOf: TypeError, message: /ch\.ctr/ });
  t.is(new FrameCounter({ store }).blockFrames, FRAME_COUNTER_DEFAULTS.blockFrames);
});

test("property: strictly increasing across random reboots, one write per block used", (t) => {
  t.notThrows(() =>
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 70 }),
        fc.array(fc.integer({ min: 0, max: 200 }), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 0, max: 0xffff_0000 }),
        (block, framesPerBoot, startMark) => {
          const store = new MapStore(startMark === 0 ? {} : { "ch.ctr": startMark | 0 });
          let previous = startMark;
          let expectedWrites = 0;
          for (const frames of framesPerBoot) {
            const counter = new FrameCounter({ store, blockFrames: block });
            for (let i = 0; i < frames; i++) {
              const c = counter.next();
              if (c <= previous) return false;
              previous = c;
            }
            expectedWrites += Math.ceil(frames / block);
            if (store.totalWrites !== expectedWrites) return false;
          }
          return true;
        },
      ),
      { numRuns: 300 },
    ),
  );
});
