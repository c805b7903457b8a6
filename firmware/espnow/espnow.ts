/**
 * ESP-NOW radio for the device: the hal `Radio` over the native module `espnow.c`.
 *
 * A thin seam in the manner of Moddable's `modules/io/digital/digitalbank.js`: each method
 * forwards to one `xs_espnow_*` function, which enforces ESP-IDF's rules (one send outstanding,
 * 1…250-byte payloads, ≤ 20 peers, ≤ `maxEncryptedPeers` peers with an LMK) and throws naming
 * the `esp_err_t`. This side converts between the hal's shapes (MAC strings, Uint8Array) and the
 * native ones (6-byte buffers, ArrayBuffer) and checks arguments first, so a mistake names the
 * option. Device only: `Native`/`native` are resolved by `xsc -c` when `mcconfig` builds the
 * firmware. See `README.md` for the API, limits, errors and an example.
 */
import type { Radio } from "../hal/radio.ts";
import { checkKey, checkSend, checkEspNowSettings, ESPNOW_LIMITS } from "./limits.ts";
import { formatMac, parseMac } from "./mac.ts";

/** Options of `new EspNow(…)`. Wi-Fi must already be in station mode (`WiFi.mode = WiFi.Mode.station`). */
export interface EspNowOptions {
  /** Wi-Fi channel, 1…11 (ESP-IDF's default world-safe country; no default: every device of a deployment uses the same one). */
  channel: number;
  /** Primary master key (16 bytes) that encrypts the peers' LMKs; omit to keep ESP-IDF's default. */
  pmk?: Uint8Array;
  /** A frame arrived: `payload` is the app's to keep, `from` a MAC, `rssi` in dBm. */
  onReceive(payload: Uint8Array, from: string, rssi?: number): void;
  /** The outstanding send finished at the MAC level (`ok` = MAC ack received; never proof of delivery). */
  onSent(ok: boolean): void;
}

/** Options of `addPeer`. */
export interface EspNowPeerOptions {
  /** Local master key (16 bytes): frames to and from this peer are encrypted (CCMP). Unicast only. */
  lmk?: Uint8Array;
}

/**
 * The device's ESP-NOW radio (one per chip).
 * @example
 *   WiFi.mode = WiFi.Mode.station;
 *   const radio = new EspNow({ channel: 6, onReceive(p, from) {…}, onSent(ok) {…} });
 *   radio.addPeer("24:0a:c4:12:34:56");
 *   radio.send("24:0a:c4:12:34:56", frame);
 */
export default class EspNow extends Native("xs_espnow_destructor") implements Radio {
  /** Largest payload in bytes (ESP-NOW v1.0, `ESP_NOW_MAX_DATA_LEN`). */
  static readonly MAX_PAYLOAD_BYTES = ESPNOW_LIMITS.maxPayloadBytes;
  /** Most peers in the peer list (`ESP_NOW_MAX_TOTAL_PEER_NUM`). */
  static readonly MAX_PEERS = ESPNOW_LIMITS.maxPeers;
  /** Bytes in a PMK or LMK (`ESP_NOW_KEY_LEN`). */
  static readonly KEY_BYTES = ESPNOW_LIMITS.keyBytes;

  /**
   * Starts ESP-NOW on `options.channel`, with Wi-Fi power save off (frames are missed while the
   * modem sleeps).
   * @throws RangeError naming `channel` or `pmk`; Error when Wi-Fi is not in station mode, when
   *   another EspNow is open, or when ESP-IDF refuses (the message names the call and `esp_err_t`).
   */
  constructor(options: EspNowOptions) {
    super();
    const { channel, pmk } = checkEspNowSettings(options);
    const { onReceive, onSent } = options;
    if (typeof onReceive !== "function" || typeof onSent !== "function") {
      throw new TypeError("onReceive and onSent must be functions");
    }
    native("xs_espnow_constructor").call(
      this,
      channel,
      pmk,
      (payload: ArrayBuffer, from: ArrayBuffer, rssi: number | undefined) =>
        onReceive(new Uint8Array(payload), formatMac(new Uint8Array(from)), rssi),
      (ok: boolean) => onSent(ok),
    );
  }

  /** The station MAC address of this chip ("aa:bb:cc:dd:ee:ff"), known before Wi-Fi starts (`esp_read_mac`). */
  static get stationAddress(): string {
    return formatMac(new Uint8Array(native("xs_espnow_get_station_address").call(EspNow) as ArrayBuffer));
  }

  /** Peers that may have an LMK in this firmware (Kconfig `CONFIG_ESP_WIFI_ESPNOW_MAX_ENCRYPT_NUM`, default 7). */
  static get maxEncryptedPeers(): number {
    return native("xs_espnow_get_max_encrypted_peers").call(EspNow) as number;
  }

  get maxPayload(): number {
    return EspNow.MAX_PAYLOAD_BYTES;
  }

  get address(): string {
    return EspNow.stationAddress;
  }

  get busy(): boolean {
    return native("xs_espnow_get_busy").call(this) as boolean;
  }

  /** Received frames dropped since boot: oversize (> 250 bytes), or arriving faster than the app takes them. */
  get droppedFrames(): number {
    return native("xs_espnow_get_dropped_frames").call(this) as number;
  }

  /**
   * Adds a unicast peer on the current channel, optionally encrypted with an LMK.
   * @throws TypeError for a bad address; RangeError for a bad LMK, a full peer list (20) or too
   *   many encrypted peers (`maxEncryptedPeers`); Error when the peer exists already.
   */
  addPeer(address: string, options: EspNowPeerOptions = {}): void {
    const mac = parseMac(address, "address");
    if (options.lmk !== undefined) checkKey(options.lmk, "lmk");
    native("xs_espnow_add_peer").call(this, mac, options.lmk);
  }

  /** Removes a peer. @throws Error when it is not a peer. */
  removePeer(address: string): void {
    native("xs_espnow_remove_peer").call(this, parseMac(address, "address"));
  }

  /**
   * Sends one unicast frame; `onSent` reports the MAC-level result.
   * @throws Error when busy or `to` is not a peer; RangeError for an empty or oversize payload
   *   or a broadcast destination; TypeError for a bad address.
   */
  send(to: string, payload: Uint8Array): void {
    native("xs_espnow_send").call(this, checkSend(to, payload), payload);
  }

  /** Forgets the outstanding send: `busy` becomes false and its result, if it comes, is ignored. */
  abandon(): void {
    native("xs_espnow_abandon").call(this);
  }

  /** Stops ESP-NOW and releases the radio; closing twice is harmless. */
  close(): void {
    native("xs_espnow_close").call(this);
  }
}
