/**
 * Claim: the post's supervision memory (`receiver/offline-memory.ts`) gives back what it was
 * given — offline callers, stuck buttons, the acknowledged flag — for any lists a post can have
 * (≤ 20 callers), and still reads a record written in the first layout (offline callers only,
 * before stuck buttons were kept), so a post updated in the field keeps its offline callers.
 */
import test from "ava";
import fc from "fast-check";
import { OfflineMemory } from "../../receiver/offline-memory.ts";
import { MapStore } from "../auth/map-store.ts";

test("what is saved is loaded, for any offline and stuck callers of a post", (t) => {
  const ids = fc.uniqueArray(fc.integer({ min: 2, max: 0xffff_ffff }), { maxLength: 20 });
  fc.assert(
    fc.property(ids, ids, fc.boolean(), (offline, stuck, acknowledged) => {
      const store = new MapStore();
      new OfflineMemory(store).save({ offline, stuck, acknowledged });
      const back = new OfflineMemory(store).load();
      if (offline.length + stuck.length === 0) return store.get("offline") === undefined && back.offline.length === 0 && back.stuck!.length === 0;
      t.deepEqual(back, { offline, stuck, acknowledged });
      return true;
    }),
    { seed: 62, numRuns: 300 },
  );
  t.deepEqual(new OfflineMemory(new MapStore()).load(), { offline: [], stuck: [], acknowledged: true });
});

test("a record in the first layout (flag byte, then offline node ids) is still read", (t) => {
  const old = new Uint8Array([0, 3, 0, 0, 0, 7, 0, 0, 0]);
  t.deepEqual(new OfflineMemory(new MapStore({ offline: old })).load(), { offline: [3, 7], stuck: [], acknowledged: false });
});

test("a damaged record reads as nobody offline or stuck", (t) => {
  for (const bad of [new Uint8Array([1, 5, 0, 0, 0, 2]), new Uint8Array([1, 0, 0]), new Uint8Array([])]) {
    t.deepEqual(new OfflineMemory(new MapStore({ offline: bad })).load(), { offline: [], stuck: [], acknowledged: true }, `bytes ${[...bad].join(",")}`);
  }
});
