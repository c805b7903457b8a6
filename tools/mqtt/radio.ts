/**
 * A hal `Radio` over MQTT for the host and the simulator (MQTT.js over TCP).
 *
 * Each frame (already sealed by the secure channel) is the raw payload of one QoS 1,
 * non-retained PUBLISH on `<root>/<post>/radio/<to>/<from>`; the radio subscribes to
 * `<root>/<post>/radio/<self>/+` (QoS 1) and reads the sender from the last topic level
 * (`tools/mqtt/topics.ts`). Availability: `<root>/<post>/node/<self>/availability`, `online`
 * retained on connect, `offline` retained as Last Will and on `close()`.
 *
 * What `onSent` means here (compare ESP-NOW's MAC ack, hal `Radio`):
 * - `onSent(true)`: the broker's PUBACK arrived, i.e. **the broker has the frame**. Not that the
 *   peer is subscribed, connected or got it: only the app-level ack proves delivery.
 * - `onSent(false)`: not connected when `send` was called, the connection ended before the
 *   PUBACK, or no PUBACK within `sendTimeoutMs`. The link retransmits as after a MAC failure.
 * - Always on a later turn of the event loop, never inside `send`.
 * `busy` is true from `send` until that report (or `abandon()`): one publish outstanding.
 * A frame may arrive twice (QoS 1 is at-least-once); the link's duplicate suppression and the
 * channel's replay window make that harmless. Nothing is queued while disconnected.
 */
import { ESP_NOW_MAX_DATA_LEN } from "../../firmware/core/frame/constants.ts";
import type { RandomU32 } from "../../firmware/hal/crypto.ts";
import type { OpenRadio, Radio, RadioHandlers } from "../../firmware/hal/radio.ts";
import { MqttSession, SESSION_DEFAULTS } from "./session.ts";
import { PostTopics, TOPIC_DEFAULTS, topicLevel } from "./topics.ts";

/** Defaults of `MqttRadio`. */
export const MQTT_RADIO_DEFAULTS = {
  /** Largest payload, bytes: ESP-NOW v1's `ESP_NOW_MAX_DATA_LEN`, so frames stay interchangeable. */
  maxPayload: ESP_NOW_MAX_DATA_LEN,
  /** Longest wait for the PUBACK of one frame before `onSent(false)`, ms. */
  sendTimeoutMs: 5_000,
  root: TOPIC_DEFAULTS.root,
  keepaliveS: SESSION_DEFAULTS.keepaliveS,
  connectTimeoutMs: SESSION_DEFAULTS.connectTimeoutMs,
  reconnectMinMs: SESSION_DEFAULTS.reconnectMinMs,
  reconnectMaxMs: SESSION_DEFAULTS.reconnectMaxMs,
} as const;

/** Options of `MqttRadio` (and `openMqttRadio`). */
export interface MqttRadioOptions {
  /** Broker URL, e.g. `mqtt://127.0.0.1:1883`. */
  brokerUrl: string;
  /** The post whose topics the radio uses (one post = one radio network). 1…64 characters. */
  post: string;
  /** This radio's address: the device id for MQTT (config `callers[].address`). 1…64 characters. */
  address: string;
  /** Topic root, default `warning-bell`. */
  root?: string;
  /** MQTT client id; default `wb-<post>-<address>` (stable, so a reconnect takes over). */
  clientId?: string;
  /** PUBACK timeout per frame, ms, integer ≥ 1. Default 5 000. */
  sendTimeoutMs?: number;
  /** Keep-alive, s, 1…65535. Default 30. */
  keepaliveS?: number;
  /** CONNACK timeout, ms. Default 10 000. */
  connectTimeoutMs?: number;
  /** Reconnect backoff ceiling after one failure, ms. Default 500. */
  reconnectMinMs?: number;
  /** Largest reconnect backoff ceiling, ms. Default 30 000. */
  reconnectMaxMs?: number;
  username?: string;
  password?: string;
  /** Jitter source for reconnects; default the OS CSPRNG. */
  random?: RandomU32;
  /** The broker connection came up (`true`) or went down (`false`). */
  onConnectionChange?: (connected: boolean) => void;
  /**
   * An attempt to connect failed before the connection was ready: why, in words
   * (`brokerErrorWords`), and the wait before the next attempt, ms.
   */
  onConnectFailed?: (reason: string, retryInMs: number) => void;
}

/** See the file comment. */
export class MqttRadio implements Radio {
  readonly maxPayload: number = MQTT_RADIO_DEFAULTS.maxPayload;
  readonly address: string;
  readonly topics: PostTopics;
  readonly #handlers: RadioHandlers;
  readonly #session: MqttSession;
  readonly #sendTimeoutMs: number;
  /** Identifies the outstanding send; its reports are ignored once it changes. */
  #outstanding: number | undefined;
  #sends = 0;
  #timeout: NodeJS.Timeout | undefined;
  #closed = false;

  /** @throws TypeError / RangeError naming the bad option. */
  constructor(options: MqttRadioOptions & { handlers: RadioHandlers }) {
    const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as typeof options;
    const o = { ...MQTT_RADIO_DEFAULTS, ...given };
    if (!o.handlers || typeof o.handlers.onReceive !== "function" || typeof o.handlers.onSent !== "function") {
      throw new TypeError("handlers must have onReceive and onSent");
    }
    if (!Number.isInteger(o.sendTimeoutMs) || o.sendTimeoutMs < 1) throw new RangeError(`sendTimeoutMs must be an integer ≥ 1, got ${o.sendTimeoutMs}`);
    this.topics = new PostTopics({ post: o.post, root: o.root });
    topicLevel("address", o.address);
    this.address = o.address;
    this.#handlers = o.handlers;
    this.#sendTimeoutMs = o.sendTimeoutMs;
    this.#session = new MqttSession({
      brokerUrl: o.brokerUrl,
      clientId: o.clientId ?? `wb-${o.post}-${o.address}`,
      availabilityTopic: this.topics.nodeAvailability(o.address),
      subscriptions: [this.topics.frameInbox(o.address)],
      keepaliveS: o.keepaliveS,
      connectTimeoutMs: o.connectTimeoutMs,
      reconnectMinMs: o.reconnectMinMs,
      reconnectMaxMs: o.reconnectMaxMs,
      username: o.username,
      password: o.password,
      random: o.random,
      onConnect: () => o.onConnectionChange?.(true),
      onDisconnect: () => o.onConnectionChange?.(false),
      onAttemptFailed: (reason, retryInMs) => o.onConnectFailed?.(reason, retryInMs),
      onMessage: (topic, payload) => this.#receive(topic, payload),
    });
    this.#session.start();
  }

  get busy(): boolean {
    return this.#outstanding !== undefined;
  }

  /** True while the broker connection is up. */
  get connected(): boolean {
    return this.#session.connected;
  }

  /** Connection counters of the underlying session. */
  get stats() {
    return this.#session.stats;
  }

  /** Why the last connection or attempt ended, in words (e.g. "connection refused …"), if one did. */
  get lastError(): string | undefined {
    return this.#session.lastError;
  }

  /**
   * Publishes one frame to `to` (QoS 1). See the file comment for what `onSent` then means.
   * @throws Error if busy or closed; RangeError if the payload is empty or over 250 bytes, or
   *   `to` is not a valid address.
   */
  send(to: string, payload: Uint8Array): void {
    if (this.#closed) throw new Error("radio is closed");
    if (this.busy) throw new Error("radio busy: one send outstanding");
    if (!(payload instanceof Uint8Array) || payload.length < 1 || payload.length > this.maxPayload) {
      throw new RangeError(`payload must be 1…${this.maxPayload} bytes, got ${payload?.length}`);
    }
    const topic = this.topics.frame(to, this.address);
    const id = ++this.#sends;
    this.#outstanding = id;
    const ok = this.#session.publish(topic, payload.slice(), { qos: 1, retain: false }, (acked) => this.#report(id, acked));
    if (!ok) {
      setImmediate(() => this.#report(id, false));
      return;
    }
    this.#timeout = setTimeout(() => this.#report(id, false), this.#sendTimeoutMs);
  }

  abandon(): void {
    this.#finish();
  }

  /** Publishes `offline`, disconnects and stops reconnecting. The radio cannot be reopened. */
  close(): void {
    void this.closeAsync();
  }

  /** `close()` that resolves once the broker has been told (bounded, see `MqttSession.close`). */
  async closeAsync(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#finish();
    await this.#session.close();
  }

  #report(id: number, ok: boolean): void {
    if (this.#outstanding !== id || this.#closed) return; // abandoned, timed out or closed
    this.#finish();
    this.#handlers.onSent(ok);
  }

  #finish(): void {
    clearTimeout(this.#timeout);
    this.#timeout = undefined;
    this.#outstanding = undefined;
  }

  #receive(topic: string, payload: Uint8Array): void {
    if (this.#closed) return;
    const parsed = this.topics.parseFrame(topic);
    if (!parsed || parsed.to !== this.address || payload.length === 0) return; // not a frame for us
    // Oversize frames are passed up: the codec rejects them with reason "oversize" (a visible event).
    this.#handlers.onReceive(payload, parsed.from);
  }
}

/**
 * A hal `OpenRadio` for the MQTT radio: `openMqttRadio(options)(handlers)` connects and returns
 * the radio. @throws as `MqttRadio`'s constructor.
 */
export function openMqttRadio(options: MqttRadioOptions): OpenRadio {
  return (handlers) => new MqttRadio({ ...options, handlers });
}
