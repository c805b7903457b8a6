/**
 * The checks the TypeScript side of the binding makes before it calls the native module
 * (`espnow.c` makes the same checks again, where ESP-IDF's own rules live), against the ESP-NOW
 * limits of the hal radio contract (`ESPNOW_LIMITS`, `firmware/hal/radio.ts`, re-exported here).
 *
 * Sources: ESP-IDF `components/esp_wifi/include/esp_now.h` (`ESP_NOW_MAX_DATA_LEN` 250,
 * `ESP_NOW_MAX_TOTAL_PEER_NUM` 20, `ESP_NOW_KEY_LEN` 16), Kconfig
 * `CONFIG_ESP_WIFI_ESPNOW_MAX_ENCRYPT_NUM` (0–17, default 7; older docs: default 6), and the
 * ESP-IDF ESP-NOW guide (one frame in flight: "send the next frame only after the send callback
 * of the previous one has returned"). `test/device` checks these numbers against the native
 * module's declarations so the two sides cannot drift apart.
 */
import { ESPNOW_LIMITS } from "../hal/radio.ts";
import { BROADCAST_MAC, formatMac, parseMac } from "../hal/mac.ts";

export { ESPNOW_LIMITS };

/** Options of `EspNow` (see `espnow.ts`), after validation. */
export interface EspNowSettings {
  /** Wi-Fi channel, 1…11. Every device of a deployment must use the same one. */
  channel: number;
  /** Primary master key, 16 bytes, or undefined to keep ESP-IDF's default PMK. */
  pmk: Uint8Array | undefined;
}

/**
 * Validates the channel and PMK of an `EspNow` options object.
 * @throws RangeError naming `channel` (not an integer 1…11) or `pmk` (not 16 bytes);
 *   TypeError when `pmk` is not a Uint8Array.
 */
export function checkEspNowSettings(options: { channel: number; pmk?: Uint8Array }): EspNowSettings {
  const { channel, pmk } = options;
  if (!Number.isInteger(channel) || channel < ESPNOW_LIMITS.minChannel || channel > ESPNOW_LIMITS.maxChannel) {
    throw new RangeError(`channel: must be an integer ${ESPNOW_LIMITS.minChannel}…${ESPNOW_LIMITS.maxChannel}, got ${channel}`);
  }
  if (pmk !== undefined) checkKey(pmk, "pmk");
  return { channel, pmk };
}

/**
 * Checks a 16-byte ESP-NOW key (PMK or LMK).
 * @throws TypeError when not a Uint8Array; RangeError when not 16 bytes. Both name `what`.
 */
export function checkKey(key: Uint8Array, what: string): void {
  if (!(key instanceof Uint8Array)) throw new TypeError(`${what}: must be a Uint8Array of ${ESPNOW_LIMITS.keyBytes} bytes`);
  if (key.length !== ESPNOW_LIMITS.keyBytes) {
    throw new RangeError(`${what}: must be ${ESPNOW_LIMITS.keyBytes} bytes, got ${key.length}`);
  }
}

/**
 * Checks a unicast send before it reaches the radio.
 * @returns the destination as 6 bytes.
 * @throws TypeError for a bad address; RangeError for a broadcast destination or a payload that
 *   is empty or longer than 250 bytes.
 */
export function checkSend(to: string, payload: Uint8Array): Uint8Array {
  const mac = parseMac(to, "to");
  if (formatMac(mac) === BROADCAST_MAC) throw new RangeError("to: broadcast has no MAC ack and no encryption; send alarms unicast");
  if (!(payload instanceof Uint8Array)) throw new TypeError("payload: must be a Uint8Array");
  if (payload.length === 0 || payload.length > ESPNOW_LIMITS.maxPayloadBytes) {
    throw new RangeError(`payload: must be 1…${ESPNOW_LIMITS.maxPayloadBytes} bytes, got ${payload.length}`);
  }
  return mac;
}
