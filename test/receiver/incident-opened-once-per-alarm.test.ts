import test from "ava";
import { IncidentTable } from "../../receiver/incidents.ts";
import { MapStore } from "../auth/map-store.ts";

test("an alarm opens one incident; repeats and older numbers are duplicates", (t) => {
  const table = new IncidentTable(new MapStore());
  t.deepEqual(table.open(7, 1), { caller: 7, incident: 1, state: "open" });
  t.is(table.open(7, 1), undefined, "retransmission of the same incident");
  t.truthy(table.open(7, 2));
  t.is(table.open(7, 1), undefined, "a late retransmission of an older incident");
  t.truthy(table.open(8, 1), "another caller's incident 1 is its own");
  t.is(table.all.length, 3);
});

test("incidents and the duplicate memory survive a reboot (a new table on the same store)", (t) => {
  const store = new MapStore();
  const before = new IncidentTable(store);
  before.open(7, 4);
  before.open(9, 2);
  before.acknowledgeAll();
  before.open(7, 5);
  const after = new IncidentTable(store);
  t.deepEqual(after.all, [
    { caller: 7, incident: 4, state: "acknowledged" },
    { caller: 9, incident: 2, state: "acknowledged" },
    { caller: 7, incident: 5, state: "open" },
  ]);
  t.true(after.unacknowledged);
  t.is(after.open(7, 5), undefined, "a retransmission that crossed the reboot");
});

test("a resolved incident's retransmission does not reopen it, even after a reboot", (t) => {
  const store = new MapStore();
  const table = new IncidentTable(store);
  table.open(3, 10);
  table.acknowledgeAll();
  t.deepEqual(table.resolveAcknowledged().map((i) => i.incident), [10]);
  t.is(table.all.length, 0);
  t.is(new IncidentTable(store).open(3, 10), undefined);
});

test("reset closes only acknowledged incidents: an alarm nobody acknowledged stays open", (t) => {
  const table = new IncidentTable(new MapStore());
  table.open(1, 1);
  table.acknowledgeAll();
  table.open(2, 1);
  t.deepEqual(table.resolveAcknowledged().map((i) => i.caller), [1]);
  t.deepEqual(table.all, [{ caller: 2, incident: 1, state: "open" }]);
  t.deepEqual(table.resolveAcknowledged(), []);
});

test("a failing flash write throws but the incident is open in RAM", (t) => {
  const store = new MapStore();
  const table = new IncidentTable(store);
  store.failWrites = true;
  t.throws(() => table.open(1, 1), { message: /flash write failed/ });
  t.deepEqual(table.all, [{ caller: 1, incident: 1, state: "open" }]);
});
