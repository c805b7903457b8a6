/**
 * The `bell bridge` job: the receiver's event stream (ARCHITECTURE §3) → an MQTT broker, for
 * the officers' screens, their phones (Home Assistant) and the province (`docs/mqtt.md`).
 *
 * For each event line:
 * 1. the incident id is derived (`incidentEventId`); an id the queue already knows (pending or
 *    delivered) is a retry or a replayed console line, and is dropped here;
 * 2. the post model is updated and saved (`model.json`, atomic rewrite), so a restarted bridge
 *    resumes with the same caller states;
 * 3. the incident message is appended to the on-disk queue (fsynced);
 * 4. one sender publishes, one message at a time (so order holds across reconnects):
 *    discovery configs first (after a connect or HA's birth), then queued incidents oldest
 *    first (QoS 1, not retained; removed from the queue at PUBACK), then changed retained states.
 * A PUBACK overdue by `ackTimeoutMs` drops the connection (MQTT 3.1.1 resends only on a new
 * connection, §4.4); the same message, with the same id, goes out again after reconnecting.
 * Delivery is at least once: consumers drop repeats by `id`.
 *
 * A bridge started without its saved model (a new queue directory) knows nothing of what the
 * receiver said before it started and will not repeat (open incidents, offline callers, the
 * modem fault, the escalation); it reads the retained post state an earlier bridge left in the
 * broker (subscribed to its own state topic: retained copies arrive before the session is ready)
 * and keeps what it says as the last known word, unconfirmed, until the receiver's own word on
 * each thing (`PostModel.recall`; field finding 8, findings 1, 2 and 4 of test/field/tonight), so
 * its first publish is no "back to normal". Receiver lines read before the session is up (its
 * boot) do not end the read-back: the model keeps whatever the receiver stated over the retained
 * word. A first session that brought no retained post state is said in words (`onNotice`, catalogue `bridge.no_recall`): nothing
 * was retained, or the broker's ACL does not let this bridge read its state topic (an ACL
 * generated before the read-back; finding 6).
 *
 * MQTT QoS only helps: the proof that an alarm reached the post is the link's own ack on the
 * radio; the bridge reports what the receiver saw.
 */
import fs from "node:fs";
import path from "node:path";
import writeFileAtomic from "write-file-atomic";
import type { RandomU32 } from "../../firmware/hal/crypto.ts";
import type { Lang } from "../../firmware/core/messages/index.ts";
import { HomeAssistantDiscovery, type DiscoveryMessage } from "./discovery.ts";
import { PostModel, incidentEventId, INCIDENT_EVENTS, readRetainedPostState, type IncidentEventName, type PostSnapshot } from "./post-model.ts";
import { EventQueue, type QueueEntry } from "./queue.ts";
import { MqttSession, SESSION_DEFAULTS } from "./session.ts";
import { PostTopics, TOPIC_DEFAULTS } from "./topics.ts";
import { say } from "../lang.ts";

type Defaulted = "root" | "haPrefix" | "discovery" | "ackTimeoutMs" | "keepaliveS" | "connectTimeoutMs" | "reconnectMinMs" | "reconnectMaxMs";

/** Defaults of `Bridge`. */
export const BRIDGE_DEFAULTS: Readonly<Required<Pick<BridgeOptions, Defaulted>>> = {
  root: TOPIC_DEFAULTS.root,
  /** Home Assistant discovery prefix. */
  haPrefix: "homeassistant",
  /** Publish Home Assistant discovery configs. */
  discovery: true,
  /** Longest wait for one PUBACK before the connection is dropped and the message resent, ms. */
  ackTimeoutMs: 10_000,
  keepaliveS: SESSION_DEFAULTS.keepaliveS,
  connectTimeoutMs: SESSION_DEFAULTS.connectTimeoutMs,
  reconnectMinMs: SESSION_DEFAULTS.reconnectMinMs,
  reconnectMaxMs: SESSION_DEFAULTS.reconnectMaxMs,
};

/** Options of `Bridge`. */
export interface BridgeOptions {
  /** Broker URL, e.g. `mqtt://broker.example:1883`. */
  brokerUrl: string;
  /** The post's id: its topic prefix `<root>/<post>`. 1…64 characters. */
  post: string;
  /** Directory of the event queue and the saved model; created if absent. */
  queueDir: string;
  root?: string;
  /** Home Assistant discovery prefix, default `homeassistant`. */
  haPrefix?: string;
  /** Publish Home Assistant discovery, default true. */
  discovery?: boolean;
  /** MQTT client id, default `wb-<post>-bridge`. */
  clientId?: string;
  /** PUBACK timeout, ms, integer ≥ 1. Default 10 000. */
  ackTimeoutMs?: number;
  keepaliveS?: number;
  connectTimeoutMs?: number;
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
  username?: string;
  password?: string;
  random?: RandomU32;
  /** Version for HA's `origin.sw`. */
  softwareVersion?: string;
  /** Language of the Home Assistant entity names (`vi` or `en`), default English. */
  lang?: Lang;
  /** A connection attempt failed (`reason` in words) and the next follows in `retryInMs`. */
  onConnectFailed?: (reason: string, retryInMs: number) => void;
  /** Wall clock (ISO 8601) for `bridged_at` / `since`; default `new Date().toISOString()`. */
  now?: () => string;
  /** An incident message was acknowledged by the broker (PUBACK). */
  onDelivered?: (entry: QueueEntry) => void;
  /** Connection news, for the log. */
  onConnection?: (connected: boolean, detail: string) => void;
  /** Something an installer should read (in words, one line), for the log: e.g. the read-back found nothing. */
  onNotice?: (words: string) => void;
}

/** What `ingest` did with one event. */
export type IngestResult =
  | { kind: "queued"; id: string }
  | { kind: "duplicate"; id: string }
  | { kind: "state" }
  | { kind: "ignored" }
  | { kind: "invalid"; reason: string };

/** Counters for the log and tests. */
export interface BridgeStats {
  queued: number;
  duplicates: number;
  delivered: number;
  statesPublished: number;
  discoveryPublished: number;
  ackTimeouts: number;
}

type Outgoing =
  | { kind: "discovery"; message: DiscoveryMessage }
  | { kind: "incident"; entry: QueueEntry }
  | { kind: "state"; topic: string; payload: string };

const MODEL_FILE = "model.json";

/** See the file comment. Construct (opens the queue, connects), `ingest` events, `close()`. */
export class Bridge {
  readonly topics: PostTopics;
  readonly stats: BridgeStats = { queued: 0, duplicates: 0, delivered: 0, statesPublished: 0, discoveryPublished: 0, ackTimeouts: 0 };
  readonly #o: BridgeOptions & Required<Pick<BridgeOptions, Defaulted | "now">>;
  readonly #queue: EventQueue;
  readonly #model: PostModel;
  readonly #session: MqttSession;
  readonly #discovery: HomeAssistantDiscovery | undefined;
  /** Discovery configs still to send on this connection. */
  #discoveryDue: DiscoveryMessage[] = [];
  /** Retained state topics whose current payload the broker may not have. */
  readonly #dirty = new Set<string>();
  /** Last payload the broker acknowledged per state topic (this connection). */
  readonly #published = new Map<string, string>();
  #inflight: Outgoing | undefined;
  #ackTimer: NodeJS.Timeout | undefined;
  #closed = false;
  /** No saved model, and no session up yet: a retained post state may tell what was known. */
  #fresh = false;
  readonly #idleWaiters = new Set<() => void>();

  /**
   * @throws TypeError / RangeError naming a bad option; the queue's QueueLockedError or
   *   QueueCorruptError; RangeError if `queueDir` holds another post's model.
   */
  constructor(options: BridgeOptions) {
    const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as BridgeOptions;
    const o = { ...BRIDGE_DEFAULTS, now: () => new Date().toISOString(), ...given };
    if (!Number.isInteger(o.ackTimeoutMs) || o.ackTimeoutMs < 1) throw new RangeError(`ackTimeoutMs must be an integer ≥ 1, got ${o.ackTimeoutMs}`);
    this.#o = o;
    this.topics = new PostTopics({ post: o.post, root: o.root });
    this.#discovery = o.discovery ? new HomeAssistantDiscovery({ topics: this.topics, prefix: o.haPrefix, softwareVersion: o.softwareVersion, lang: o.lang }) : undefined;
    const session = new MqttSession({
      brokerUrl: o.brokerUrl,
      clientId: o.clientId ?? `wb-${o.post}-bridge`,
      availabilityTopic: this.topics.bridgeAvailability(),
      subscriptions: [...(this.#discovery ? [this.#discovery.statusTopic] : []), this.topics.postState()],
      keepaliveS: o.keepaliveS,
      connectTimeoutMs: o.connectTimeoutMs,
      reconnectMinMs: o.reconnectMinMs,
      reconnectMaxMs: o.reconnectMaxMs,
      username: o.username,
      password: o.password,
      random: o.random,
      onConnect: () => this.#connected(),
      onDisconnect: (reason) => o.onConnection?.(false, reason),
      onAttemptFailed: (reason, retryInMs) => o.onConnectFailed?.(reason, retryInMs),
      onMessage: (topic, payload, retained) => this.#message(topic, payload, retained),
    }); // validates brokerUrl etc. before anything touches the disk
    this.#queue = EventQueue.open({ dir: o.queueDir });
    try {
      const snapshot = this.#loadSnapshot();
      this.#fresh = snapshot === undefined;
      this.#model = new PostModel({ post: o.post, snapshot, now: o.now() });
    } catch (err) {
      this.#queue.close();
      throw err;
    }
    this.#session = session;
    session.start();
  }

  /** Incident messages not yet acknowledged by the broker (on disk). */
  get pending(): number {
    return this.#queue.size;
  }

  /** True when connected and everything (discovery, incidents, states) has been acknowledged. */
  get idle(): boolean {
    return this.#session.connected && !this.#inflight && this.#discoveryDue.length === 0 && this.#queue.size === 0 && this.#dirty.size === 0;
  }

  /** True while the broker connection is up. */
  get connected(): boolean {
    return this.#session.connected;
  }

  /** The session's connection counters. */
  get sessionStats() {
    return this.#session.stats;
  }

  /**
   * Takes one event of the receiver's stream (a parsed JSON line).
   * @returns what happened; never throws for bad input (`invalid` names the field).
   * @throws the fs error if the queue or the model cannot be written (nothing is lost: the
   *   event was not taken, and the receiver's log still has it).
   */
  ingest(event: unknown): IngestResult {
    if (this.#closed) throw new Error("bridge is closed");
    const e = event as Record<string, unknown>;
    let id: string | undefined;
    if (typeof e === "object" && e !== null && (INCIDENT_EVENTS as readonly unknown[]).includes(e.event)) {
      const caller = typeof e.caller === "number" ? String(e.caller) : e.caller;
      if (typeof caller === "string" && caller.length >= 1 && caller.length <= 64 && Number.isInteger(e.incident) && (e.incident as number) >= 0) {
        id = incidentEventId(this.#o.post, caller, e.incident as number, e.event as IncidentEventName);
        if (this.#queue.has(id)) {
          this.stats.duplicates++;
          return { kind: "duplicate", id };
        }
      }
    }
    const result = this.#model.apply(event, this.#o.now());
    if (result.kind !== "applied") return result;
    this.#saveSnapshot();
    if (result.postRenamed && this.#discovery) this.#discoveryDue = this.#allDiscovery(); // the post's name is in every device's via_device and its own names
    else for (const caller of result.newCallers) this.#discoveryDue.push(...(this.#discovery?.forCaller(caller, this.#model.nameOf(caller)) ?? []));
    for (const caller of result.callers) this.#dirty.add(this.topics.callerState(caller));
    if (result.post || result.callers.length > 0) this.#dirty.add(this.topics.postState());
    let outcome: IngestResult = { kind: "state" };
    if (result.incident) {
      const entry = { id: result.incident.id, topic: this.topics.incident(), payload: JSON.stringify(result.incident), retain: false };
      this.#queue.append(entry);
      this.stats.queued++;
      outcome = { kind: "queued", id: entry.id };
    }
    this.#pump();
    return outcome;
  }

  /**
   * Resolves true once `idle`, or false after `timeoutMs` (what is pending stays on disk).
   */
  whenIdle(timeoutMs: number): Promise<boolean> {
    if (this.idle) return Promise.resolve(true);
    return new Promise((resolve) => {
      const check = () => {
        if (!this.idle) return;
        done(true);
      };
      const done = (value: boolean) => {
        clearTimeout(timer);
        this.#idleWaiters.delete(check);
        resolve(value);
      };
      const timer = setTimeout(() => done(false), timeoutMs);
      this.#idleWaiters.add(check);
    });
  }

  /** Publishes `offline`, disconnects, closes the queue. What is pending stays on disk. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#ackTimer);
    await this.#session.close();
    this.#queue.close();
    for (const check of [...this.#idleWaiters]) check();
  }

  #connected(): void {
    this.#o.onConnection?.(true, this.#o.brokerUrl);
    if (this.#fresh) {
      // retained copies come before the session is ready: none came
      this.#fresh = false;
      this.#o.onNotice?.(say("bridge.no_recall", { topic: this.topics.postState() }));
    }
    this.#published.clear();
    this.#discoveryDue = this.#allDiscovery();
    for (const caller of this.#model.callers()) this.#dirty.add(this.topics.callerState(caller));
    this.#dirty.add(this.topics.postState());
    this.#pump();
  }

  #message(topic: string, payload: Uint8Array, retained: boolean): void {
    if (topic === this.topics.postState()) {
      // only a retained copy (sent on subscribing) is another bridge's; our own come back unretained
      if (retained && this.#fresh) this.#recall(payload);
      return;
    }
    if (this.#discovery && topic === this.#discovery.statusTopic && Buffer.from(payload).toString() === "online") {
      this.#discoveryDue = this.#allDiscovery(); // HA (re)started: tell it again what exists
      this.#pump();
    }
  }

  /** Keeps what a retained post state found in the broker says (see the file comment); bad payloads are ignored. */
  #recall(payload: Uint8Array): void {
    this.#fresh = false;
    let state: unknown;
    try {
      state = JSON.parse(Buffer.from(payload).toString("utf8"));
    } catch {
      return;
    }
    const recalled = readRetainedPostState(state);
    if (recalled === undefined || !this.#model.recall(recalled, this.#o.now())) return;
    this.#saveSnapshot();
    for (const caller of this.#model.callers()) this.#dirty.add(this.topics.callerState(caller)); // a listed caller recalled offline
    this.#dirty.add(this.topics.postState());
    this.#pump();
  }

  #allDiscovery(): DiscoveryMessage[] {
    if (!this.#discovery) return [];
    return [...this.#discovery.forPost(this.#model.name), ...this.#model.callers().flatMap((c) => this.#discovery!.forCaller(c, this.#model.nameOf(c)))];
  }

  #statePayload(topic: string): string {
    if (topic === this.topics.postState()) return JSON.stringify(this.#model.postState());
    const caller = this.#model.callers().find((c) => this.topics.callerState(c) === topic);
    return JSON.stringify(this.#model.callerState(caller!));
  }

  #next(): Outgoing | undefined {
    const discovery = this.#discoveryDue[0];
    if (discovery) return { kind: "discovery", message: discovery };
    const entry = this.#queue.peek();
    if (entry) return { kind: "incident", entry };
    for (const topic of this.#dirty) {
      const payload = this.#statePayload(topic);
      if (this.#published.get(topic) === payload) {
        this.#dirty.delete(topic);
        continue;
      }
      return { kind: "state", topic, payload };
    }
    return undefined;
  }

  /** Sends the next message if connected and nothing is in flight. */
  #pump(): void {
    if (this.#closed || this.#inflight || !this.#session.connected) return this.#checkIdle();
    const out = this.#next();
    if (!out) return this.#checkIdle();
    const [topic, payload, retain] =
      out.kind === "discovery" ? [out.message.topic, out.message.payload, false] :
      out.kind === "incident" ? [out.entry.topic, out.entry.payload, out.entry.retain] :
      [out.topic, out.payload, true];
    const sent = this.#session.publish(topic, payload, { qos: 1, retain }, (ok) => this.#acked(out, ok));
    if (!sent) return;
    this.#inflight = out;
    this.#ackTimer = setTimeout(() => {
      this.stats.ackTimeouts++;
      this.#session.drop(`no PUBACK within ${this.#o.ackTimeoutMs} ms`);
    }, this.#o.ackTimeoutMs);
  }

  #acked(out: Outgoing, ok: boolean): void {
    if (this.#inflight !== out) return;
    clearTimeout(this.#ackTimer);
    this.#inflight = undefined;
    if (this.#closed) return;
    if (ok) {
      if (out.kind === "discovery") {
        if (this.#discoveryDue[0] === out.message) this.#discoveryDue.shift();
        this.stats.discoveryPublished++;
      } else if (out.kind === "incident") {
        this.#queue.markDelivered(out.entry.id);
        this.stats.delivered++;
        this.#o.onDelivered?.(out.entry);
      } else {
        this.#published.set(out.topic, out.payload);
        this.stats.statesPublished++;
        if (this.#statePayload(out.topic) === out.payload) this.#dirty.delete(out.topic);
      }
    }
    this.#pump(); // after a failure nothing is sent until the session reconnects
  }

  #checkIdle(): void {
    for (const check of [...this.#idleWaiters]) check();
  }

  #loadSnapshot(): PostSnapshot | undefined {
    const file = path.join(this.#o.queueDir, MODEL_FILE);
    if (!fs.existsSync(file)) return undefined;
    try {
      return JSON.parse(fs.readFileSync(file, "utf8")) as PostSnapshot;
    } catch (err) {
      throw new RangeError(`${file}: not a saved model (${(err as Error).message}); move it aside to start afresh`);
    }
  }

  #saveSnapshot(): void {
    writeFileAtomic.sync(path.join(this.#o.queueDir, MODEL_FILE), JSON.stringify(this.#model.snapshot()) + "\n", { fsync: true });
  }
}
