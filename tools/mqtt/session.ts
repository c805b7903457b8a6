/**
 * A resilient MQTT session for the host: one broker connection at a time through MQTT.js,
 * re-established with exponential backoff and jitter, announcing its owner's availability.
 *
 * - **Availability**: the CONNECT carries a Last Will `offline` (QoS 1, retained) on
 *   `availabilityTopic`; on every connect the session publishes `online` (QoS 1, retained).
 *   The broker publishes the Will when the connection ends without DISCONNECT, including a
 *   keep-alive miss: no packet for 1.5 × keep-alive (MQTT 3.1.1 §3.1.2.5, §3.1.2.10).
 *   `close()` publishes `offline` itself, then disconnects cleanly.
 *   If anyone (a stale Will of an older connection, a mistaken client) marks the owner
 *   `offline` while the session is up, the session publishes `online` again.
 * - **Reconnect**: MQTT.js's own reconnect (fixed period) is off; each attempt is a fresh client
 *   after a `ReconnectBackoff` delay, reset once a connection has stayed up `stableMs`. A fresh
 *   client per connection also means no publish is resent behind our back: what was not
 *   acknowledged when a connection dropped is reported failed (`done(false)`), and the owner
 *   decides whether to send it again.
 * - **Clean session, protocol 3.1.1**: nothing is queued at the broker for an absent client, as
 *   over the air; the Moddable client (`firmware/moddable/mqtt-radio.ts`) speaks the same level.
 */
import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import { connect, type MqttClient } from "mqtt/mqtt";
import type { RandomU32 } from "../../firmware/hal/crypto.ts";
import type { MessageId } from "../../firmware/core/messages/index.ts";
import { say } from "../lang.ts";
import { systemErrorWords } from "../system-error.ts";
import { ReconnectBackoff } from "./backoff.ts";
import { AVAILABILITY } from "./topics.ts";
import { errorText } from "../../firmware/core/error-text.ts";

/** Why a connection failed, in words: a CONNACK refusal, a system error, or MQTT.js's message. */
export function brokerErrorWords(err: unknown): string {
  const code = (err as { code?: unknown } | undefined)?.code;
  // MQTT 3.1.1 CONNACK return codes 1–5 (§3.2.2.3): MQTT.js reports them with `code` = the number.
  if (typeof code === "number" && Number.isInteger(code) && code >= 1 && code <= 5) return say(`mqtt.connack.${code}` as MessageId);
  if (typeof code === "string") return systemErrorWords(err);
  return errorText(err);
}

/**
 * What to tell a person when an attempt to reach the broker failed (`onAttemptFailed`): the
 * broker, why in words (`brokerErrorWords`) and when the next attempt is, in the tools' language.
 * Said by `bell bridge` and by `bell sim` for a scenario's MQTT radios, at every failed attempt.
 * @param retryInMs the wait before the next attempt, ms (said in seconds, one decimal).
 */
export function brokerFailedWords(broker: string, why: string, retryInMs: number): string {
  return say("bridge.broker_failed", { broker, why, retry_s: (retryInMs / 1000).toFixed(1) });
}

/** Defaults of `MqttSession`. */
export const SESSION_DEFAULTS = {
  /** MQTT keep-alive, s: the client pings when idle; the broker drops it after 1.5 × this. */
  keepaliveS: 30,
  /** Longest wait for CONNACK after opening TCP, ms. */
  connectTimeoutMs: 10_000,
  /** Reconnect delay ceiling after the first failure, ms (see `ReconnectBackoff`). */
  reconnectMinMs: 500,
  /** Largest reconnect delay ceiling, ms. */
  reconnectMaxMs: 30_000,
  /** A connection that lasted this long resets the backoff, ms. */
  stableMs: 10_000,
  /** Longest wait in `close()` for the `offline` PUBACK and the DISCONNECT, ms. */
  closeTimeoutMs: 2_000,
} as const;

/** URL schemes MQTT.js connects with over TCP, TLS or WebSocket. */
const BROKER_SCHEMES = ["mqtt:", "mqtts:", "tcp:", "ssl:", "tls:", "ws:", "wss:"] as const;

/** Options of `MqttSession`. */
export interface MqttSessionOptions {
  /** Broker URL, e.g. `mqtt://127.0.0.1:1883` (schemes mqtt, mqtts, tcp, ssl, tls, ws, wss). */
  brokerUrl: string;
  /** MQTT client id: stable per owner, so a reconnect takes over the old session at the broker. */
  clientId: string;
  /** Where `online` / `offline` (retained) and the Last Will go. */
  availabilityTopic: string;
  /** Topic filters subscribed at QoS 1 on every connect. */
  subscriptions?: readonly string[];
  /** Keep-alive in s, integer 1…65535. Default 30. */
  keepaliveS?: number;
  /** CONNACK timeout in ms, integer ≥ 1. Default 10 000. */
  connectTimeoutMs?: number;
  /** Reconnect delay ceiling after one failure, ms, integer ≥ 1. Default 500. */
  reconnectMinMs?: number;
  /** Largest reconnect delay ceiling, ms, integer ≥ reconnectMinMs. Default 30 000. */
  reconnectMaxMs?: number;
  /** Uptime in ms after which a connection resets the backoff, integer ≥ 0. Default 10 000. */
  stableMs?: number;
  /** Bound on `close()`, ms, integer ≥ 1. Default 2 000. */
  closeTimeoutMs?: number;
  username?: string;
  password?: string;
  /** Jitter source; default `crypto.randomBytes`. */
  random?: RandomU32;
  /** The session is ready: CONNACK, then SUBACK of the subscriptions and PUBACK of `online`. */
  onConnect?: () => void;
  /** The connection ended (not called for `close()`); `reason` is for logs. */
  onDisconnect?: (reason: string) => void;
  /**
   * An attempt to connect failed before the connection was ready: `reason` in words (refused,
   * unknown host, bad credentials, …) and the wait before the next attempt, ms.
   */
  onAttemptFailed?: (reason: string, retryInMs: number) => void;
  /** A message arrived on a subscription (never the session's own availability topic). */
  onMessage?: (topic: string, payload: Uint8Array, retained: boolean) => void;
}

/** Publish flags. QoS 2 is not used anywhere in warning-bell. */
export interface PublishFlags {
  qos: 0 | 1;
  retain: boolean;
}

/** Counters for logs and tests. */
export interface SessionStats {
  /** Connection attempts (TCP + CONNECT). */
  attempts: number;
  /** Connections that became ready (see `onConnect`). */
  connects: number;
  /** Connections lost after a CONNACK. */
  disconnects: number;
}

interface Connection {
  readonly client: MqttClient;
  connected: boolean;
  closed: boolean;
  connectedAt: number;
  readonly inflight: Map<number, ((ok: boolean) => void) | undefined>;
}

function checkInt(field: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): void {
  if (!Number.isInteger(value) || value < min || value > max) throw new RangeError(`${field} must be an integer ${min}…${max}, got ${value}`);
}

/** The default jitter source: the OS CSPRNG. */
export const cryptoRandomU32: RandomU32 = () => randomBytes(4).readUInt32LE(0);

/** See the file comment. Construct, set up, then `start()`. */
export class MqttSession {
  readonly #o: Required<Omit<MqttSessionOptions, "username" | "password" | "onConnect" | "onDisconnect" | "onAttemptFailed" | "onMessage">> &
    Pick<MqttSessionOptions, "username" | "password" | "onConnect" | "onDisconnect" | "onAttemptFailed" | "onMessage">;
  readonly #backoff: ReconnectBackoff;
  #conn: Connection | undefined;
  #timer: NodeJS.Timeout | undefined;
  #started = false;
  #closing = false;
  #nextKey = 0;
  readonly stats: SessionStats = { attempts: 0, connects: 0, disconnects: 0 };
  /** Why the last connection (or attempt) ended, for logs. */
  lastError: string | undefined;

  /** @throws TypeError / RangeError naming the bad option. */
  constructor(options: MqttSessionOptions) {
    const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as MqttSessionOptions;
    const o = { ...SESSION_DEFAULTS, subscriptions: [], random: cryptoRandomU32, ...given };
    let url: URL;
    try {
      url = new URL(o.brokerUrl);
    } catch {
      throw new TypeError(`brokerUrl "${o.brokerUrl}" is not a URL (e.g. mqtt://127.0.0.1:1883)`);
    }
    if (!(BROKER_SCHEMES as readonly string[]).includes(url.protocol)) {
      throw new RangeError(`brokerUrl scheme must be one of ${BROKER_SCHEMES.join(" ")}, got "${url.protocol}"`);
    }
    if (typeof o.clientId !== "string" || o.clientId.length < 1) throw new TypeError("clientId must be a non-empty string");
    if (typeof o.availabilityTopic !== "string" || o.availabilityTopic.length < 1 || /[+#]/.test(o.availabilityTopic)) {
      throw new TypeError("availabilityTopic must be a topic name without wildcards");
    }
    checkInt("keepaliveS", o.keepaliveS, 1, 65_535);
    checkInt("connectTimeoutMs", o.connectTimeoutMs, 1);
    checkInt("stableMs", o.stableMs, 0);
    checkInt("closeTimeoutMs", o.closeTimeoutMs, 1);
    this.#o = o;
    this.#backoff = new ReconnectBackoff({ minDelayMs: o.reconnectMinMs, maxDelayMs: o.reconnectMaxMs, random: o.random });
  }

  /** True from readiness (see `onConnect`) until that connection is lost. */
  get connected(): boolean {
    return this.#conn?.connected === true && !this.#closing;
  }

  /** Opens the first connection now. @throws Error if already started. */
  start(): void {
    if (this.#started) throw new Error("MqttSession already started");
    this.#started = true;
    this.#attempt();
  }

  /**
   * Publishes one message on the current connection.
   * @param done called once: `true` when the broker acknowledged it (PUBACK for QoS 1, written
   *   for QoS 0), `false` when the connection ended first. Never called synchronously.
   * @returns false (and `done` is not called) when not connected: nothing was sent.
   */
  publish(topic: string, payload: Uint8Array | string, flags: PublishFlags, done?: (ok: boolean) => void): boolean {
    const conn = this.#conn;
    if (!conn || !conn.connected || conn.closed || this.#closing) return false;
    const key = ++this.#nextKey;
    conn.inflight.set(key, done);
    const body = typeof payload === "string" ? payload : Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
    conn.client.publish(topic, body, { qos: flags.qos, retain: flags.retain }, (err) => {
      if (!conn.inflight.has(key)) return; // already failed by the end of the connection
      const cb = conn.inflight.get(key);
      conn.inflight.delete(key);
      cb?.(!err);
    });
    return true;
  }

  /**
   * Drops the current connection (e.g. a PUBACK overdue while the socket looks alive), failing
   * what is in flight; a new connection follows after the backoff delay.
   */
  drop(reason: string): void {
    const conn = this.#conn;
    if (conn) this.#ended(conn, `dropped: ${reason}`);
  }

  /**
   * Ends the session: publishes `offline` (retained) and disconnects cleanly, so the broker
   * does not publish the Will; no reconnect follows. Bounded by `closeTimeoutMs`.
   */
  async close(): Promise<void> {
    if (this.#closing) return;
    clearTimeout(this.#timer);
    const conn = this.#conn;
    const wasConnected = this.connected;
    this.#closing = true;
    if (!conn) return;
    const bounded = (p: Promise<unknown>) =>
      Promise.race([p, new Promise((resolve) => setTimeout(resolve, this.#o.closeTimeoutMs).unref())]);
    if (wasConnected && !conn.closed) {
      await bounded(
        new Promise<void>((resolve) =>
          conn.client.publish(this.#o.availabilityTopic, AVAILABILITY.offline, { qos: 1, retain: true }, () => resolve()),
        ),
      );
      if (!conn.closed) await bounded(conn.client.endAsync(false).catch(() => undefined));
    }
    this.#ended(conn, "closed");
    conn.client.end(true);
  }

  #attempt(): void {
    this.#timer = undefined;
    if (this.#closing) return;
    this.stats.attempts++;
    const o = this.#o;
    const client = connect(o.brokerUrl, {
      clientId: o.clientId,
      protocolVersion: 4,
      clean: true,
      keepalive: o.keepaliveS,
      connectTimeout: o.connectTimeoutMs,
      reconnectPeriod: 0,
      resubscribe: false,
      queueQoSZero: false,
      username: o.username,
      password: o.password,
      will: { topic: o.availabilityTopic, payload: Buffer.from(AVAILABILITY.offline), qos: 1, retain: true },
    });
    const conn: Connection = { client, connected: false, closed: false, connectedAt: 0, inflight: new Map() };
    this.#conn = conn;
    let lastError = "connection closed";
    client.on("error", (err) => {
      lastError = brokerErrorWords(err); // the "close" that follows ends the connection
    });
    client.on("close", () => this.#ended(conn, lastError));
    client.on("connect", () => {
      if (conn.closed || this.#closing) return;
      // Small frames must not wait for Nagle's algorithm (RFC 896) behind a delayed ACK.
      (client.stream as { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true);
      // Ready once the broker has acknowledged the subscriptions (SUBACK) and `online` (PUBACK):
      // from then on, frames to us are routed to us and the dashboard shows us.
      let waiting = 2;
      const acked = (err?: Error | null) => {
        if (conn.closed || this.#closing) return;
        if (err) return this.#ended(conn, `not ready: ${err.message}`); // e.g. a subscription the ACL refuses
        if (--waiting > 0) return;
        conn.connected = true;
        conn.connectedAt = performance.now();
        this.stats.connects++;
        o.onConnect?.();
      };
      client.subscribe([...o.subscriptions, o.availabilityTopic], { qos: 1 }, (err) => acked(err));
      client.publish(o.availabilityTopic, AVAILABILITY.online, { qos: 1, retain: true }, (err) => acked(err));
    });
    client.on("message", (topic, payload, packet) => {
      if (conn.closed || this.#closing) return;
      if (topic === o.availabilityTopic) {
        // Someone marked us offline while we are up (the Will of an older connection of ours that
        // the broker only now gave up on, a mistaken client): say otherwise. A *retained* offline
        // is only our last Will replayed on subscribing, and our `online` already follows it.
        if (!packet.retain && payload.toString() === AVAILABILITY.offline) {
          client.publish(topic, AVAILABILITY.online, { qos: 1, retain: true });
        }
        return;
      }
      o.onMessage?.(topic, new Uint8Array(payload.buffer.slice(payload.byteOffset, payload.byteOffset + payload.byteLength)), packet.retain);
    });
  }

  /** Ends `conn` once: fails its in-flight publishes, reports, schedules the next attempt. */
  #ended(conn: Connection, reason: string): void {
    if (conn.closed) return;
    conn.closed = true;
    this.lastError = reason;
    const wasConnected = conn.connected;
    conn.connected = false;
    conn.client.end(true);
    const pending = [...conn.inflight.values()];
    conn.inflight.clear();
    for (const done of pending) done?.(false);
    if (this.#closing || this.#conn !== conn) return;
    if (wasConnected) {
      this.stats.disconnects++;
      if (performance.now() - conn.connectedAt >= this.#o.stableMs) this.#backoff.reset();
      this.#o.onDisconnect?.(reason);
    }
    const waitMs = this.#backoff.nextDelayMs();
    if (!wasConnected) this.#o.onAttemptFailed?.(reason, waitMs);
    this.#timer = setTimeout(() => this.#attempt(), waitMs);
  }
}
