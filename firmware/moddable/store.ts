/**
 * The hal `Store` over Moddable's `Preference`, in one domain (NVS namespace on ESP32).
 *
 * Limits are enforced before the SDK sees a value (`checkStoreEntry`: keys ≤ 15 characters,
 * values ≤ 4000 bytes, integers signed 32-bit, no floats), so the device refuses exactly what the
 * simulator refuses. Binary values travel as ArrayBuffer (Preference stores only ArrayBuffer
 * instances as blobs) and come back as a new Uint8Array. A failed write is thrown as an Error
 * naming the key (Preference says only "nvs set fail"); the app turns it into a `store_error`
 * event. Sources: `modules/files/preference/esp32/modPreference.c`, `documentation/files/files.md`.
 */
import { checkStoreEntry, STORE_LIMITS, type Store, type StoreValue } from "../hal/store.ts";
import { exactArrayBuffer } from "./array-buffer.ts";
import { errorText } from "../core/error-text.ts";

/** What the store adapter needs of Moddable's `preference` module (`import Preference from "preference"`). */
export interface PreferenceModule {
  set(domain: string, key: string, value: string | boolean | number | ArrayBuffer): void;
  get(domain: string, key: string): string | boolean | number | ArrayBuffer | undefined;
  delete(domain: string, key: string): void;
  keys(domain: string): string[];
}

/** Options of `createPreferenceStore`. */
export interface PreferenceStoreOptions {
  /** Moddable's `Preference` (a fake in tests). */
  preference: PreferenceModule;
  /** Preference domain (NVS namespace), 1…15 characters, e.g. "bell". */
  domain: string;
}

/**
 * A hal `Store` on one Preference domain.
 * @throws RangeError naming `domain` when it is empty or longer than 15 characters.
 */
export function createPreferenceStore(options: PreferenceStoreOptions): Store {
  const { preference, domain } = options;
  if (typeof domain !== "string" || domain.length === 0 || domain.length > STORE_LIMITS.keyChars) {
    throw new RangeError(`domain: must be 1…${STORE_LIMITS.keyChars} characters, got "${domain}"`);
  }
  return {
    get(key: string): StoreValue | undefined {
      const value = preference.get(domain, key);
      return value instanceof ArrayBuffer ? new Uint8Array(value.slice(0)) : value;
    },
    set(key: string, value: StoreValue): void {
      checkStoreEntry(key, value);
      try {
        preference.set(domain, key, value instanceof Uint8Array ? exactArrayBuffer(value) : value);
      } catch (err) {
        throw new Error(`store "${key}": write failed in domain "${domain}" (${errorText(err)})`, { cause: err });
      }
    },
    delete(key: string): void {
      try {
        preference.delete(domain, key);
      } catch (err) {
        throw new Error(`store "${key}": delete failed in domain "${domain}" (${errorText(err)})`, { cause: err });
      }
    },
    keys(): string[] {
      return preference.keys(domain);
    },
  };
}
