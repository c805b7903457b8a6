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
 * - every frame is captured "on the air" (the last 64 per sender) for the scenario's attacker,
 *   unless the medium is told not to (`MediumOptions.captureFrames`).
 * The fate of each frame comes from the link model (`link-model.ts`) of its directed link.
 *
 * With an air model (`AirModel`, the scenario's `air`), the medium is also one shared channel:
 * - a frame holds the air for its length at 1 Mbps (`airtime.ts`: 192 µs DSSS long preamble,
 *   43 bytes of ESP-NOW framing + the payload at 8 µs a byte, then SIFS + the 14-byte MAC ACK
 *   for a unicast frame); it arrives, and the sender's send-done comes, when that time is over
 *   (the link model's `latency_ms` is then not used: send → arrival is access + air time);
 * - carrier sense with 802.11 DCF backoff: a sender waits until the channel it hears has been
 *   idle for DIFS (50 µs), then counts down a backoff uniform in 0 … CWmin (31) slots of 20 µs,
 *   frozen while the channel is busy (IEEE 802.11-2012 §9.3.4.3). A transmission is sensed one
 *   slot after it starts, so two senders whose countdowns end in the same slot both transmit;
 * - frames that overlap in time collide: each is lost at every receiver that hears the other
 *   sender (and at a receiver that was itself transmitting: the radio is half-duplex). No
 *   capture effect, no MAC retry (a collided unicast gets send-done `false`; the link
 *   retransmits). Hidden pairs (`AirModel.hidden`) neither sense nor disturb each other;
 * - the receive queue of our ESP-NOW driver (`firmware/espnow/espnow.c`, `kMaxQueuedFrames`
 *   4): a frame heard while the app is busy waits; a frame heard with the queue full is
 *   dropped, and still MAC-acked (MicroPython `espnow.rst`: "Dropped packets will still be
 *   acknowledged"); the app spends `cpuPerFrameUs` on each received frame, one at a time.
 */
import { ESP_NOW_MAX_DATA_LEN } from "../../firmware/core/frame/constants.ts";
import { BROADCAST_MAC } from "../../firmware/hal/mac.ts";
import type { Radio, RadioHandlers } from "../../firmware/hal/radio.ts";
import type { EventQueue } from "./clock.ts";
import { ACK_EXCHANGE_US, AIR, dataAirUs } from "./airtime.ts";
import { LinkChannel, type FrameFate, hearsAt, inOutage, resolveLinkModel, type RadioOverrides } from "./link-model.ts";
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
  /** With an air model only: frames lost at a receiver because another frame overlapped them. */
  lost_collision?: number;
  /** With an air model only: frames heard while the receive queue was full (dropped, still MAC-acked). */
  lost_rx_queue?: number;
  /** With an air model only: times a sender found the channel busy and froze its backoff. */
  deferred?: number;
  /** With an air model only: µs the channel carried frames (and their MAC ACKs), summed over senders. */
  air_us?: number;
}

/**
 * The shared channel (see the module comment). Given, it turns collisions, carrier sense, the
 * receive queue and the app's CPU time per frame on.
 */
export interface AirModel {
  /** Pairs of device ids that cannot hear each other (hidden nodes). Default none. */
  hidden: ReadonlyArray<readonly [string, string]>;
  /** Frames that may wait for the app, integer 1 … 1024. Default 4 (`kMaxQueuedFrames`, espnow.c). */
  rxQueue: number;
  /** App CPU time per received frame, integer µs 0 … 1 000 000. Default `AIR_DEFAULTS.cpuPerFrameUs`. */
  cpuPerFrameUs: number;
}

/**
 * Defaults of `AirModel`. `cpuPerFrameUs` 2 ms is an assumption, not a measurement: opening a
 * frame costs one HMAC-SHA256 in XS's JavaScript `hmac` on the ESP32 plus the app's handling;
 * set it from a device measurement when one exists.
 */
export const AIR_DEFAULTS: Readonly<AirModel> = Object.freeze({ hidden: [], rxQueue: 4, cpuPerFrameUs: 2000 });

/**
 * Checks an air model and fills its defaults.
 * @throws RangeError naming the field for a bad value, or a hidden pair that does not name two
 *   different ids (pairs naming no attached device are ignored; `scenario.ts` refuses them).
 */
export function resolveAirModel(air: Partial<AirModel>): AirModel {
  const m: AirModel = {
    hidden: air.hidden ?? AIR_DEFAULTS.hidden,
    rxQueue: air.rxQueue ?? AIR_DEFAULTS.rxQueue,
    cpuPerFrameUs: air.cpuPerFrameUs ?? AIR_DEFAULTS.cpuPerFrameUs,
  };
  if (!Number.isInteger(m.rxQueue) || m.rxQueue < 1 || m.rxQueue > 1024) throw new RangeError(`air rxQueue must be an integer 1…1024 frames, got ${m.rxQueue}`);
  if (!Number.isInteger(m.cpuPerFrameUs) || m.cpuPerFrameUs < 0 || m.cpuPerFrameUs > 1_000_000) {
    throw new RangeError(`air cpuPerFrameUs must be an integer 0…1000000 µs, got ${m.cpuPerFrameUs}`);
  }
  for (const pair of m.hidden) {
    if (!Array.isArray(pair) || pair.length !== 2 || pair[0] === pair[1]) throw new RangeError(`air hidden: each pair must name two different devices, got ${JSON.stringify(pair)}`);
  }
  return m;
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
  collision: "lost_collision",
} as const satisfies Record<string, keyof MediumStats>;

interface Station {
  id: string;
  address: string;
  overrides: RadioOverrides | undefined;
  radio: SimRadio | undefined;
  /**
   * The last `capturedPerSender` frames sent, a ring: slot `capturedCount % capturedPerSender` is
   * the next. A slot's record and bytes are reused when the new frame has the same length (the
   * frame is copied in), so a full ring makes no garbage: a frame kept here for minutes outlived
   * the young generation, and the old one filled with them (issue 15 §3).
   */
  captured: CapturedFrame[];
  /** Frames sent in all (and so captured, unless `captureFrames` is off). */
  capturedCount: number;
  /** Bytes of the frames sent in all. */
  sentBytes: number;
  /** This station's outgoing links by target (undefined: an unknown address), made on first use. */
  linksTo: Map<Station | undefined, LinkChannel>;
  /** Its state on the shared channel, with an air model. */
  air: AirStation | undefined;
}

interface AirStation {
  /** Backoff draws: the stream `air:<id>`. */
  random: Random;
  /** Stations this one cannot hear. */
  hidden: Set<Station>;
  /** Frames waiting in the receive queue. */
  rxWaiting: number;
  /** When the app is done with the frames it has taken, µs. */
  cpuFreeUs: number;
}

/**
 * A frame on its way over one link without an air model, from its send to its arrival: the
 * arguments of `arrive`. The medium reuses it once the frame arrived, and queues its arrival
 * with `EventQueue.call`, so a frame in flight costs no closure, no fate object and no queue
 * entry of its own (issue 15 §3: allocation per frame on the host).
 */
class InFlight {
  from!: Station;
  target!: Station;
  link!: LinkChannel;
  readonly fate: FrameFate = { latencyUs: 0, lost: false, bad: false, ackLost: false, duplicateAfterUs: undefined, sendDoneMissing: false };
  outage = false;
  bytes: Uint8Array | undefined = undefined;
  broadcast = false;
  sender: SimRadio | undefined = undefined;
  token = 0;
}

/** Records of frames in flight kept for reuse, at most (a few frames are in flight per device). */
const IN_FLIGHT_SPARE_MAX = 256;

/** A frame waiting for the channel. */
interface Access {
  from: Station;
  sender: SimRadio;
  token: number;
  bytes: Uint8Array;
  /** The target, or undefined for broadcast. */
  target: Station | undefined;
  /** The link fates drawn at send: one for unicast, one per other station for broadcast. */
  fates: FrameFate[];
  outages: boolean[];
  /** Backoff slots still to count. */
  slots: number;
  /** When the countdown (re)started, µs. */
  countFromUs: number;
}

/** A frame on the air. */
interface OnAir {
  from: Station;
  startUs: number;
  /** End of the data frame and, for unicast, its MAC ACK, µs. */
  endUs: number;
  /** Senders of frames that overlapped this one (undefined: none). */
  hitBy: Station[] | undefined;
}

/** Options of `Medium`. */
export interface MediumOptions {
  queue: EventQueue;
  /** Scenario seed (u32): each directed link gets the stream `link:<from>><to>`. */
  seed: number;
  /** The global radio model (partial; defaults fill the rest). */
  global?: RadioOverrides;
  /** The shared channel (partial; defaults fill the rest), or undefined for none. */
  air?: Partial<AirModel>;
  observe?: MediumObserver;
  /**
   * Addresses of devices that belong to the same world but run in another partition (on another
   * queue and medium: `bench/cells.ts`, tools/sim/README.md "Partitioned runs"). A frame to one of
   * them, or a broadcast while there are any, would cross partitions, which a partitioned run
   * cannot simulate: `transmit` throws instead of calling it an unknown address. Default none.
   */
  elsewhere?: ReadonlySet<string>;
  /**
   * Whether to keep the last `capturedPerSender` frames of each sender for `captured` (the
   * scenario's attacker). Default true. A world with no attacker can turn it off: nothing else
   * changes, and each frame sent no longer touches a ring of 64 frames per sender (cold memory,
   * the medium's largest cost per frame in the bench's worlds: issue 15 §3).
   */
  captureFrames?: boolean;
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
  private readonly elsewhere: ReadonlySet<string> | undefined;
  private readonly captureFrames: boolean;
  private readonly stations: Station[] = [];
  private readonly byId = new Map<string, Station>();
  private readonly byAddress = new Map<string, Station>();
  private readonly air: AirModel | undefined;
  /** Frames on the air or ended less than DIFS ago (a few at most). */
  private onAir: OnAir[] = [];
  /** Records of frames that arrived, for the next frames sent (`InFlight`). */
  private readonly spare: InFlight[] = [];
  /** The arrival of a frame in flight, made once for every frame (`EventQueue.call`). */
  private readonly arriveNow = (f: InFlight): void => {
    this.arrive(f.from, f.target, f.link, f.fate, f.outage, f.bytes!, f.broadcast, f.sender, f.token, undefined);
    f.bytes = undefined;
    f.sender = undefined;
    if (this.spare.length < IN_FLIGHT_SPARE_MAX) this.spare.push(f);
  };

  /** @throws RangeError for a bad air model (`resolveAirModel`). */
  constructor(options: MediumOptions) {
    this.queue = options.queue;
    this.seed = options.seed;
    this.global = options.global ?? {};
    this.observe = options.observe;
    this.elsewhere = options.elsewhere !== undefined && options.elsewhere.size > 0 ? options.elsewhere : undefined;
    this.captureFrames = options.captureFrames ?? true;
    if (options.air !== undefined) {
      this.air = resolveAirModel(options.air);
      this.stats.lost_collision = 0;
      this.stats.lost_rx_queue = 0;
      this.stats.deferred = 0;
      this.stats.air_us = 0;
    }
  }

  /**
   * Adds a device's radio to the air (closed until its app opens it).
   * @throws Error for a duplicate id or address.
   */
  attach(id: string, address: string, overrides?: RadioOverrides): void {
    if (this.byId.has(id)) throw new Error(`medium: device ${id} attached twice`);
    if (this.byAddress.has(address) || address === MEDIUM_LIMITS.broadcast) throw new Error(`medium: address ${address} is taken`);
    if (this.elsewhere?.has(address)) throw new Error(`medium: device ${id}: address ${address} belongs to another partition (MediumOptions.elsewhere)`);
    const air: AirStation | undefined = this.air && { random: new Random(this.seed, `air:${id}`), hidden: new Set(), rxWaiting: 0, cpuFreeUs: 0 };
    const station: Station = { id, address, overrides, radio: undefined, captured: [], capturedCount: 0, sentBytes: 0, linksTo: new Map(), air };
    this.stations.push(station);
    this.byId.set(id, station);
    this.byAddress.set(address, station);
    if (this.air) {
      for (const [a, b] of this.air.hidden) {
        const other = a === id ? this.byId.get(b) : b === id ? this.byId.get(a) : undefined;
        if (other?.air) {
          other.air.hidden.add(station);
          air!.hidden.add(other);
        }
      }
    }
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
   * captured (always, with `captureFrames` false). A copy: the ring reuses its slots.
   */
  captured(id: string, back = 1): CapturedFrame | undefined {
    const station = this.station(id);
    const cap = MEDIUM_LIMITS.capturedPerSender;
    if (!this.captureFrames || !Number.isInteger(back) || back < 1 || back > Math.min(cap, station.capturedCount)) return undefined;
    const held = station.captured[(station.capturedCount - back) % cap]!;
    return { atUs: held.atUs, to: held.to, bytes: held.bytes.slice() };
  }

  /**
   * What device `id` has sent so far: frames (every send accepted, broadcast included) and their
   * payload bytes (the bench's frames and bytes by direction, read after a run).
   * @throws Error for a device never attached.
   */
  sentBy(id: string): { frames: number; bytes: number } {
    const station = this.station(id);
    return { frames: station.capturedCount, bytes: station.sentBytes };
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

  /**
   * Called by `SimRadio.send` once its checks passed.
   * @throws Error when the frame would leave this partition (`MediumOptions.elsewhere`).
   */
  transmit(sender: SimRadio, to: string, bytes: Uint8Array, token: number): void {
    const from = this.byAddress.get(sender.address)!;
    const broadcast = to === MEDIUM_LIMITS.broadcast;
    // A device of this partition is never elsewhere (`attach`): `elsewhere` is asked only about
    // an address this medium does not have (no lookup in the other partitions' addresses per
    // frame: issue 15 §3).
    const target = broadcast ? undefined : this.byAddress.get(to);
    if (target === undefined && this.elsewhere !== undefined && (broadcast || this.elsewhere.has(to))) {
      throw new Error(
        `medium: ${from.id} sent a frame to ${to === MEDIUM_LIMITS.broadcast ? "every device (broadcast)" : to}, outside its partition; ` +
          "a partitioned run needs partitions that exchange no frames: run this world on one queue",
      );
    }
    const nowUs = this.queue.nowUs;
    this.stats.sent++;
    if (this.captureFrames) {
      const slot = from.capturedCount % MEDIUM_LIMITS.capturedPerSender;
      const held = from.captured[slot];
      if (held !== undefined && held.bytes.length === bytes.length) {
        held.atUs = nowUs;
        held.to = to;
        held.bytes.set(bytes);
      } else {
        from.captured[slot] = { atUs: nowUs, to, bytes: bytes.slice() };
      }
    }
    from.capturedCount++;
    from.sentBytes += bytes.length;
    this.observe?.(from.id, "radio_send", { to, bytes: bytes.length });

    if (this.air) {
      this.contend(from, sender, to, bytes, token, nowUs);
      return;
    }

    if (broadcast) {
      let lastUs = nowUs;
      for (const station of this.stations) {
        if (station === from) continue;
        const arrival = nowUs + this.carry(from, station, bytes, nowUs, true);
        if (arrival > lastUs) lastUs = arrival;
      }
      this.queue.at(lastUs, () => sender.sendDone(token, true));
      return;
    }

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
    const f = this.spare.pop() ?? new InFlight();
    const fate = link.decide(nowUs, f.fate);
    f.from = from;
    f.target = target;
    f.link = link;
    f.outage = inOutage(link.model.outages, nowUs);
    f.bytes = bytes;
    f.broadcast = broadcast;
    f.sender = sender;
    f.token = token;
    this.queue.call(nowUs + fate.latencyUs, this.arriveNow, f);
    return fate.latencyUs;
  }

  /** A frame from `from` reaches `target`'s radio now: heard or lost, and the sender's send-done. */
  private arrive(
    from: Station,
    target: Station,
    link: LinkChannel,
    fate: FrameFate,
    outage: boolean,
    bytes: Uint8Array,
    broadcast: boolean,
    sender: SimRadio | undefined,
    token: number,
    onAir: OnAir | undefined,
  ): void {
    const arrivalUs = this.queue.nowUs;
    const radio = target.radio;
    let why: keyof typeof LOSS_STATS | "delivered";
    if (outage) why = "outage";
    else if (fate.lost) why = "air";
    else if (onAir !== undefined && collided(onAir, target)) why = "collision";
    else if (!radio || radio.closed) why = "no_radio";
    else if (!hearsAt(link.model.listen, arrivalUs)) why = "not_listening";
    else why = "delivered";
    const heard = why === "delivered";
    if (why === "delivered") {
      // The bytes are the medium's own copy (made at `send`); only a broadcast (heard by others)
      // or a duplicate to come needs them again, so only then does the app get a copy.
      this.toApp(target, radio!, bytes, from.address, !broadcast && fate.duplicateAfterUs === undefined);
    } else {
      (this.stats[LOSS_STATS[why]] as number)++;
    }
    this.observe?.(target.id, "radio_arrival", { from: from.address, fate: why });
    if (heard && fate.duplicateAfterUs !== undefined) {
      this.queue.after(fate.duplicateAfterUs, () => {
        const r = target.radio;
        if (r === radio && r && !r.closed && hearsAt(link.model.listen, this.queue.nowUs)) {
          this.stats.duplicated++;
          this.toApp(target, r, bytes, from.address, false);
        }
      });
    }
    if (!broadcast && sender) {
      if (heard && fate.ackLost) this.stats.mac_ack_lost++;
      this.report(fate.sendDoneMissing, sender, token, heard && !fate.ackLost);
    }
  }

  /**
   * Hands a heard frame to the app: at once without an air model; with one, through the
   * receive queue at the app's pace (`cpuPerFrameUs` each), dropped when the queue is full.
   * @param last true when the medium never reads `bytes` again: the app gets them, not a copy
   *   (one allocation less per delivered frame, issue 15 §3).
   */
  private toApp(target: Station, radio: SimRadio, bytes: Uint8Array, fromAddress: string, last: boolean): void {
    const air = target.air;
    if (air === undefined) {
      this.stats.delivered++;
      radio.deliver(last ? bytes : bytes.slice(), fromAddress);
      return;
    }
    const nowUs = this.queue.nowUs;
    const cpu = this.air!.cpuPerFrameUs;
    if (air.cpuFreeUs <= nowUs) {
      air.cpuFreeUs = nowUs + cpu;
      this.stats.delivered++;
      radio.deliver(last ? bytes : bytes.slice(), fromAddress);
      return;
    }
    if (air.rxWaiting >= this.air!.rxQueue) {
      this.stats.lost_rx_queue!++;
      return;
    }
    air.rxWaiting++;
    this.stats.delivered++;
    const atUs = air.cpuFreeUs;
    air.cpuFreeUs = atUs + cpu;
    const copy = last ? bytes : bytes.slice();
    this.queue.at(atUs, () => {
      air.rxWaiting--;
      radio.deliver(copy, fromAddress);
    });
  }

  /** A send with an air model: draw the link fates now, then contend for the channel. */
  private contend(from: Station, sender: SimRadio, to: string, bytes: Uint8Array, token: number, nowUs: number): void {
    let target: Station | undefined;
    const fates: FrameFate[] = [];
    const outages: boolean[] = [];
    if (to === MEDIUM_LIMITS.broadcast) {
      for (const station of this.stations) {
        if (station === from) continue;
        const link = this.link(from, station);
        fates.push(link.fate(nowUs));
        outages.push(inOutage(link.model.outages, nowUs));
      }
    } else {
      target = this.byAddress.get(to);
      if (target === undefined) {
        this.stats.lost_unknown_address++;
        const fate = this.link(from, undefined).fate(nowUs);
        this.queue.at(nowUs + fate.latencyUs, () => this.report(fate.sendDoneMissing, sender, token, false));
        return;
      }
      const link = this.link(from, target);
      fates.push(link.fate(nowUs));
      outages.push(inOutage(link.model.outages, nowUs));
    }
    const busyUntil = this.sensedBusyUntil(from, nowUs);
    const access: Access = {
      from,
      sender,
      token,
      bytes,
      target,
      fates,
      outages,
      slots: from.air!.random.int(0, AIR.cwMinSlots),
      countFromUs: (busyUntil > nowUs ? busyUntil : nowUs) + AIR.difsUs,
    };
    this.queue.at(access.countFromUs + access.slots * AIR.slotUs, () => this.tryStart(access));
  }

  /**
   * When the channel `station` senses at `tUs` falls idle, µs: the latest end of the frames it
   * hears that started at least a slot before `tUs` and are not over; 0 when it senses none.
   */
  private sensedBusyUntil(station: Station, tUs: number): number {
    let until = 0;
    const hidden = station.air!.hidden;
    for (const f of this.onAir) {
      if (f.from !== station && f.startUs + AIR.slotUs <= tUs && f.endUs > tUs && !hidden.has(f.from) && f.endUs > until) until = f.endUs;
    }
    return until;
  }

  /** A backoff countdown ended: transmit, or freeze and wait for the channel again. */
  private tryStart(a: Access): void {
    const nowUs = this.queue.nowUs;
    if (a.sender.closed) return; // power lost while waiting for the channel
    // Senses a frame that started at least a slot ago and has not been followed by DIFS of idle.
    let firstStart = Infinity;
    let lastEnd = 0;
    const hidden = a.from.air!.hidden;
    for (const f of this.onAir) {
      if (f.from === a.from || hidden.has(f.from)) continue;
      if (f.startUs + AIR.slotUs <= nowUs && f.endUs + AIR.difsUs > nowUs) {
        if (f.startUs < firstStart) firstStart = f.startUs;
        if (f.endUs > lastEnd) lastEnd = f.endUs;
      }
    }
    if (lastEnd > 0) {
      const counted = Math.max(0, Math.min(a.slots, Math.floor((firstStart - a.countFromUs) / AIR.slotUs)));
      a.slots -= counted;
      a.countFromUs = lastEnd + AIR.difsUs;
      this.stats.deferred!++;
      this.queue.at(a.countFromUs + a.slots * AIR.slotUs, () => this.tryStart(a));
      return;
    }
    const unicast = a.target !== undefined;
    const dataEndUs = nowUs + dataAirUs(a.bytes.length);
    const frame: OnAir = { from: a.from, startUs: nowUs, endUs: unicast ? dataEndUs + ACK_EXCHANGE_US : dataEndUs, hitBy: undefined };
    // Forget frames over for more than DIFS; mark overlaps both ways.
    let keep = 0;
    for (const f of this.onAir) {
      if (f.endUs + AIR.difsUs <= nowUs) continue;
      this.onAir[keep++] = f;
      if (f.endUs > nowUs) {
        (f.hitBy ??= []).push(a.from);
        (frame.hitBy ??= []).push(f.from);
      }
    }
    this.onAir.length = keep;
    this.onAir.push(frame);
    this.stats.air_us! += frame.endUs - nowUs;
    this.queue.at(frame.endUs, () => this.land(a, frame));
  }

  /** A frame's air time is over: each target hears it or not. */
  private land(a: Access, frame: OnAir): void {
    if (a.target !== undefined) {
      this.arrive(a.from, a.target, this.link(a.from, a.target), a.fates[0]!, a.outages[0]!, a.bytes, false, a.sender, a.token, frame);
      return;
    }
    let i = 0;
    for (const station of this.stations) {
      if (station === a.from) continue;
      this.arrive(a.from, station, this.link(a.from, station), a.fates[i]!, a.outages[i]!, a.bytes, true, undefined, 0, frame);
      i++;
    }
    a.sender.sendDone(a.token, true);
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

/**
 * Whether `frame` was lost at `receiver` by overlap: another frame overlapped it whose sender the
 * receiver hears, or the receiver itself was transmitting (half-duplex).
 */
function collided(frame: OnAir, receiver: Station): boolean {
  const hitBy = frame.hitBy;
  if (hitBy === undefined) return false;
  const hidden = receiver.air?.hidden;
  for (const s of hitBy) if (s === receiver || hidden === undefined || !hidden.has(s)) return true;
  return false;
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
    // The medium's own copy: `new Uint8Array(payload)` copies the elements into a new buffer, as
    // `slice()` does, at about half its cost on a 33-byte frame (22 against 40 ns, Node 20; issue 15 §3).
    this.medium.transmit(this, to, new Uint8Array(payload), token);
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
    this.sentOk = ok;
    this.loop.run(this.onSentNow);
  }

  /** The medium hands over a frame. */
  deliver(bytes: Uint8Array, from: string): void {
    if (this.isClosed) return;
    this.heardBytes = bytes;
    this.heardFrom = from;
    this.loop.run(this.onReceiveNow);
  }

  // The arguments of the app callback `loop.run` is about to call, and the two callbacks, made
  // once: no closure per frame heard or sent (issue 15 §3). `run` calls at once; each callback
  // takes its arguments before calling the app, so a nested delivery cannot mix them up.
  private sentOk = false;
  private heardBytes: Uint8Array | undefined;
  private heardFrom = "";
  private readonly onSentNow = (): void => this.handlers.onSent(this.sentOk);
  private readonly onReceiveNow = (): void => {
    const bytes = this.heardBytes!;
    this.heardBytes = undefined;
    this.handlers.onReceive(bytes, this.heardFrom);
  };
}
