/**
 * A real subscribing MQTT client for tests: records every message on its filters and lets a
 * test await a condition over what arrived, always with a bound (no open-ended waits).
 */
import { connectAsync, type MqttClient } from "mqtt/mqtt";
import { Condition } from "./condition.ts";

/** One message as the subscriber saw it. */
export interface Received {
  topic: string;
  payload: Buffer;
  /** The retain flag as delivered: true only for messages that were stored before subscribing. */
  retain: boolean;
  /** `performance.now()` at arrival, ms. */
  at: number;
}

/** See the file comment. */
export class MqttRecorder {
  readonly messages: Received[] = [];
  readonly #client: MqttClient;
  readonly #changed = new Condition();

  private constructor(client: MqttClient) {
    this.#client = client;
    client.on("message", (topic, payload, packet) => {
      this.messages.push({ topic, payload, retain: packet.retain, at: performance.now() });
      this.#changed.notify();
    });
  }

  /** Connects (protocol 3.1.1, clean session) and subscribes at QoS 1; resolves after SUBACK. */
  static async connect(url: string, filters: readonly string[], auth?: { username: string; password: string }): Promise<MqttRecorder> {
    const client = await connectAsync(url, { protocolVersion: 4, reconnectPeriod: 200, connectTimeout: 5_000, ...auth });
    const recorder = new MqttRecorder(client);
    await client.subscribeAsync([...filters], { qos: 1 });
    return recorder;
  }

  /** The client, to publish from tests. */
  get client(): MqttClient {
    return this.#client;
  }

  /** Messages on exactly `topic`. */
  on(topic: string): Received[] {
    return this.messages.filter((m) => m.topic === topic);
  }

  /** Payloads (UTF-8) on `topic`, in arrival order. */
  texts(topic: string): string[] {
    return this.on(topic).map((m) => m.payload.toString());
  }

  /** JSON payloads on `topic`, in arrival order. */
  json<T = Record<string, unknown>>(topic: string): T[] {
    return this.on(topic).map((m) => JSON.parse(m.payload.toString()) as T);
  }

  /**
   * Resolves once `condition()` holds (checked now and after every message), or rejects after
   * `timeoutMs` naming `what` and what did arrive.
   */
  until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
    return this.#changed.until(condition, timeoutMs, what, () => {
      const seen = this.messages.slice(-10).map((m) => `${m.topic} ${m.payload.toString().slice(0, 80)}`);
      return `; last messages:\n  ${seen.join("\n  ")}`;
    });
  }

  /** Disconnects. */
  async close(): Promise<void> {
    await this.#client.endAsync(true);
  }
}
