import type { Store } from "../firmware/hal/store.ts";

/** Store key (≤ 15 characters). */
const KEY = "offline";

/** What the post remembers about its callers' supervision faults across a reboot. */
export interface OfflineRecord {
  /** Node ids of the callers reported offline and not heard since. */
  offline: readonly number[];
  /** True when an officer acknowledged the faults (the fault chirp stays quiet). */
  acknowledged: boolean;
}

/**
 * The receiver's record of which callers are offline, kept in the store so that a power blip
 * at the post neither forgets them (the fault chirp and the status would show nothing until
 * each timed out again) nor reports the same death twice (issue 10 point 6). One flash write
 * per change (a caller going offline or coming back, an acknowledgement): rare.
 *
 * Layout: one byte, 1 when acknowledged; then each node id as a u32, little-endian.
 */
export class OfflineMemory {
  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  /** The record, or none offline when absent or damaged. */
  load(): OfflineRecord {
    const raw = this.#store.get(KEY);
    if (!(raw instanceof Uint8Array) || raw.length % 4 !== 1) return { offline: [], acknowledged: true };
    const v = new DataView(raw.buffer, raw.byteOffset, raw.length);
    const offline: number[] = [];
    for (let i = 1; i < raw.length; i += 4) offline.push(v.getUint32(i, true));
    return { offline, acknowledged: raw[0] === 1 };
  }

  /**
   * Writes the record (deletes it when nobody is offline).
   * @throws Error when the store fails (the caller reports `store_error`; RAM keeps the truth).
   */
  save(record: OfflineRecord): void {
    if (record.offline.length === 0) {
      this.#store.delete(KEY);
      return;
    }
    const bytes = new Uint8Array(1 + 4 * record.offline.length);
    const v = new DataView(bytes.buffer);
    bytes[0] = record.acknowledged ? 1 : 0;
    record.offline.forEach((id, i) => v.setUint32(1 + 4 * i, id, true));
    this.#store.set(KEY, bytes);
  }
}
