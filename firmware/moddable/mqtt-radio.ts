/**
 * The hal `Radio` over MQTT on the device, on Moddable's legacy `mqtt` client
 * (`modules/network/mqtt/mqtt.js`, `documentation/network/network.md` §MQTT): the same topics
 * and payloads as the host's `tools/mqtt/radio.ts` (docs/mqtt.md), so a device and the host or
 * simulator can share one broker.
 *
 * - A frame (already sealed) is the raw payload of one non-retained PUBLISH on
 *   `<root>/<post>/radio/<to>/<self>`; the radio subscribes to `<root>/<post>/radio/<self>/+`
 *   and reads the sender from the last level. Ids are encoded as topic levels by
 *   `firmware/core/topic-level.ts`, as the host radio does (`%`, `/`, `+`, `#`, U+0000 → `%XX`).
 * - Availability: the CONNECT's Will is `offline` (retained, QoS 1) on
 *   `<root>/<post>/node/<self>/availability`; `online` (retained, QoS 1) follows every connect;
 *   `close()` publishes `offline` and disconnects cleanly.
 * - Reconnect: the legacy client never reconnects; after `onClose` a new client is created
 *   after a wait from the link's own backoff schedule (`firmware/core/link/backoff.ts`,
 *   exponential, ±50 % jitter), so a post's callers do not return in lockstep after an outage.
 *
 * **What `onSent` means here.** The legacy client has no PUBACK callback (it parses a PUBACK and
 * drops it), so the device cannot know that the broker has a frame. `onSent(true)` means only
 * that `publish` returned: the PUBLISH was handed to the TCP socket. `onSent(false)` means it was
 * not (no connection, or `publish` threw). Either way it comes on a later turn through the
 * scheduler, never inside `send`, and `busy` is true until then. Frames are published with QoS 1
 * (the broker then delivers them at QoS 1 to subscribers that asked for it), but the legacy
 * client subscribes at QoS 0, so frames *to* the device are at most once. Only the link's
 * app-level ack proves delivery; it retransmits what was lost.
 *
 * Packet ids: the legacy client numbers packets from 1 per connection and would write id 0
 * after 65 535 (an MQTT protocol error); the radio reconnects before that
 * (`maxPacketsPerConnection`).
 *
 * Imports no Node module and no SDK module: the client class, the scheduler and the random
 * source come in the options (on the device: `import Client from "mqtt"`, whose declaration is
 * `types/mqtt.d.ts`; the SDK must be one whose client sends `will.retain` and `will.quality`,
 * in `mqtt.js` since 2024, or the Will is not retained).
 */
import { ESP_NOW_MAX_DATA_LEN } from "../core/frame/constants.ts";
import { checkRetryPolicy, retransmissionWaitMs, type RetryPolicy } from "../core/link/backoff.ts";
import { idFromTopicLevel, isTopicRoot, topicLevel } from "../core/topic-level.ts";
import type { Scheduler, TimerHandle } from "../hal/clock.ts";
import type { RandomU32 } from "../hal/crypto.ts";
import type { OpenRadio, Radio, RadioHandlers } from "../hal/radio.ts";

/** The Will of the legacy client's CONNECT. */
export interface LegacyMqttWill {
  topic: string;
  message: string | ArrayBuffer;
  retain?: boolean;
  quality?: 0 | 1;
}

/** Constructor options of the legacy client (`new Client({...})`). */
export interface LegacyMqttClientOptions {
  host: string;
  /** TCP port, default 1883. */
  port?: number;
  /** MQTT client id. */
  id: string;
  user?: string;
  password?: ArrayBuffer;
  will?: LegacyMqttWill;
  /** Keep-alive in ms (sent as whole seconds); the client pings and fails after 1.5 × this. */
  timeout?: number;
}

/** Flags of the legacy client's `publish`. */
export interface LegacyMqttPublishFlags {
  retain?: boolean;
  quality?: 0 | 1;
}

/** What the radio uses of a legacy client instance. */
export interface LegacyMqttClient {
  /** CONNACK accepted (called on a later turn). */
  onReady?: () => void;
  /** A PUBLISH arrived on a subscription. */
  onMessage?: (topic: string, data: ArrayBuffer) => void;
  /** The connection failed or closed; the instance is dead afterwards. */
  onClose?: () => void;
  /** Subscribes at QoS 0. @throws Error("connection closed") before onReady or after close. */
  subscribe(topic: string): void;
  /** @throws Error("connection closed") before onReady or after close; the socket's error if the write fails. */
  publish(topic: string, data: string | ArrayBuffer, flags?: LegacyMqttPublishFlags): void;
  /** Sends DISCONNECT unless `immediate`, then closes the socket. */
  close(immediate?: boolean): void;
}

/** The legacy client class (`import Client from "mqtt"` on the device). */
export type LegacyMqttClientClass = new (options: LegacyMqttClientOptions) => LegacyMqttClient;

/** Defaults of `ModdableMqttRadio`. */
export const MODDABLE_MQTT_RADIO_DEFAULTS = {
  /** Largest payload, bytes: ESP-NOW v1's `ESP_NOW_MAX_DATA_LEN`, so frames stay interchangeable. */
  maxPayload: ESP_NOW_MAX_DATA_LEN,
  port: 1883,
  root: "warning-bell",
  /** MQTT keep-alive, ms (the broker publishes the Will after 1.5 × this of silence). */
  keepaliveMs: 30_000,
  /** Nominal wait before the first reconnect, ms. */
  reconnectMinMs: 1_000,
  /** Cap on the nominal reconnect wait, ms (a wait is at most 1.5 × this). */
  reconnectMaxMs: 60_000,
  /** A connection up this long resets the reconnect backoff, ms. */
  stableMs: 30_000,
  /** Packets (PUBLISH + SUBSCRIBE) sent on one connection before it is renewed: under 65 535. */
  maxPacketsPerConnection: 65_000,
} as const;

/** MQTT 3.1.1 packet ids are 1 … 65 535 (§2.3.1). */
const MAX_PACKET_ID = 0xffff;
const AVAILABLE = "online";
const NOT_AVAILABLE = "offline";

/** Options of `ModdableMqttRadio`. */
export interface ModdableMqttRadioOptions {
  /** The legacy client class: `Client` from `"mqtt"` on the device. */
  Client: LegacyMqttClientClass;
  /** Timers for reports and reconnects (`firmware/moddable/scheduler.ts`). */
  scheduler: Scheduler;
  /** Jitter for reconnect waits (`firmware/moddable/random.ts`). */
  random: RandomU32;
  /** Broker host name or IP address. */
  host: string;
  /** Broker TCP port, integer 1…65535. Default 1883. */
  port?: number;
  /** The post (topic prefix `<root>/<post>`), 1…64 characters. */
  post: string;
  /** This radio's address (the device id for MQTT), 1…64 characters. */
  address: string;
  /** Topic root, default `warning-bell`. */
  root?: string;
  /** MQTT client id, default `wb-<post>-<address>` (stable: a reconnect takes the old session over). */
  clientId?: string;
  user?: string;
  password?: ArrayBuffer;
  /** Keep-alive, ms, integer 1 000…65 535 000. Default 30 000. */
  keepaliveMs?: number;
  /** Nominal first reconnect wait, ms, integer ≥ 1. Default 1 000. */
  reconnectMinMs?: number;
  /** Cap on the nominal reconnect wait, ms, integer ≥ reconnectMinMs. Default 60 000. */
  reconnectMaxMs?: number;
  /** Uptime after which a connection resets the backoff, ms, integer ≥ 0. Default 30 000. */
  stableMs?: number;
  /** Packets per connection before renewing it, integer 2…65 534. Default 65 000. */
  maxPacketsPerConnection?: number;
  /** The broker connection came up (`true`) or went down (`false`). */
  onConnectionChange?: (connected: boolean) => void;
}

function checkInt(field: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) throw new RangeError(`${field} must be an integer ${min}…${max}, got ${value}`);
}

/** See the file comment. */
export class ModdableMqttRadio implements Radio {
  readonly maxPayload: number = MODDABLE_MQTT_RADIO_DEFAULTS.maxPayload;
  readonly address: string;
  readonly #o: ModdableMqttRadioOptions & typeof MODDABLE_MQTT_RADIO_DEFAULTS;
  readonly #handlers: RadioHandlers;
  readonly #policy: RetryPolicy;
  readonly #prefix: string;
  readonly #self: string;
  readonly #availability: string;
  #client: LegacyMqttClient | undefined;
  #connected = false;
  #packets = 0;
  #failures = 0;
  #reconnectTimer: TimerHandle | undefined;
  #stableTimer: TimerHandle | undefined;
  #reportTimer: TimerHandle | undefined;
  #outstanding: number | undefined;
  #sends = 0;
  #closed = false;

  /** Validates the options and starts connecting. @throws TypeError / RangeError naming the bad option. */
  constructor(options: ModdableMqttRadioOptions & { handlers: RadioHandlers }) {
    const o = { ...MODDABLE_MQTT_RADIO_DEFAULTS } as ModdableMqttRadioOptions & typeof MODDABLE_MQTT_RADIO_DEFAULTS;
    for (const key of Object.keys(options) as (keyof ModdableMqttRadioOptions)[]) {
      if (options[key] !== undefined) (o as unknown as Record<string, unknown>)[key] = options[key];
    }
    if (typeof o.Client !== "function") throw new TypeError("Client must be the legacy MQTT client class");
    if (!o.scheduler || typeof o.scheduler.schedule !== "function") throw new TypeError("scheduler must be a hal Scheduler");
    if (typeof o.random !== "function") throw new TypeError("random must be a RandomU32");
    if (typeof o.host !== "string" || o.host.length === 0) throw new TypeError("host must be a host name or address");
    if (!options.handlers || typeof options.handlers.onReceive !== "function" || typeof options.handlers.onSent !== "function") {
      throw new TypeError("handlers must have onReceive and onSent");
    }
    checkInt("port", o.port, 1, 65_535);
    checkInt("keepaliveMs", o.keepaliveMs, 1_000, 65_535_000);
    checkInt("stableMs", o.stableMs, 0, 0x7fff_ffff);
    checkInt("maxPacketsPerConnection", o.maxPacketsPerConnection, 2, MAX_PACKET_ID - 1);
    if (!Number.isInteger(o.reconnectMinMs) || o.reconnectMinMs < 1) throw new RangeError(`reconnectMinMs must be an integer ≥ 1, got ${o.reconnectMinMs}`);
    if (!Number.isInteger(o.reconnectMaxMs) || o.reconnectMaxMs < o.reconnectMinMs) {
      throw new RangeError(`reconnectMaxMs must be an integer ≥ reconnectMinMs, got ${o.reconnectMaxMs}`);
    }
    if (!isTopicRoot(o.root)) {
      throw new RangeError(`root must be topic levels without "+", "#", empty levels or a leading "$"`);
    }
    this.#policy = { initialMs: o.reconnectMinMs, maxMs: o.reconnectMaxMs, factor: 2, jitter: 0.5, maxAttempts: Infinity };
    checkRetryPolicy(this.#policy, "reconnect");
    this.#prefix = `${o.root}/${topicLevel("post", o.post)}`;
    this.#self = topicLevel("address", o.address);
    this.#availability = `${this.#prefix}/node/${this.#self}/availability`;
    this.address = o.address;
    this.#o = o;
    this.#handlers = options.handlers;
    this.#connect();
  }

  get busy(): boolean {
    return this.#outstanding !== undefined;
  }

  /** True from `onReady` (subscribed, `online` published) until the connection is lost. */
  get connected(): boolean {
    return this.#connected;
  }

  /**
   * Publishes one frame to `to` (QoS 1); `onSent` follows on a later turn (see the file comment).
   * @throws Error if busy or closed; RangeError if the payload is empty or over 250 bytes, or `to` is not a valid address.
   */
  send(to: string, payload: Uint8Array): void {
    if (this.#closed) throw new Error("radio is closed");
    if (this.busy) throw new Error("radio busy: one send outstanding");
    if (!(payload instanceof Uint8Array) || payload.length < 1 || payload.length > this.maxPayload) {
      throw new RangeError(`payload must be 1…${this.maxPayload} bytes`);
    }
    const topic = `${this.#prefix}/radio/${topicLevel("to", to)}/${this.#self}`;
    const id = ++this.#sends;
    this.#outstanding = id;
    let ok = false;
    const client = this.#client;
    if (client && this.#connected) {
      if (this.#packets >= this.#o.maxPacketsPerConnection) {
        this.#renew(client); // the next packet id would pass 65 535: reconnect first
      } else {
        try {
          client.publish(topic, payload.slice().buffer, { quality: 1 });
          this.#packets++;
          ok = true;
        } catch {
          this.#lost(client, true);
        }
      }
    }
    this.#reportTimer = this.#o.scheduler.schedule(() => this.#report(id, ok), 0);
  }

  abandon(): void {
    this.#o.scheduler.cancel(this.#reportTimer);
    this.#reportTimer = undefined;
    this.#outstanding = undefined;
  }

  /** Publishes `offline`, disconnects and stops reconnecting. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.abandon();
    this.#o.scheduler.cancel(this.#reconnectTimer);
    this.#o.scheduler.cancel(this.#stableTimer);
    const client = this.#client;
    this.#client = undefined;
    if (!client) return;
    try {
      if (this.#connected) client.publish(this.#availability, NOT_AVAILABLE, { retain: true, quality: 1 });
      client.close(false);
    } catch {
      // already gone: the broker publishes the Will instead
    }
    this.#connected = false;
  }

  #report(id: number, ok: boolean): void {
    if (this.#outstanding !== id) return; // abandoned
    this.#outstanding = undefined;
    this.#reportTimer = undefined;
    this.#handlers.onSent(ok);
  }

  #connect(): void {
    this.#reconnectTimer = undefined;
    if (this.#closed) return;
    const o = this.#o;
    let client: LegacyMqttClient;
    try {
      client = new o.Client({
        host: o.host,
        port: o.port,
        id: o.clientId ?? `wb-${o.post}-${o.address}`,
        ...(o.user !== undefined ? { user: o.user } : {}),
        ...(o.password !== undefined ? { password: o.password } : {}),
        will: { topic: this.#availability, message: NOT_AVAILABLE, retain: true, quality: 1 },
        timeout: o.keepaliveMs,
      });
    } catch {
      return this.#retry(); // e.g. no route yet
    }
    this.#client = client;
    this.#packets = 0;
    client.onReady = () => {
      if (this.#client !== client || this.#closed) return;
      try {
        client.subscribe(`${this.#prefix}/radio/${this.#self}/+`);
        client.publish(this.#availability, AVAILABLE, { retain: true, quality: 1 });
        this.#packets += 2;
      } catch {
        return this.#lost(client, true);
      }
      this.#connected = true;
      this.#stableTimer = o.scheduler.schedule(() => {
        if (this.#client === client) this.#failures = 0;
      }, o.stableMs);
      o.onConnectionChange?.(true);
    };
    client.onMessage = (topic, data) => {
      if (this.#client !== client || this.#closed) return;
      const inbox = `${this.#prefix}/radio/${this.#self}/`;
      if (topic.slice(0, inbox.length) !== inbox || data.byteLength === 0) return;
      const from = idFromTopicLevel(topic.slice(inbox.length));
      if (from === undefined) return;
      this.#handlers.onReceive(new Uint8Array(data), from);
    };
    client.onClose = () => this.#lost(client, false);
  }

  /** The connection `client` is gone: fail the send in progress, report, reconnect later. */
  #lost(client: LegacyMqttClient, closeIt: boolean): void {
    if (this.#client !== client) return;
    this.#client = undefined;
    const wasConnected = this.#connected;
    this.#connected = false;
    this.#o.scheduler.cancel(this.#stableTimer);
    if (closeIt) {
      try {
        client.close(true);
      } catch {
        // already closed
      }
    }
    if (wasConnected) this.#o.onConnectionChange?.(false);
    this.#retry();
  }

  /** Ends `client` cleanly and connects again at once (a planned renewal, not a failure). */
  #renew(client: LegacyMqttClient): void {
    this.#client = undefined;
    this.#connected = false;
    this.#o.scheduler.cancel(this.#stableTimer);
    try {
      client.publish(this.#availability, NOT_AVAILABLE, { retain: true, quality: 1 });
      client.close(false);
    } catch {
      // gone already
    }
    this.#o.onConnectionChange?.(false);
    this.#reconnectTimer = this.#o.scheduler.schedule(() => this.#connect(), 0);
  }

  #retry(): void {
    if (this.#closed) return;
    const wait = retransmissionWaitMs(this.#policy, ++this.#failures, this.#o.random);
    this.#reconnectTimer = this.#o.scheduler.schedule(() => this.#connect(), wait);
  }
}

/** A hal `OpenRadio` for the device's MQTT radio. @throws as `ModdableMqttRadio`'s constructor. */
export function openModdableMqttRadio(options: ModdableMqttRadioOptions): OpenRadio {
  return (handlers) => new ModdableMqttRadio({ ...options, handlers });
}
