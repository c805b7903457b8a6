import { STORE_LIMITS, type Store } from "../platform.ts";

/** Store keys (≤ 15 characters, Preference limit). */
const KEY_NEXT = "inc_next";
const KEY_PENDING = "inc_pend";
/** The pending list's first stored form (u32 numbers, no boot nonce): read once, then replaced. */
const LEGACY_KEY_PENDING = "inc_pending";
/** Bytes per pending alarm: incident u32, boot nonce u32. */
const PENDING_BYTES = 8;

/** Largest incident number: incident numbers are stored as signed 32-bit Preference integers. */
export const MAX_INCIDENT = 0x7fff_ffff;

/**
 * Most alarms pending at once: the list is one Preference blob of at most
 * `STORE_LIMITS.valueBytes` (4000) bytes, 8 per alarm, so 500. A caller reaches it only when its
 * post has not acked anything for 500 presses; the policy (`caller.ts`) then counts further presses on the
 * newest pending alarm (`full`), so no press is held in RAM only nor dropped.
 */
export const PENDING_CAPACITY = Math.floor(STORE_LIMITS.valueBytes / PENDING_BYTES);

/**
 * The caller's persistent memory of alarms: the next incident number and the alarms raised but
 * not yet acknowledged by the receiver, each with the boot nonce it was raised under. Both
 * survive a reboot or power loss, so an unacknowledged alarm is sent again, unchanged, after
 * power returns.
 *
 * Numbers and nonces: numbers are monotonic while the store works. When a write fails (worn
 * flash) the memory carries on in RAM (`unsaved`), writes again at every change and `flush`, and
 * the policy still sends the alarm; after a reboot before any write succeeded, numbers already
 * sent may be handed out again. The boot nonce (random, drawn at each boot, never 0) makes such
 * an alarm a new one at the post (`receiver/incidents.ts`); a retransmission keeps the nonce it
 * was raised under, so it stays a duplicate.
 *
 * Flash writes: two per press (number and pending list), one per delivery.
 */
export class AlarmMemory {
  readonly #store: Store;
  readonly #boot: number;
  #next: number;
  /** The number flash holds under KEY_NEXT (a delivery does not rewrite it). */
  #nextStored: number | undefined;
  #pending: number[] = [];
  #boots: number[] = [];
  #legacy = false;
  #unsaved: unknown;

  /**
   * Loads the memory from `store`; a missing or damaged entry starts empty (incident 1).
   * @param boot this boot's nonce (u32, not 0 on a device; default 0 for tools and tests).
   */
  constructor(store: Store, boot = 0) {
    this.#store = store;
    this.#boot = boot;
    const next = store.get(KEY_NEXT);
    this.#next = typeof next === "number" && next >= 1 ? next : 1;
    this.#nextStored = typeof next === "number" ? next : undefined;
    const raw = store.get(KEY_PENDING);
    if (raw instanceof Uint8Array && raw.length % PENDING_BYTES === 0) {
      const view = new DataView(raw.buffer, raw.byteOffset, raw.length);
      for (let i = 0; i < raw.length; i += PENDING_BYTES) {
        this.#pending.push(view.getUint32(i, true));
        this.#boots.push(view.getUint32(i + 4, true));
      }
    }
    const legacy = store.get(LEGACY_KEY_PENDING);
    if (legacy instanceof Uint8Array && legacy.length % 4 === 0) {
      this.#legacy = true;
      const view = new DataView(legacy.buffer, legacy.byteOffset, legacy.length);
      for (let i = 0; i < legacy.length; i += 4) {
        this.#pending.push(view.getUint32(i, true));
        this.#boots.push(0);
      }
    }
  }

  /** Incidents raised and not yet acknowledged by the receiver, oldest first. */
  get pending(): readonly number[] {
    return this.#pending;
  }

  /** The boot nonce `incident` was raised under (0 when unknown or raised before nonces). */
  bootOf(incident: number): number {
    const i = this.#pending.indexOf(incident);
    return i < 0 ? this.#boot : this.#boots[i]!;
  }

  /** True when the pending list is full (`PENDING_CAPACITY`): a press then raises nothing new. */
  get full(): boolean {
    return this.#pending.length >= PENDING_CAPACITY;
  }

  /**
   * Why the last write failed, while some change is held in RAM only; undefined when flash
   * holds everything.
   */
  get unsaved(): unknown {
    return this.#unsaved;
  }

  /**
   * Allocates the next incident number and records it as pending, persisting both before the
   * alarm is sent. A failed write keeps both in RAM (`unsaved`) and is retried at every change.
   * @returns the incident number.
   * @throws RangeError when incident numbers are exhausted (2^31 − 1 presses) or the pending
   *   list is `full` (the policy checks first).
   */
  raise(): number {
    if (this.#next > MAX_INCIDENT) throw new RangeError("incident numbers exhausted");
    if (this.full) throw new RangeError(`pending list full (${PENDING_CAPACITY} alarms)`);
    const incident = this.#next;
    this.#next += 1;
    this.#pending.push(incident);
    this.#boots.push(this.#boot);
    this.#persist();
    return incident;
  }

  /** Marks `incident` as delivered (acknowledged by the receiver); unknown incidents are ignored. */
  delivered(incident: number): void {
    const i = this.#pending.indexOf(incident);
    if (i < 0) return;
    this.#pending.splice(i, 1);
    this.#boots.splice(i, 1);
    this.#persist();
  }

  /** Writes again what a failed write left in RAM only; does nothing when flash is up to date. */
  flush(): void {
    if (this.#unsaved !== undefined) this.#persist();
  }

  #persist(): void {
    try {
      if (this.#nextStored !== this.#next) {
        this.#store.set(KEY_NEXT, this.#next);
        this.#nextStored = this.#next;
      }
      if (this.#pending.length === 0) this.#store.delete(KEY_PENDING);
      else {
        const bytes = new Uint8Array(this.#pending.length * PENDING_BYTES);
        const view = new DataView(bytes.buffer);
        this.#pending.forEach((n, i) => {
          view.setUint32(i * PENDING_BYTES, n, true);
          view.setUint32(i * PENDING_BYTES + 4, this.#boots[i]!, true);
        });
        this.#store.set(KEY_PENDING, bytes);
      }
      if (this.#legacy) {
        this.#store.delete(LEGACY_KEY_PENDING);
        this.#legacy = false;
      }
      this.#unsaved = undefined;
    } catch (err) {
      this.#unsaved = err;
    }
  }
}
