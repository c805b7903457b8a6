/**
 * A Map-backed `Store` fake for tests: keeps values across simulated reboots (a new channel or
 * counter on the same instance), enforces Preference limits with `checkStoreEntry` exactly as
 * the device would, and counts writes per key so tests can check flash wear.
 */
import { checkStoreEntry, type Store, type StoreValue } from "../../firmware/hal/store.ts";

export class MapStore implements Store {
  readonly #values = new Map<string, StoreValue>();
  /** Number of `set` calls that reached the medium, per key. */
  readonly writes = new Map<string, number>();
  /** When true, every `set` throws as a failing flash would (after the limit checks). */
  failWrites = false;

  constructor(initial: Record<string, StoreValue> = {}) {
    for (const [k, v] of Object.entries(initial)) {
      checkStoreEntry(k, v);
      this.#values.set(k, v);
    }
  }

  get(key: string): StoreValue | undefined {
    const v = this.#values.get(key);
    return v instanceof Uint8Array ? v.slice() : v;
  }

  set(key: string, value: StoreValue): void {
    checkStoreEntry(key, value);
    if (this.failWrites) throw new Error(`flash write failed for "${key}"`);
    this.#values.set(key, value instanceof Uint8Array ? value.slice() : value);
    this.writes.set(key, (this.writes.get(key) ?? 0) + 1);
  }

  delete(key: string): void {
    this.#values.delete(key);
  }

  keys(): string[] {
    return [...this.#values.keys()];
  }

  /** Total writes over all keys. */
  get totalWrites(): number {
    let n = 0;
    for (const w of this.writes.values()) n += w;
    return n;
  }
}
