/**
 * MAC addresses as the radio layer writes them: "aa:bb:cc:dd:ee:ff" (6 bytes, lower-case hex,
 * colon-separated), and their 6-byte form for the native ESP-NOW binding. Part of the hal radio
 * contract (a `Radio`'s `address` is one), so the stack, the adapters, provisioning and the
 * simulator read the one format here.
 *
 * Source: IEEE 802 MAC-48; ESP-IDF `ESP_NOW_ETH_ALEN` = 6 (`components/esp_wifi/include/esp_now.h`).
 * Moddable's `Net.get("MAC")` may report upper case: `parseMac` accepts either and
 * `formatMac` always writes lower case, so addresses compare as strings.
 */

/** Bytes in a MAC address (`ESP_NOW_ETH_ALEN`). */
export const MAC_BYTES = 6;

/** The broadcast address. ESP-NOW broadcast frames get no MAC ack and cannot be encrypted. */
export const BROADCAST_MAC = "ff:ff:ff:ff:ff:ff";

const MAC_PATTERN = /^[0-9a-f]{2}(?::[0-9a-f]{2}){5}$/i;

/**
 * Parses "aa:bb:cc:dd:ee:ff" (either case) into 6 bytes.
 * @throws TypeError naming `what` when the text is not a MAC address.
 */
export function parseMac(text: string, what = "address"): Uint8Array {
  if (typeof text !== "string" || !MAC_PATTERN.test(text)) {
    throw new TypeError(`${what}: "${String(text)}" is not a MAC address (aa:bb:cc:dd:ee:ff)`);
  }
  const bytes = new Uint8Array(MAC_BYTES);
  for (let i = 0; i < MAC_BYTES; i++) bytes[i] = parseInt(text.slice(i * 3, i * 3 + 2), 16);
  return bytes;
}

/**
 * Formats 6 bytes as "aa:bb:cc:dd:ee:ff".
 * @throws RangeError when `bytes` is not exactly 6 bytes long.
 */
export function formatMac(bytes: Uint8Array): string {
  if (bytes.length !== MAC_BYTES) throw new RangeError(`a MAC address is ${MAC_BYTES} bytes, got ${bytes.length}`);
  let text = "";
  for (let i = 0; i < MAC_BYTES; i++) {
    if (i) text += ":";
    text += (bytes[i] < 0x10 ? "0" : "") + bytes[i].toString(16);
  }
  return text;
}

/**
 * The canonical (lower-case) form of a MAC address string.
 * @throws TypeError naming `what` when the text is not a MAC address.
 */
export function normalizeMac(text: string, what = "address"): string {
  return formatMac(parseMac(text, what));
}
