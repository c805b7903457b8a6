/**
 * Stand-in for Moddable's `preference` module (`import Preference from "preference"`) inside the
 * XS engine: every call goes to the host, where the domain `bell` is the simulated device's store
 * (hal `Store`, kept across power cycles, writes counted) and `bell-id` holds its provisioned
 * identity. Values are what Preference stores on ESP32: integers, strings, booleans and
 * ArrayBuffer blobs (`modules/files/preference/esp32/modPreference.c`); anything else is refused
 * here with a TypeError, and the host's limits errors come back as the same error class.
 */
import { OPS, type WireValue } from "../protocol.ts";
import { fromHex, hostLink, toHex } from "./host-link.ts";

type Value = string | boolean | number | ArrayBuffer;

function toWire(value: Value): WireValue {
  if (value instanceof ArrayBuffer) return { hex: toHex(new Uint8Array(value)) };
  if (typeof value === "number" || typeof value === "string" || typeof value === "boolean") return value;
  throw new TypeError("Preference.set: value must be a number, string, boolean or ArrayBuffer");
}

function fromWire(value: WireValue | null): Value | undefined {
  if (value === null) return undefined;
  if (typeof value === "object") return fromHex(value.hex).buffer as ArrayBuffer;
  return value;
}

const Preference = Object.freeze({
  set(domain: string, key: string, value: Value): void {
    hostLink().call(OPS.prefSet, domain, key, toWire(value));
  },
  get(domain: string, key: string): Value | undefined {
    return fromWire(hostLink().call(OPS.prefGet, domain, key) as WireValue | null);
  },
  delete(domain: string, key: string): void {
    hostLink().call(OPS.prefDelete, domain, key);
  },
  keys(domain: string): string[] {
    return hostLink().call(OPS.prefKeys, domain) as string[];
  },
});

export default Preference;
