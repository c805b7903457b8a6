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
