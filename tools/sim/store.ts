/**
 * A simulated device's persistent store (hal `Store`): Moddable `Preference` in one domain,
 * i.e. ESP32 NVS. It belongs to the device, not to the running app, so it survives power
 * cycles while RAM does not.
 *
 * It enforces the device's limits (`checkStoreEntry`: keys ≤ 15 chars, values ≤ 4000 bytes,
 * integers signed 32-bit, no floats; `reference/moddable.md` §3.3) so the simulator refuses
 * what the device would, and it counts writes per key for flash-wear figures: every `set`
 * counts (NVS may skip identical rewrites, but an app should not rely on that), and so does
 * a `delete` of a present key (an erase is a write). Without power, `set` and `delete` throw.
 */
import { checkStoreEntry, type Store, type StoreValue } from "../../firmware/hal/store.ts";

function copy(value: StoreValue): StoreValue {
  return value instanceof Uint8Array ? value.slice() : value;
}

/** One device's NVS domain. */
export class SimStore implements Store {
  private readonly values = new Map<string, StoreValue>();
  private readonly writeCounts = new Map<string, number>();
  private poweredOn = true;

  /** The stored value (binary values as a new array), or undefined. */
  get(key: string): StoreValue | undefined {
    const v = this.values.get(key);
    return v === undefined ? undefined : copy(v);
  }

  /**
   * Writes one value and counts the write.
   * @throws RangeError beyond the Preference limits; TypeError for a value of another type;
   *   Error when the device has no power.
   */
  set(key: string, value: StoreValue): void {
    this.checkPower(key);
    if (typeof key !== "string") throw new TypeError("store key must be a string");
    const kind = typeof value;
    if (kind !== "number" && kind !== "string" && kind !== "boolean" && !(value instanceof Uint8Array)) {
      throw new TypeError(`store "${key}": value must be a number, string, boolean or Uint8Array`);
    }
    checkStoreEntry(key, value);
    this.values.set(key, copy(value));
    this.count(key);
  }

  /** Removes a key (a counted write when present); absent keys are ignored. */
  delete(key: string): void {
    this.checkPower(key);
    if (this.values.delete(key)) this.count(key);
  }

  /** All keys present, in the order they were first written. */
  keys(): string[] {
    return [...this.values.keys()];
  }

  /** Whether writes are possible (the simulator cuts power around `app.stop()`). */
  set powered(on: boolean) {
    this.poweredOn = on;
  }

  get powered(): boolean {
    return this.poweredOn;
  }

  /** Writes per key since the start, keys sorted (stable output for reports). */
  writes(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const key of [...this.writeCounts.keys()].sort()) out[key] = this.writeCounts.get(key)!;
    return out;
  }

  /** Total writes since the start. */
  get totalWrites(): number {
    let n = 0;
    for (const c of this.writeCounts.values()) n += c;
    return n;
  }

  private checkPower(key: string): void {
    if (!this.poweredOn) throw new Error(`store "${key}": no power (the device is off)`);
  }

  private count(key: string): void {
    this.writeCounts.set(key, (this.writeCounts.get(key) ?? 0) + 1);
  }
}
