/**
 * Claim: no pending alarm lives only in the caller's RAM, whatever the backlog. A child at a
 * caller whose post is unreachable presses 1 500 times: while the pending list has room each
 * press is a new incident, written before it is sent; once it is full (`PENDING_CAPACITY`, one
 * Preference blob) further presses are coalesced onto the newest pending incident (the app
 * reports them, `press` with `coalesced: true`), never dropped and never held in RAM only.
 * After any press, a memory reloaded from the store has exactly the pending list in RAM.
 *
 * Before the fix the 1 001st press overflowed the 4 000-byte blob: its write failed and every
 * later press was pending in RAM only, lost at the next power cut.
 */
import test from "ava";
import { AlarmMemory, PENDING_CAPACITY } from "../../firmware/core/policy/caller-alarm-memory.ts";
import { STORE_LIMITS } from "../../firmware/hal/store.ts";
import { MapStore } from "../auth/map-store.ts";

const PRESSES = 1500;

test(`${PRESSES} undelivered presses: every pending alarm is in flash after every press`, (t) => {
  t.true(PENDING_CAPACITY >= 100, `room for a realistic backlog (${PENDING_CAPACITY})`);
  const store = new MapStore();
  const memory = new AlarmMemory(store, 7);
  let coalesced = 0;
  for (let press = 1; press <= PRESSES; press++) {
    if (memory.full) coalesced++;
    else memory.raise();
    const reloaded = new AlarmMemory(store, 8);
    if (reloaded.pending.length !== memory.pending.length || reloaded.pending.some((n, i) => n !== memory.pending[i])) {
      return t.fail(`after press ${press} the flash holds ${reloaded.pending.length} pending alarms, RAM ${memory.pending.length}`);
    }
  }
  t.is(memory.pending.length, PENDING_CAPACITY);
  t.is(coalesced, PRESSES - PENDING_CAPACITY);
  t.true(PENDING_CAPACITY * 8 <= STORE_LIMITS.valueBytes, "the full list fits one blob");
  // Delivering the oldest makes room again, and the next press is a new incident above all others.
  memory.delivered(memory.pending[0]!);
  t.false(memory.full);
  const next = memory.raise();
  t.true(next > Math.max(...memory.pending.slice(0, -1)));
});
