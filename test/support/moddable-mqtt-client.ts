/**
 * A stand-in for Moddable's legacy MQTT client (`modules/network/mqtt/mqtt.js`) on Node, for
 * testing `firmware/moddable/mqtt-radio.ts` against a real broker. It keeps the behaviour the
 * radio depends on, as read in the SDK source:
 * - MQTT 3.1.1, clean session, keep-alive = ceil(timeout / 1000) s, Will with retain/quality;
 * - `onReady` after an accepted CONNACK, `onMessage(topic, ArrayBuffer)`, both from a timer
 *   (a later turn); `onClose` when the socket fails or closes, then the instance is dead;
 * - `publish`/`subscribe` throw `Error("connection closed")` before `onReady` and after close;
 * - packet ids count from 1 per connection and are written as two bytes, so the 65 536th packet
 *   carries id 0 (the SDK does the same); subscriptions are QoS 0; PUBACKs are parsed and dropped.
 * It is an edge fake (the SDK module), written from that behaviour, not a copy of the SDK code.
 */
import mqttPacket, { type Packet } from "mqtt-packet";
import net from "node:net";
import type { LegacyMqttClient, LegacyMqttClientOptions, LegacyMqttPublishFlags } from "../../firmware/moddable/mqtt-radio.ts";

/** Every instance created, so tests can reach the current connection. */
export const createdClients: FakeLegacyMqttClient[] = [];

export class FakeLegacyMqttClient implements LegacyMqttClient {
  onReady?: () => void;
  onMessage?: (topic: string, data: ArrayBuffer) => void;
  onClose?: () => void;
  /** 0 connecting, 1 CONNECT sent, 2 ready, −1 closed (as the SDK's `state`). */
  state = 0;
  /** Packet ids used on this connection, in order. */
  readonly packetIds: number[] = [];
  #packet = 0;
  readonly #socket: net.Socket;
  readonly #ping: NodeJS.Timeout | undefined;

  constructor(options: LegacyMqttClientOptions) {
    if (!options.host) throw new Error("parameter host is required");
    createdClients.push(this);
    const keepaliveS = Math.floor(((options.timeout ?? 0) + 999) / 1000);
    this.#socket = net.connect({ host: options.host, port: options.port ?? 1883 });
    const parser = mqttPacket.parser({ protocolVersion: 4 });
    parser.on("packet", (packet: Packet) => this.#received(packet));
    parser.on("error", () => this.#fail());
    this.#socket.on("data", (chunk) => parser.parse(chunk));
    this.#socket.on("error", () => this.#fail());
    this.#socket.on("close", () => this.#fail());
    this.#socket.on("connect", () => {
      this.state = 1;
      const will = options.will;
      this.#socket.write(
        mqttPacket.generate({
          cmd: "connect",
          protocolId: "MQTT",
          protocolVersion: 4,
          clean: true,
          clientId: options.id,
          keepalive: keepaliveS,
          ...(options.user !== undefined ? { username: options.user } : {}),
          ...(options.password !== undefined ? { password: Buffer.from(options.password) } : {}),
          ...(will
            ? { will: { topic: will.topic, payload: typeof will.message === "string" ? Buffer.from(will.message) : Buffer.from(will.message), retain: will.retain ?? false, qos: will.quality ?? 0 } }
            : {}),
        }),
      );
    });
    if (keepaliveS > 0) this.#ping = setInterval(() => this.state === 2 && this.#socket.write(mqttPacket.generate({ cmd: "pingreq" })), (keepaliveS * 750) | 0);
  }

  #nextId(): number {
    this.#packet++;
    const id = this.#packet & 0xffff; // two bytes on the wire, as the SDK writes them
    this.packetIds.push(id);
    return id;
  }

  subscribe(topic: string): void {
    if (this.state < 2) throw new Error("connection closed");
    this.#socket.write(mqttPacket.generate({ cmd: "subscribe", messageId: this.#nextId(), subscriptions: [{ topic, qos: 0 }] }));
  }

  publish(topic: string, data: string | ArrayBuffer, flags?: LegacyMqttPublishFlags): void {
    if (this.state < 2) throw new Error("connection closed");
    const qos = flags?.quality ?? 0;
    const payload = typeof data === "string" ? Buffer.from(data) : Buffer.from(data);
    this.#socket.write(
      mqttPacket.generate({ cmd: "publish", topic, payload, qos, retain: flags?.retain ?? false, dup: false, ...(qos ? { messageId: this.#nextId() } : {}) }),
    );
  }

  close(immediate?: boolean): void {
    if (this.state === -1) return;
    if (!immediate && this.state === 2) this.#socket.write(mqttPacket.generate({ cmd: "disconnect" }));
    this.state = -1;
    clearInterval(this.#ping);
    this.#socket.end();
    this.#socket.destroySoon();
  }

  #received(packet: Packet): void {
    if (this.state < 0) return;
    if (packet.cmd === "connack") {
      if (packet.returnCode) return this.#fail();
      this.state = 2;
      setTimeout(() => this.state === 2 && this.onReady?.(), 0);
    } else if (packet.cmd === "publish") {
      const p = packet.payload as Buffer;
      const data = p.buffer.slice(p.byteOffset, p.byteOffset + p.byteLength) as ArrayBuffer;
      setTimeout(() => this.state === 2 && this.onMessage?.(packet.topic, data), 0);
    }
    // PUBACK, SUBACK, PINGRESP: parsed and dropped, as the SDK does
  }

  #fail(): void {
    if (this.state === -1) return;
    this.onClose?.();
    this.close(true);
  }
}
