/**
 * Stand-ins for the native half of the ESP-NOW module (`firmware/espnow/espnow.c`) inside the XS
 * engine, so the real `firmware/espnow/espnow.ts` class runs unchanged: its base class comes
 * from `Native(destructor)` and each method calls `native("xs_espnow_…")`, which xsc resolves on
 * the device and which resolve here to the functions below.
 *
 * They keep `espnow.c`'s rules and messages — Wi-Fi must be in station mode; one instance per
 * chip; channel 1…13; one send outstanding (`busy`, cleared by the send-done or `abandon`); 1…250
 * byte payloads; ≤ 20 peers, ≤ 7 with an LMK; sends only to peers — and forward the radio itself
 * to the simulated device's hal radio on the host (the medium's loss, latency, MAC acks).
 * Not modelled: the receive queue limit (`kMaxQueuedFrames`: the simulator delivers each frame in
 * its own callback, so none is dropped and `droppedFrames` stays 0) and LMK encryption.
 */
import { ESP_NOW_MAX_DATA_LEN } from "../../../firmware/core/frame/constants.ts";
import { COMMANDS, OPS } from "../protocol.ts";
import { fromHex, hostLink, toHex } from "./host-link.ts";
import WiFi from "./wifi.ts";

const MAX_PAYLOAD_BYTES = ESP_NOW_MAX_DATA_LEN;
const MAX_PEERS = 20;
const MAX_ENCRYPTED_PEERS = 7;
const KEY_BYTES = 16;
const MAC_BYTES = 6;

interface Record {
  owner: object;
  onReceive: (payload: ArrayBuffer, from: ArrayBuffer, rssi: number | undefined) => void;
  onSent: (ok: boolean) => void;
  busy: boolean;
  peers: Map<string, boolean>;
}

/** The open instance (ESP-NOW is one per chip, as `gEspNow`). */
let open: Record | undefined;
let listening = false;

function macText(bytes: Uint8Array): string {
  let text = "";
  for (let i = 0; i < bytes.length; i++) text += (i ? ":" : "") + (bytes[i]! < 0x10 ? "0" : "") + bytes[i]!.toString(16);
  return text;
}

function readBytes(value: unknown, size: number, what: string): Uint8Array {
  const bytes = value instanceof ArrayBuffer ? new Uint8Array(value) : ArrayBuffer.isView(value) ? new Uint8Array(value.buffer, value.byteOffset, value.byteLength) : undefined;
  if (!bytes || bytes.length !== size) throw new RangeError(`espnow: ${what} must be ${size} bytes`);
  return bytes;
}

function getOpen(self: object): Record {
  if (!open || open.owner !== self) throw new Error("espnow: closed");
  return open;
}

function listen(): void {
  if (listening) return;
  listening = true;
  const link = hostLink();
  link.on(COMMANDS.received, (payloadHex, from, rssi) => {
    if (!open) return;
    const mac = fromHex(String(from).replace(/:/g, ""));
    open.onReceive(fromHex(payloadHex as string).buffer as ArrayBuffer, mac.buffer as ArrayBuffer, typeof rssi === "number" ? rssi : undefined);
  });
  link.on(COMMANDS.sent, (ok) => {
    if (!open || !open.busy) return; // a result for an abandoned send is ignored
    open.busy = false;
    open.onSent(ok === true);
  });
}

/** The `xs_espnow_*` functions, called with `this` = the EspNow instance (or the class for statics). */
export const ESPNOW_NATIVES: Readonly<globalThis.Record<string, (this: object, ...args: unknown[]) => unknown>> = Object.freeze({
  xs_espnow_constructor(this: object, channel: unknown, pmk: unknown, onReceive: unknown, onSent: unknown): void {
    if (open) throw new Error("espnow: already open; ESP-NOW is one per chip, close() the open instance first");
    const ch = Math.trunc(Number(channel));
    if (!(ch >= 1 && ch <= 13)) throw new RangeError(`espnow: channel must be 1…13, got ${ch}`);
    if (pmk !== undefined) readBytes(pmk, KEY_BYTES, "pmk");
    if (typeof onReceive !== "function") throw new TypeError("espnow: onReceive must be a function");
    if (typeof onSent !== "function") throw new TypeError("espnow: onSent must be a function");
    if (WiFi.mode !== WiFi.Mode.station && WiFi.mode !== 3) throw new Error("espnow: Wi-Fi is not in station mode; set WiFi.mode = WiFi.Mode.station first");
    listen();
    hostLink().call(OPS.radioOpen);
    open = { owner: this, onReceive: onReceive as Record["onReceive"], onSent: onSent as Record["onSent"], busy: false, peers: new Map() };
  },
  xs_espnow_destructor(): void {},
  xs_espnow_close(this: object): void {
    if (!open || open.owner !== this) return; // closing twice is harmless
    open = undefined;
    hostLink().post(OPS.radioClose);
  },
  xs_espnow_add_peer(this: object, mac: unknown, lmk: unknown): void {
    const record = getOpen(this);
    const text = macText(readBytes(mac, MAC_BYTES, "peer address"));
    const encrypt = lmk !== undefined;
    if (encrypt) readBytes(lmk, KEY_BYTES, "lmk");
    if (record.peers.has(text)) throw new Error(`espnow: ${text} is already a peer`);
    if (record.peers.size >= MAX_PEERS) throw new RangeError(`espnow: cannot add ${text}: the peer list is full (${MAX_PEERS} peers, ESP_NOW_MAX_TOTAL_PEER_NUM)`);
    let encrypted = 0;
    for (const e of record.peers.values()) if (e) encrypted++;
    if (encrypt && encrypted >= MAX_ENCRYPTED_PEERS) {
      throw new RangeError(`espnow: cannot add ${text} with an lmk: ${MAX_ENCRYPTED_PEERS} encrypted peers already (CONFIG_ESP_WIFI_ESPNOW_MAX_ENCRYPT_NUM); add it without an lmk or raise the limit in sdkconfig`);
    }
    record.peers.set(text, encrypt);
  },
  xs_espnow_remove_peer(this: object, mac: unknown): void {
    const record = getOpen(this);
    const text = macText(readBytes(mac, MAC_BYTES, "peer address"));
    if (!record.peers.delete(text)) throw new Error(`espnow: ${text} is not a peer`);
  },
  xs_espnow_send(this: object, mac: unknown, payload: unknown): void {
    const record = getOpen(this);
    if (record.busy) throw new Error("espnow: busy: one send is outstanding; wait for onSent or call abandon()");
    const to = macText(readBytes(mac, MAC_BYTES, "destination address"));
    const data = payload instanceof ArrayBuffer ? new Uint8Array(payload) : ArrayBuffer.isView(payload) ? new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength) : undefined;
    if (!data || data.length === 0 || data.length > MAX_PAYLOAD_BYTES) {
      throw new RangeError(`espnow: payload must be 1…${MAX_PAYLOAD_BYTES} bytes (ESP_NOW_MAX_DATA_LEN), got ${data?.length ?? 0}`);
    }
    if (!record.peers.has(to)) throw new Error(`espnow: ${to} is not a peer; addPeer() first`);
    record.busy = true;
    hostLink().post(OPS.radioSend, to, toHex(data));
  },
  xs_espnow_abandon(this: object): void {
    getOpen(this).busy = false;
    hostLink().post(OPS.radioAbandon);
  },
  xs_espnow_get_busy(this: object): boolean {
    return getOpen(this).busy;
  },
  xs_espnow_get_dropped_frames(this: object): number {
    getOpen(this);
    return 0;
  },
  xs_espnow_get_station_address(): ArrayBuffer {
    const boot = hostLink().boot;
    if (!boot) throw new Error("espnow: station address read before the host's boot command");
    return fromHex(boot.stationAddress.replace(/:/g, "")).buffer as ArrayBuffer;
  },
  xs_espnow_get_max_encrypted_peers(): number {
    return MAX_ENCRYPTED_PEERS;
  },
});
