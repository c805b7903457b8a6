/**
 * The air: simulated ESP-NOW radios and the medium that carries their frames.
 *
 * What a radio promises (hal `Radio`, ESP-IDF `esp_now.h`, ARCHITECTURE §6) and how it is
 * simulated here:
 * - one send outstanding: `send` while `busy` throws; `busy` clears when send-done is reported
 *   or the app calls `abandon()`;
 * - payloads are 1 … 250 bytes (ESP-NOW v1, `ESP_NOW_MAX_DATA_LEN`), copied at `send`;
 * - send-done is the **MAC-level** result, reported when the frame would reach the peer's radio:
 *   `true` if the peer's radio heard it and its MAC ack came back, `false` otherwise — even when
 *   the frame arrived but the ack was lost (`ackLoss`). It may never come (`sendDoneMissing`).
 *   Broadcast (`ff:ff:ff:ff:ff:ff`) reaches every other radio, has no MAC ack, and always
 *   reports `true` (alarm-field-facts §3.1);
 * - a device without power, or whose app has not opened (or has closed) its radio, hears
 *   nothing and acks nothing; nor does a radio outside its listen window;
 * - every frame is captured "on the air" (the last 64 per sender) for the scenario's attacker.
 * The fate of each frame comes from the link model (`link-model.ts`) of its directed link.
 */
import { ESP_NOW_MAX_DATA_LEN } from "../../firmware/core/frame/constants.ts";
import { BROADCAST_MAC } from "../../firmware/espnow/mac.ts";
import type { Radio, RadioHandlers } from "../../firmware/hal/radio.ts";
import type { EventQueue } from "./clock.ts";
import { LinkChannel, hearsAt, inOutage, resolveLinkModel, type RadioOverrides } from "./link-model.ts";
import { Random } from "./random.ts";
import type { RunLoop } from "./run-loop.ts";

/** Limits of the simulated radio. */
export const MEDIUM_LIMITS = Object.freeze({
  /** Largest payload, bytes: ESP-NOW v1 `ESP_NOW_MAX_DATA_LEN`. */
  maxPayloadBytes: ESP_NOW_MAX_DATA_LEN,
  /** Frames kept per sender for replay by the attacker. */
  capturedPerSender: 64,
  /** The broadcast address (ESP-NOW: add it as a peer, then send; no ack, no encryption). */
  broadcast: BROADCAST_MAC,
});

/** Counts of what the medium did, for the run's summary. */
export interface MediumStats {
  /** Unicast and broadcast sends accepted. */
  sent: number;
  /** Frames handed to an app's `onReceive` (duplicates and injections included). */
  delivered: number;
  /** Extra copies delivered by duplication. */
  duplicated: number;
  /** Frames lost on air by i.i.d. or bursty loss. */
  lost_air: number;
  /** Frames sent during an outage. */
  lost_outage: number;
  /** Frames that arrived while the receiving radio was outside its listen window. */
  lost_not_listening: number;
  /** Frames for a device without power or without an open radio. */
  lost_no_radio: number;
  /** Frames for an address no device has. */
  lost_unknown_address: number;
  /** Delivered frames whose MAC ack was lost (send-done false). */
  mac_ack_lost: number;
  /** Sends whose send-done never came. */
  send_done_missing: number;
  /** Sends abandoned by the app before their send-done. */
  abandoned: number;
  /** Frames injected by the scenario's attacker. */
  injected: number;
}

/** A frame seen on the air. */
export interface CapturedFrame {
  atUs: number;
  to: string;
  bytes: Uint8Array;
}

/** What the medium may report for tracing (`detail` runs): one call per send and per arrival. */
export type MediumObserver = (deviceId: string, event: string, fields: Record<string, string | number | boolean>) => void;

/** Why a frame was not heard → the counter it goes to. */
const LOSS_STATS = {
  outage: "lost_outage",
  air: "lost_air",
  no_radio: "lost_no_radio",
  not_listening: "lost_not_listening",
} as const satisfies Record<string, keyof MediumStats>;

interface Station {
  id: string;
  address: string;
  overrides: RadioOverrides | undefined;
  radio: SimRadio | undefined;
  /** The last `capturedPerSender` frames sent, a ring: slot `capturedCount % capturedPerSender` is the next. */
  captured: CapturedFrame[];
  /** Frames sent in all (and so captured). */
  capturedCount: number;
  /** This station's outgoing links by target (undefined: an unknown address), made on first use. */
  linksTo: Map<Station | undefined, LinkChannel>;
}

/** Options of `Medium`. */
export interface MediumOptions {
  queue: EventQueue;
  /** Scenario seed (u32): each directed link gets the stream `link:<from>><to>`. */
  seed: number;
  /** The global radio model (partial; defaults fill the rest). */
  global?: RadioOverrides;
  observe?: MediumObserver;
}

/** The shared air of one simulation. */
export class Medium {
  readonly stats: MediumStats = {
    sent: 0,
    delivered: 0,
    duplicated: 0,
    lost_air: 0,
    lost_outage: 0,
    lost_not_listening: 0,
    lost_no_radio: 0,
    lost_unknown_address: 0,
    mac_ack_lost: 0,
    send_done_missing: 0,
    abandoned: 0,
    injected: 0,
  };
  private readonly queue: EventQueue;
  private readonly seed: number;
  private readonly global: RadioOverrides;
  private readonly observe: MediumObserver | undefined;
  private readonly stations: Station[] = [];
  private readonly byId = new Map<string, Station>();
  private readonly byAddress = new Map<string, Station>();

  constructor(options: MediumOptions) {
    this.queue = options.queue;
    this.seed = options.seed;
    this.global = options.global ?? {};
    this.observe = options.observe;
  }

  /**
   * Adds a device's radio to the air (closed until its app opens it).
   * @throws Error for a duplicate id or address.
   */
  attach(id: string, address: string, overrides?: RadioOverrides): void {
    if (this.byId.has(id)) throw new Error(`medium: device ${id} attached twice`);
    if (this.byAddress.has(address) || address === MEDIUM_LIMITS.broadcast) throw new Error(`medium: address ${address} is taken`);
    const station: Station = { id, address, overrides, radio: undefined, captured: [], capturedCount: 0, linksTo: new Map() };
    this.stations.push(station);
    this.byId.set(id, station);
    this.byAddress.set(address, station);
  }

  /**
   * Opens device `id`'s radio for its app; callbacks run through `loop`.
   * @throws Error if the radio is already open (one radio per device).
   */
  open(id: string, handlers: RadioHandlers, loop: RunLoop): Radio {
    const station = this.station(id);
    if (station.radio && !station.radio.closed) throw new Error(`radio of ${id}: already open`);
    if (typeof handlers?.onReceive !== "function" || typeof handlers.onSent !== "function") {
      throw new TypeError(`radio of ${id}: handlers need onReceive and onSent functions`);
    }
    const radio = new SimRadio(this, station.address, handlers, loop, id);
    station.radio = radio;
    return radio;
  }

  /** Power loss: the device's radio stops hearing and its outstanding send is forgotten. */
  release(id: string): void {
    const station = this.station(id);
    station.radio?.close();
    station.radio = undefined;
  }

  /** The address of device `id`. */
  addressOf(id: string): string {
    return this.station(id).address;
  }

  /**
   * The `back`-th most recent frame device `id` sent (1 = the last), or undefined if fewer were
   * captured.
   */
  captured(id: string, back = 1): CapturedFrame | undefined {
    const station = this.station(id);
    const cap = MEDIUM_LIMITS.capturedPerSender;
    if (!Number.isInteger(back) || back < 1 || back > Math.min(cap, station.capturedCount)) return undefined;
    return station.captured[(station.capturedCount - back) % cap];
  }

  /** Whether device `to` would hear a frame now (open radio, inside its listen window). */
  hearsNow(to: string, from: string): boolean {
    const target = this.station(to);
    const radio = target.radio;
    return !!radio && !radio.closed && hearsAt(this.modelFor(this.station(from), target).listen, this.queue.nowUs);
  }

  /**
   * The attacker transmits `bytes` to device `to`, spoofing device `from`'s address. It is
   * heard now if `hearsNow`; the link's loss model does not apply (the attacker stands close).
   * Returns whether it was heard.
   */
  inject(to: string, from: string, bytes: Uint8Array): boolean {
    if (!this.hearsNow(to, from)) return false;
    this.stats.injected++;
    this.stats.delivered++;
    this.station(to).radio!.deliver(bytes.slice(), this.station(from).address);
    return true;
  }

  /** Called by `SimRadio.send` once its checks passed. */
  transmit(sender: SimRadio, to: string, bytes: Uint8Array, token: number): void {
    const from = this.byAddress.get(sender.address)!;
    const nowUs = this.queue.nowUs;
    this.stats.sent++;
    from.captured[from.capturedCount % MEDIUM_LIMITS.capturedPerSender] = { atUs: nowUs, to, bytes };
    from.capturedCount++;
    this.observe?.(from.id, "radio_send", { to, bytes: bytes.length });

    if (to === MEDIUM_LIMITS.broadcast) {
      let lastUs = nowUs;
      for (const station of this.stations) {
        if (station === from) continue;
        const arrival = nowUs + this.carry(from, station, bytes, nowUs, true);
        if (arrival > lastUs) lastUs = arrival;
      }
      this.queue.at(lastUs, () => sender.sendDone(token, true));
      return;
    }

    const target = this.byAddress.get(to);
    if (target === undefined) {
      this.stats.lost_unknown_address++;
      const fate = this.link(from, undefined).fate(nowUs);
      this.queue.at(nowUs + fate.latencyUs, () => this.report(fate.sendDoneMissing, sender, token, false));
      return;
    }
    this.carry(from, target, bytes, nowUs, false, sender, token);
  }

  /** Carries one frame over `from → target`; returns its latency, µs. */
  private carry(from: Station, target: Station, bytes: Uint8Array, nowUs: number, broadcast: boolean, sender?: SimRadio, token = 0): number {
    const link = this.link(from, target);
    const fate = link.fate(nowUs);
    const outage = inOutage(link.model.outages, nowUs);
    const arrivalUs = nowUs + fate.latencyUs;
    this.queue.at(arrivalUs, () => {
      const radio = target.radio;
      let why: keyof typeof LOSS_STATS | "delivered";
      if (outage) why = "outage";
      else if (fate.lost) why = "air";
      else if (!radio || radio.closed) why = "no_radio";
      else if (!hearsAt(link.model.listen, arrivalUs)) why = "not_listening";
      else why = "delivered";
      const heard = why === "delivered";
      if (why === "delivered") {
        this.stats.delivered++;
        radio!.deliver(bytes.slice(), from.address);
      } else {
        this.stats[LOSS_STATS[why]]++;
      }
      this.observe?.(target.id, "radio_arrival", { from: from.address, fate: why });
      if (heard && fate.duplicateAfterUs !== undefined) {
        this.queue.after(fate.duplicateAfterUs, () => {
          const r = target.radio;
          if (r === radio && r && !r.closed && hearsAt(link.model.listen, this.queue.nowUs)) {
            this.stats.duplicated++;
            this.stats.delivered++;
            r.deliver(bytes.slice(), from.address);
          }
        });
      }
      if (!broadcast && sender) {
        if (heard && fate.ackLost) this.stats.mac_ack_lost++;
        this.report(fate.sendDoneMissing, sender, token, heard && !fate.ackLost);
      }
    });
    return fate.latencyUs;
  }

  /** Reports a send-done now (always from a queued event, never inside `send`). */
  private report(missing: boolean, sender: SimRadio, token: number, ok: boolean): void {
    if (missing) this.stats.send_done_missing++;
    else sender.sendDone(token, ok);
  }

  private station(id: string): Station {
    const s = this.byId.get(id);
    if (!s) throw new Error(`medium: no device ${id}`);
    return s;
  }

  private modelFor(from: Station, to: Station) {
    return this.link(from, to).model;
  }

  private link(from: Station, to: Station | undefined): LinkChannel {
    let link = from.linksTo.get(to);
    if (link === undefined) {
      const key = `${from.id}>${to?.id ?? "?"}`;
      link = new LinkChannel(resolveLinkModel(this.global, from.overrides, to?.overrides), new Random(this.seed, `link:${key}`));
      from.linksTo.set(to, link);
    }
    return link;
  }
}

/** One device's radio, as its app sees it. */
export class SimRadio implements Radio {
  readonly maxPayload = MEDIUM_LIMITS.maxPayloadBytes;
  private outstanding = 0;
  private lastToken = 0;
  private isClosed = false;

  constructor(
    private readonly medium: Medium,
    readonly address: string,
    private readonly handlers: RadioHandlers,
    private readonly loop: RunLoop,
    private readonly deviceId: string,
  ) {}

  /** True while a send awaits its send-done. */
  get busy(): boolean {
    return this.outstanding !== 0;
  }

  /** True once closed (by the app or by power loss). */
  get closed(): boolean {
    return this.isClosed;
  }

  /**
   * Starts one send.
   * @throws Error if closed or busy; TypeError for a non-string address or non-Uint8Array
   *   payload; RangeError for an empty payload or one over 250 bytes.
   */
  send(to: string, payload: Uint8Array): void {
    if (this.isClosed) throw new Error(`radio of ${this.deviceId}: closed`);
    if (this.outstanding !== 0) throw new Error(`radio of ${this.deviceId}: busy (one send outstanding)`);
    if (typeof to !== "string") throw new TypeError(`radio of ${this.deviceId}: address must be a string`);
    if (!(payload instanceof Uint8Array)) throw new TypeError(`radio of ${this.deviceId}: payload must be a Uint8Array`);
    if (payload.length < 1 || payload.length > this.maxPayload) {
      throw new RangeError(`radio of ${this.deviceId}: payload must be 1…${this.maxPayload} bytes, got ${payload.length}`);
    }
    const token = ++this.lastToken;
    this.outstanding = token;
    this.medium.transmit(this, to, payload.slice(), token);
  }

  /** Forgets the outstanding send; its send-done, if it ever comes, is ignored. */
  abandon(): void {
    if (this.outstanding !== 0) {
      this.outstanding = 0;
      this.medium.stats.abandoned++;
    }
  }

  /** Releases the radio: nothing more is heard or reported. */
  close(): void {
    this.isClosed = true;
    this.outstanding = 0;
  }

  /** The medium reports a send-done (ignored unless it is for the outstanding send). */
  sendDone(token: number, ok: boolean): void {
    if (this.isClosed || token !== this.outstanding) return;
    this.outstanding = 0;
    this.loop.run(() => this.handlers.onSent(ok));
  }

  /** The medium hands over a frame. */
  deliver(bytes: Uint8Array, from: string): void {
    if (this.isClosed) return;
    this.loop.run(() => this.handlers.onReceive(bytes, from));
  }
}
