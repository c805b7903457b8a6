import test from "ava";
import { AlarmMemory } from "../../firmware/core/policy/caller-alarm-memory.ts";
import { MapStore } from "../auth/map-store.ts";

test("incident numbers never repeat across reboots", (t) => {
  const store = new MapStore();
  t.is(new AlarmMemory(store).raise(), 1);
  const m = new AlarmMemory(store);
  t.is(m.raise(), 2);
  m.delivered(1);
  m.delivered(2);
  t.is(new AlarmMemory(store).raise(), 3);
});

test("an unacknowledged alarm is still pending after a reboot; a delivered one is not", (t) => {
  const store = new MapStore();
  const m = new AlarmMemory(store);
  m.raise();
  m.raise();
  m.delivered(1);
  t.deepEqual(new AlarmMemory(store).pending, [2]);
  new AlarmMemory(store).delivered(2);
  t.deepEqual(new AlarmMemory(store).pending, []);
});

test("the store holds only Preference-legal values (key length, 32-bit integers)", (t) => {
  const store = new MapStore(); // MapStore enforces checkStoreEntry like the device
  const m = new AlarmMemory(store);
  for (let i = 0; i < 50; i++) m.raise();
  t.is(store.get("inc_next"), 51);
  t.is((store.get("inc_pend") as Uint8Array).length, 50 * 8, "incident and boot nonce, u32 each");
});
