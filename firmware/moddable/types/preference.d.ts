/**
 * Moddable `preference` (`modules/files/preference`, `documentation/files/files.md` §Preference).
 * ESP32: NVS; domain and key ≤ 15 characters, values ≤ 4000 bytes; integers are signed 32-bit
 * (a non-integer number throws "float unsupported"); booleans are u8; binary values must be
 * ArrayBuffer instances. A failed write throws "nvs set fail".
 */
declare module "preference" {
  const Preference: {
    set(domain: string, key: string, value: string | boolean | number | ArrayBuffer): void;
    /** `undefined` when the key is absent. */
    get(domain: string, key: string): string | boolean | number | ArrayBuffer | undefined;
    /** No error when the key is absent. */
    delete(domain: string, key: string): void;
    keys(domain: string): string[];
  };
  export default Preference;
}
