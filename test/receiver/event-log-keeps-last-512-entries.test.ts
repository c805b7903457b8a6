import test from "ava";
import { EVENT_LOG_CAPACITY, EVENT_LOG_LAYOUT, EventLog } from "../../receiver/event-log.ts";
import { STORE_LIMITS } from "../../firmware/hal/store.ts";
import { MapStore } from "../auth/map-store.ts";

const entry = (i: number) => ({ ticks: (0xffff_ff00 + i) >>> 0, wall: 0, event: "incident_opened" as const, caller: i % 5, incident: i, detail: 0 });

test("capacity is at least 500 entries and each block fits a Preference value", (t) => {
  t.true(EVENT_LOG_CAPACITY >= 500);
  t.true(EVENT_LOG_LAYOUT.ENTRY_BYTES * EVENT_LOG_LAYOUT.ENTRIES_PER_BLOCK <= STORE_LIMITS.valueBytes);
});

test("entries come back in order with every field, after a reboot too", (t) => {
  const store = new MapStore();
  const log = new EventLog(store);
  for (let i = 1; i <= 3; i++) t.is(log.append(entry(i)), i);
  const reloaded = new EventLog(store).entries();
  t.deepEqual(reloaded, [1, 2, 3].map((i) => ({ seq: i, ...entry(i) })));
  t.is(store.totalWrites, 3, "one blob write per entry");
});

test("the ring keeps the newest entries and continues the sequence after a reboot", (t) => {
  const store = new MapStore();
  let log = new EventLog(store);
  const total = EVENT_LOG_CAPACITY + 37;
  for (let i = 1; i <= total; i++) {
    if (i === 300) log = new EventLog(store); // a reboot in the middle
    log.append(entry(i));
  }
  const entries = new EventLog(store).entries();
  t.is(entries.length, EVENT_LOG_CAPACITY);
  t.is(entries[0].seq, total - EVENT_LOG_CAPACITY + 1);
  t.is(entries.at(-1)!.seq, total);
  t.is(entries.at(-1)!.incident, total);
  t.true(entries.every((e, i) => i === 0 || e.seq === entries[i - 1].seq + 1));
});
