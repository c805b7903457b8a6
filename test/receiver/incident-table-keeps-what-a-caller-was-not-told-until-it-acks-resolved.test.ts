/**
 * The incident table keeps, in flash, the news the post still owes a caller (receiver/README.md
 * "stored forms"): a reset incident stays as "untold" until the caller acks `resolved` or raises
 * a newer alarm, one per caller, one write per change, never at the cost of an incident.
 */
import test from "ava";
import { COALESCE_AT, INCIDENT_TABLE_CAPACITY, IncidentTable } from "../../receiver/incidents.ts";
import { MapStore } from "../auth/map-store.ts";
import { intBetween, seededRandom } from "../../bench/harness/prng.ts";

const CALLERS = [1, 2, 3];
const feedback = (i: { incident: number; last?: number }) => i.last ?? i.incident;

for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
  test(`seeded history ${seed}: what is untold matches a model, survives every reboot, one rows write per change, none of the boots for told`, (t) => {
    const random = seededRandom(seed);
    const store = new MapStore();
    let table = new IncidentTable(store);
    const raised = new Map<number, number>();
    /** Per caller: the feedback number of its newest reset incident it has not acked (the model). */
    const owed = new Map<number, number>();
    for (let step = 0; step < 300; step++) {
      const rowsWrites = store.writes.get("inc_rows") ?? 0;
      const rowsBefore = JSON.stringify([table.all, table.untold]);
      const op = intBetween(random, 0, 9);
      const caller = CALLERS[intBetween(random, 0, CALLERS.length - 1)]!;
      if (op <= 3) {
        const n = (raised.get(caller) ?? 0) + 1;
        raised.set(caller, n);
        table.makeRoom();
        t.truthy(table.open(caller, n));
        owed.delete(caller);
      } else if (op === 4) {
        table.acknowledgeAll();
      } else if (op === 5) {
        const closed = table.resolveAcknowledged();
        for (const i of closed) owed.set(i.caller, feedback(i)); // opened in order: the last is the newest
      } else if (op <= 7) {
        const n = intBetween(random, 0, raised.get(caller) ?? 0);
        const bootsWrites = store.writes.get("inc_boots");
        const removed = table.told(caller, n);
        t.is(store.writes.get("inc_boots"), bootsWrites, "told writes the rows only (the boots did not change)");
        const o = owed.get(caller);
        t.is(removed, o !== undefined && o <= n, `told(${caller}, ${n}) with ${o} owed`);
        if (removed) owed.delete(caller);
      } else {
        table = new IncidentTable(store); // a power cut: only what was written is kept
      }
      const changed = JSON.stringify([table.all, table.untold]) !== rowsBefore && op <= 7;
      const rowsNow = (store.writes.get("inc_rows") ?? 0) - rowsWrites;
      if (changed && table.all.length + table.untold.length > 0) t.is(rowsNow, 1, `one rows write for op ${op}`);
      if (!changed) t.is(rowsNow, 0, `no rows write when nothing changed (op ${op})`);
      const untold = new Map(table.untold.map((i) => [i.caller, feedback(i)]));
      t.is(untold.size, table.untold.length, "at most one untold incident per caller");
      const sorted = (m: Map<number, number>) => [...m].sort((a, b) => a[0] - b[0]);
      t.deepEqual(sorted(untold), sorted(owed), `step ${step}`);
      for (const i of table.untold) t.false(table.all.includes(i), "an untold incident is not open nor counted");
      const rebooted = new IncidentTable(store);
      t.deepEqual([rebooted.all, rebooted.untold], [table.all, table.untold], "flash holds what RAM holds");
    }
    t.true(store.totalWrites > 0);
  });
}

test("an untold incident never pushes out an incident: with the table full the oldest untold goes first, silently", (t) => {
  const table = new IncidentTable(new MapStore());
  for (let c = 1; c <= 20; c++) table.open(c, 1);
  table.acknowledgeAll();
  t.is(table.resolveAcknowledged().length, 20);
  t.is(table.untold.length, 20);
  // 153 other callers' alarms: the table is full (20 untold + 153 open = its capacity).
  for (let c = 101; c < 101 + COALESCE_AT; c++) {
    t.deepEqual(table.makeRoom(), []);
    table.open(c, 1);
  }
  t.is(table.all.length + table.untold.length, INCIDENT_TABLE_CAPACITY);
  // A caller with no incident yet still opens its own (the reserve): an untold row makes room.
  t.deepEqual(table.makeRoom(), [], "nothing reported closed: the untold one was reported at its reset");
  t.truthy(table.open(999, 1));
  t.is(table.all.length, COALESCE_AT + 1, "every open incident kept, the new one opened");
  t.deepEqual(table.untold.map((i) => i.caller), Array.from({ length: 19 }, (_, k) => k + 2), "the oldest untold (caller 1) went");
});

test("a caller's newer alarm makes its older untold news moot, in the same write", (t) => {
  const store = new MapStore();
  const table = new IncidentTable(store);
  table.open(4, 1);
  table.acknowledgeAll();
  table.resolveAcknowledged();
  t.deepEqual(table.untold.map((i) => i.incident), [1]);
  const before = store.writes.get("inc_rows");
  table.open(4, 2);
  t.is(store.writes.get("inc_rows"), before! + 1);
  t.deepEqual(new IncidentTable(store).untold, []);
  t.is(new IncidentTable(store).open(4, 1), undefined, "the forgotten untold alarm is still a duplicate");
});

test("a refused write of told keeps the news owed in RAM and flash lags until a write succeeds", (t) => {
  const store = new MapStore();
  const table = new IncidentTable(store);
  table.open(5, 1);
  table.open(6, 1);
  table.acknowledgeAll();
  table.resolveAcknowledged();
  store.failWrites = true;
  t.throws(() => table.told(5, 1), { message: /flash write failed/ });
  t.deepEqual(table.untold.map((i) => i.caller), [6], "RAM knows caller 5 was told");
  t.true(table.dirty);
  t.is(new IncidentTable(store).untold.length, 2, "a power cut now would tell caller 5 again (harmless)");
  store.failWrites = false;
  table.flush();
  t.false(table.dirty);
  t.deepEqual(new IncidentTable(store).untold.map((i) => i.caller), [6]);
});

test("rows stored before untold existed (states 0 and 1) read unchanged", (t) => {
  // The 23-byte row form of the previous firmware: caller, incident, boot, state, presses, last, last boot.
  const rows = new Uint8Array(46);
  const v = new DataView(rows.buffer);
  v.setUint32(0, 7, true);
  v.setUint32(4, 3, true);
  v.setUint8(12, 1);
  v.setUint16(13, 1, true);
  v.setUint32(23, 8, true);
  v.setUint32(27, 2, true);
  v.setUint16(36, 1, true);
  const table = new IncidentTable(new MapStore({ inc_rows: rows }));
  t.deepEqual(table.all, [
    { caller: 7, incident: 3, state: "acknowledged" },
    { caller: 8, incident: 2, state: "open" },
  ]);
  t.deepEqual(table.untold, []);
});
