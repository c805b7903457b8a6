import { ESP_NOW_MAX_DATA_LEN } from "../core/frame/constants.ts";

/**
 * The limits of the radio the system is built on, ESP-NOW v1.0, that every layer above the hal
 * plans with (payload size, peers per post, channels, key size). The ESP-NOW adapter checks them
 * again before the native module (`firmware/espnow/limits.ts`), and `espnow.c` once more.
 *
 * Sources: ESP-IDF `components/esp_wifi/include/esp_now.h` (`ESP_NOW_MAX_DATA_LEN` 250,
 * `ESP_NOW_MAX_TOTAL_PEER_NUM` 20, `ESP_NOW_KEY_LEN` 16), Kconfig
 * `CONFIG_ESP_WIFI_ESPNOW_MAX_ENCRYPT_NUM` (0–17, default 7; older docs: default 6). `test/device`
 * checks these numbers against the native module's declarations so the two cannot drift apart.
 */
export const ESPNOW_LIMITS = {
  /** Largest payload of one frame in bytes (ESP-NOW v1.0, `ESP_NOW_MAX_DATA_LEN`). */
  maxPayloadBytes: ESP_NOW_MAX_DATA_LEN,
  /** Peers in the peer list, encrypted or not (`ESP_NOW_MAX_TOTAL_PEER_NUM`). */
  maxPeers: 20,
  /** Encrypted peers when the firmware keeps ESP-IDF's default Kconfig (device value: `EspNow.maxEncryptedPeers`). */
  defaultMaxEncryptedPeers: 7,
  /** Bytes in a primary master key (PMK) or a peer's local master key (LMK) (`ESP_NOW_KEY_LEN`). */
  keyBytes: 16,
  /** Lowest Wi-Fi channel (2.4 GHz). */
  minChannel: 1,
  /**
   * Highest Wi-Fi channel: 11. ESP-IDF's default country is "01" (world safe mode, channels 1–11;
   * `esp_wifi_set_country` docs) and the firmware does not change it, so 12–13 would be refused.
   */
  maxChannel: 11,
} as const;

/**
 * A packet radio: ESP-NOW (`firmware/espnow`), MQTT (`tools/mqtt`), or the simulator's medium.
 *
 * Rules every implementation keeps (ESP-IDF `esp_now.h`; ARCHITECTURE §6):
 * - At most one send outstanding: `send` while `busy` throws.
 * - `onSent(ok)` reports the *MAC-level* result ("sent OK" means a MAC ack for unicast, never
 *   proof that the application received the frame). It may come late, or never: the caller of
 *   `send` keeps its own timeout.
 * - Payloads are at most `maxPayload` bytes (250 for ESP-NOW v1, `ESP_NOW_MAX_DATA_LEN`).
 */
export interface Radio {
  /** Largest payload in bytes that `send` accepts. */
  readonly maxPayload: number;
  /** This radio's own address ("aa:bb:cc:dd:ee:ff" for ESP-NOW). */
  readonly address: string;
  /** True while a send has not been reported by `onSent`. */
  readonly busy: boolean;
  /**
   * Starts sending one unicast frame.
   * @param to peer address (a MAC for ESP-NOW).
   * @param payload 1 … maxPayload bytes; the radio copies it.
   * @throws Error if busy; RangeError if the payload is empty or over `maxPayload`.
   */
  send(to: string, payload: Uint8Array): void;
  /**
   * Abandons the outstanding send (its `onSent` will be ignored), e.g. after the caller's own
   * send-done timeout. No effect when not busy.
   */
  abandon(): void;
  /** Releases the radio. */
  close(): void;
}

/** Callbacks a radio delivers to the app. They run on the app's run loop, never re-entrantly. */
export interface RadioHandlers {
  /** A frame arrived. `payload` is the app's to keep. `rssi` in dBm when the radio knows it. */
  onReceive(payload: Uint8Array, from: string, rssi?: number): void;
  /** The outstanding send finished at the MAC level. */
  onSent(ok: boolean): void;
}

/** Opens a radio with its callbacks (ECMA-419 style: callbacks in the constructor options). */
export type OpenRadio = (handlers: RadioHandlers) => Radio;
