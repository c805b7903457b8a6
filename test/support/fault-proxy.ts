/**
 * A fault-injecting TCP proxy between MQTT clients and a broker, for tests.
 *
 * Each direction of each connection runs through mqtt-packet's incremental parser, so the
 * proxy knows where every packet starts and ends and what it is (`cmd`, `messageId`), and can:
 * - `splitEveryByte`: forward every packet one byte per TCP write, yielding to the event loop
 *   between bytes (the peer's parser meets every byte boundary);
 * - `cutNext(direction, cmd)`: forward only the first half of the next such packet, then reset
 *   both sides (a connection lost mid-packet);
 * - `pubackDelayMs`: hold every PUBACK going to the client (and, TCP being in order, what follows);
 * - `dropPubacks`: swallow the next N PUBACKs going to the client;
 * - `blocked`: refuse new connections (accept, then reset: the broker is unreachable);
 * - `cutAll()`: reset every open connection now.
 * Bytes it does not parse (after a parser error) are forwarded unchanged.
 */
import mqttPacket, { type Packet, type PacketCmd } from "mqtt-packet";
import net from "node:net";
import { Condition } from "./condition.ts";

/** `up`: client → broker; `down`: broker → client. */
export type Direction = "up" | "down";

/** What the proxy saw and did, for assertions and reports. */
export interface FaultStats {
  connections: number;
  refused: number;
  packets: Record<Direction, number>;
  cuts: number;
  droppedPubacks: number;
  delayedPubacks: number;
  byteWrites: number;
}

/** The length of a packet's fixed header: 1 byte + the remaining-length varint (MQTT 3.1.1 §2.2.3). */
function fixedHeaderLength(raw: Buffer): number | undefined {
  for (let i = 1; i <= 4 && i < raw.length; i++) if ((raw[i]! & 0x80) === 0) return i + 1;
  return undefined;
}

interface Cut {
  direction: Direction;
  cmd: PacketCmd;
}

class Pipe {
  #raw = Buffer.alloc(0);
  #parsing = true;
  #chain: Promise<void> = Promise.resolve();
  readonly #parser = mqttPacket.parser({ protocolVersion: 4 });

  constructor(
    readonly proxy: FaultProxy,
    readonly direction: Direction,
    readonly from: net.Socket,
    readonly to: net.Socket,
    readonly link: Link,
  ) {
    this.#parser.on("packet", (packet: Packet) => this.#packet(packet));
    this.#parser.on("error", () => {
      this.#parsing = false; // forward the rest unparsed
      this.#enqueue(this.#raw, undefined);
      this.#raw = Buffer.alloc(0);
    });
    from.on("data", (chunk: Buffer) => {
      if (!this.#parsing) return this.#enqueue(chunk, undefined);
      this.#raw = Buffer.concat([this.#raw, chunk]);
      this.#parser.parse(chunk);
    });
  }

  #packet(packet: Packet): void {
    const header = fixedHeaderLength(this.#raw);
    const total = header === undefined ? this.#raw.length : header + (packet.length ?? 0);
    const bytes = this.#raw.subarray(0, total);
    this.#raw = this.#raw.subarray(total);
    this.proxy.stats.packets[this.direction]++;
    this.#enqueue(Buffer.from(bytes), packet);
    this.proxy.changed();
  }

  #enqueue(bytes: Buffer, packet: Packet | undefined): void {
    this.#chain = this.#chain.then(() => this.#forward(bytes, packet));
  }

  async #forward(bytes: Buffer, packet: Packet | undefined): Promise<void> {
    const proxy = this.proxy;
    if (this.link.closed) return;
    if (packet) {
      const cut = proxy.takeCut(this.direction, packet.cmd);
      if (cut) {
        proxy.stats.cuts++;
        this.to.write(bytes.subarray(0, Math.max(1, bytes.length >> 1)));
        this.link.reset();
        return;
      }
      if (packet.cmd === "puback" && this.direction === "down") {
        if (proxy.dropPubacks > 0) {
          proxy.dropPubacks--;
          proxy.stats.droppedPubacks++;
          return;
        }
        if (proxy.pubackDelayMs > 0) {
          proxy.stats.delayedPubacks++;
          await new Promise((resolve) => setTimeout(resolve, proxy.pubackDelayMs));
          if (this.link.closed) return;
        }
      }
    }
    if (!proxy.splitEveryByte) {
      this.to.write(bytes);
      return;
    }
    for (let i = 0; i < bytes.length && !this.link.closed; i++) {
      this.to.write(bytes.subarray(i, i + 1));
      proxy.stats.byteWrites++;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}

class Link {
  closed = false;
  constructor(
    readonly client: net.Socket,
    readonly upstream: net.Socket,
  ) {}

  reset(): void {
    if (this.closed) return;
    this.closed = true;
    this.client.resetAndDestroy();
    this.upstream.resetAndDestroy();
  }
}

/** See the file comment. */
export class FaultProxy {
  splitEveryByte = false;
  pubackDelayMs = 0;
  dropPubacks = 0;
  blocked = false;
  readonly stats: FaultStats = {
    connections: 0,
    refused: 0,
    packets: { up: 0, down: 0 },
    cuts: 0,
    droppedPubacks: 0,
    delayedPubacks: 0,
    byteWrites: 0,
  };
  readonly #server: net.Server;
  readonly #links = new Set<Link>();
  readonly #changed = new Condition();
  readonly #cuts: Cut[] = [];

  private constructor(
    server: net.Server,
    readonly port: number,
  ) {
    this.#server = server;
  }

  /** Listens on a free port of 127.0.0.1 and forwards to `targetPort` on 127.0.0.1. */
  static async start(targetPort: number): Promise<FaultProxy> {
    let proxy: FaultProxy | undefined;
    const server = net.createServer({ noDelay: true }, (client) => proxy!.#accept(client, targetPort));
    await new Promise<void>((resolve, reject) => server.once("error", reject).listen(0, "127.0.0.1", resolve));
    proxy = new FaultProxy(server, (server.address() as net.AddressInfo).port);
    return proxy;
  }

  /** `mqtt://127.0.0.1:<port>` */
  get url(): string {
    return `mqtt://127.0.0.1:${this.port}`;
  }

  /** Arms a one-shot cut of the next `cmd` packet going `direction` (several may be armed). */
  cutNext(direction: Direction, cmd: PacketCmd): void {
    this.#cuts.push({ direction, cmd });
  }

  /** @internal the armed cut matching this packet, removed from the list. */
  takeCut(direction: Direction, cmd: PacketCmd): Cut | undefined {
    const i = this.#cuts.findIndex((c) => c.direction === direction && c.cmd === cmd);
    return i < 0 ? undefined : this.#cuts.splice(i, 1)[0];
  }

  /** Resets every open connection now. */
  cutAll(): void {
    for (const link of this.#links) link.reset();
  }

  /**
   * Resolves once `condition()` holds (checked after every connection, refusal and packet),
   * or rejects after `timeoutMs` naming `what`.
   */
  until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
    return this.#changed.until(condition, timeoutMs, what, () => `; proxy ${JSON.stringify(this.stats)}`);
  }

  /** @internal re-checks the waiters after a change of `stats`. */
  changed(): void {
    this.#changed.notify();
  }

  /** Stops listening and resets every connection. */
  async close(): Promise<void> {
    this.cutAll();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #accept(client: net.Socket, targetPort: number): void {
    if (this.blocked) {
      this.stats.refused++;
      client.resetAndDestroy();
      this.changed();
      return;
    }
    this.stats.connections++;
    this.changed();
    client.pause();
    const upstream = net.connect({ port: targetPort, host: "127.0.0.1", noDelay: true });
    const link = new Link(client, upstream);
    this.#links.add(link);
    const end = () => {
      link.reset();
      this.#links.delete(link);
    };
    for (const socket of [client, upstream]) {
      socket.on("error", end);
      socket.on("close", end);
    }
    upstream.once("connect", () => client.resume());
    new Pipe(this, "up", client, upstream, link);
    new Pipe(this, "down", upstream, client, link);
  }
}
