/**
 * Claim (the module-level half of the deaf-receiver fix): `ReplayMarks` with `onStoreError`
 * accepts a fresh frame whose mark cannot be written, reports the key and the error, still
 * refuses that frame's replay (the window in RAM), tries the write again on the next frame, and
 * writes it once the store works again. Without `onStoreError` it keeps throwing and changing
 * nothing (`test/auth/replay-marks-survive-receiver-reboot.test.ts`).
 */
import test from "ava";
import { ReplayMarks } from "../../firmware/core/auth/replay-marks.ts";
import { MapStore } from "../auth/map-store.ts";

const PEER = 200;
const KEY = "ch.rw.000000c8";

test("a failed mark write is reported, the frame accepted and its replay refused; the write is retried until it succeeds", (t) => {
  const store = new MapStore();
  const failures: [string, string][] = [];
  const marks = new ReplayMarks({
    store,
    peers: [PEER],
    markBlockFrames: 2,
    onStoreError: (key, err) => failures.push([key, (err as Error).message]),
  });
  store.failWrites = true;
  marks.accept(PEER, 10);
  t.deepEqual(failures, [], "the first frame of the block writes nothing");
  marks.accept(PEER, 11);
  t.deepEqual(failures, [[KEY, 'flash write failed for "ch.rw.000000c8"']]);
  t.is(marks.highest(PEER), 11, "accepted");
  t.is(marks.check(PEER, 11), "repeat", "its replay is refused");
  marks.accept(PEER, 12);
  t.is(failures.length, 2, "tried again on the next frame");
  store.failWrites = false;
  marks.accept(PEER, 13);
  t.is(failures.length, 2);
  t.is(store.get(KEY), 13, "written once the store works");
  t.is(marks.persistedMark(PEER), 13);
  t.throws(() => new ReplayMarks({ store, peers: [PEER], onStoreError: 5 as never }), { instanceOf: TypeError, message: /onStoreError/ });
});
