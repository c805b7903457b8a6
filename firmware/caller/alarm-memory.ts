import type { Store } from "../hal/store.ts";

/** Store keys (≤ 15 characters, Preference limit). */
const KEY_NEXT = "inc_next";
const KEY_PENDING = "inc_pending";

/** Largest incident number: incident numbers are stored as signed 32-bit Preference integers. */
export const MAX_INCIDENT = 0x7fff_ffff;

/**
 * The caller's persistent memory of alarms: the next incident number and the incidents raised
 * but not yet acknowledged by the receiver. Both survive a reboot or power loss, so an
 * unacknowledged alarm is sent again after power returns and an incident number is never
 * reused (the receiver's duplicate check relies on it).
 *
 * Flash writes: two per press (number and pending list), one per delivery.
 */
export class AlarmMemory {
  readonly #store: Store;
  #next: number;
  #pending: number[];

  /** Loads the memory from `store`; a missing or damaged entry starts empty (incident 1). */
  constructor(store: Store) {
    this.#store = store;
    const next = store.get(KEY_NEXT);
    this.#next = typeof next === "number" && next >= 1 ? next : 1;
    const raw = store.get(KEY_PENDING);
    this.#pending = [];
    if (raw instanceof Uint8Array && raw.length % 4 === 0) {
      const view = new DataView(raw.buffer, raw.byteOffset, raw.length);
      for (let i = 0; i < raw.length; i += 4) this.#pending.push(view.getUint32(i, true));
    }
  }

  /** Incidents raised and not yet acknowledged by the receiver, oldest first. */
  get pending(): readonly number[] {
    return this.#pending;
  }

  /**
   * Allocates the next incident number and records it as pending, persisting both before the
   * alarm is sent.
   * @throws RangeError when incident numbers are exhausted (2^31 − 1 presses).
   * @throws Error when the store write fails (the caller sends the alarm anyway).
   */
  raise(): number {
    if (this.#next > MAX_INCIDENT) throw new RangeError("incident numbers exhausted");
    const incident = this.#next;
    this.#next += 1;
    this.#pending.push(incident);
    this.#store.set(KEY_NEXT, this.#next);
    this.#savePending();
    return incident;
  }

  /** Marks `incident` as delivered (acknowledged by the receiver); unknown incidents are ignored. */
  delivered(incident: number): void {
    const i = this.#pending.indexOf(incident);
    if (i < 0) return;
    this.#pending.splice(i, 1);
    this.#savePending();
  }

  #savePending(): void {
    if (this.#pending.length === 0) {
      this.#store.delete(KEY_PENDING);
      return;
    }
    const bytes = new Uint8Array(this.#pending.length * 4);
    const view = new DataView(bytes.buffer);
    this.#pending.forEach((n, i) => view.setUint32(i * 4, n, true));
    this.#store.set(KEY_PENDING, bytes);
  }
}
