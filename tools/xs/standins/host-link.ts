/**
 * XS side of the link between a device's firmware running in xsnap and the simulator on the host
 * (`tools/xs/device-host.ts` is the other side; `tools/xs/protocol.ts` the message shapes).
 *
 * The Moddable stand-ins (`timer`, `time`, `preference`, `hmac`, `rng`, the `device` global, the
 * ESP-NOW natives, `trace`) call the host through one `HostLink`:
 * - `post(op, …)` queues a call that returns nothing and whose arguments XS has checked already
 *   (an event line, a timer set or clear, a pin write, a frame to send);
 * - `call(op, …)` sends the queue plus one call that returns a value or may throw (a store read
 *   or write, an HMAC, random bytes) with xsnap's synchronous `issueCommand`, and returns the
 *   host's answer (or throws the host's error here, as the SDK module would).
 * So the host applies every effect in program order, with one round trip per `call` plus one per
 * callback. The host calls in through the global `handleCommand` with the context of that instant
 * (tick count, wall time, input pin levels: constant while a callback runs, since virtual time
 * stands still) and a callback; the queue left at the end is the reply.
 *
 * One link per XS machine (each simulated device runs in its own worker), like Moddable's own
 * static modules; it is created by `installHostLink` and reached through `hostLink()`.
 * XS-only: no Node API here; xsnap's `issueCommand`, `TextEncoder` and `TextDecoder` are read
 * from `globalThis` (`reference/host-tooling.md` §10.3).
 */
import type { BootInfo, CommandMessage, CommandReply, HostContext, Op, QueryAnswer, QueryMessage } from "../protocol.ts";

/** The xsnap globals this file uses. */
interface XsnapGlobals {
  issueCommand(message: ArrayBuffer): ArrayBuffer;
  handleCommand?: (message: ArrayBuffer) => ArrayBuffer;
  TextEncoder: new () => { encode(text: string): Uint8Array };
  TextDecoder: new () => { decode(bytes: ArrayBuffer | Uint8Array): string };
  __bellHostLink?: HostLink;
}

/** A callback the host can invoke by name (`timer`, `readable`, `received`, `sent`, `boot`, …). */
export type CommandHandler = (...args: unknown[]) => void;

const ERRORS: Record<string, new (message: string) => Error> = { RangeError, TypeError, Error, SyntaxError, ReferenceError };

/** The link; see the file comment. */
export class HostLink {
  /** The host's context of the callback now running. */
  context: HostContext = { ticks: 0, wallMs: 0, levels: {} };
  /** What the host said at boot (station address, build config); undefined before. */
  boot: BootInfo | undefined;
  readonly #xs: XsnapGlobals;
  readonly #encoder: { encode(text: string): Uint8Array };
  readonly #decoder: { decode(bytes: ArrayBuffer | Uint8Array): string };
  readonly #handlers = new Map<string, CommandHandler>();
  #ops: Op[] = [];
  readonly #deferred: (() => void)[] = [];
  #inCommand = false;
  #lateOps = 0;

  constructor(xs: XsnapGlobals) {
    this.#xs = xs;
    this.#encoder = new xs.TextEncoder();
    this.#decoder = new xs.TextDecoder();
  }

  /** Queues a call that returns nothing (applied by the host in order, before any later `call`). */
  post(op: string, ...args: unknown[]): void {
    if (!this.#inCommand) this.#lateOps++;
    this.#ops.push([op, ...args]);
  }

  /**
   * Sends the queued calls and `op(args)`; returns the host's value.
   * @throws the host's error, rebuilt with its class (RangeError, TypeError, Error) and message.
   */
  call(op: string, ...args: unknown[]): unknown {
    const message: QueryMessage = { o: this.#ops, q: [op, ...args] };
    this.#ops = [];
    const answer = JSON.parse(this.#decoder.decode(this.#xs.issueCommand(this.#bytes(JSON.stringify(message))))) as QueryAnswer;
    if ("e" in answer) {
      const [name, text] = answer.e;
      throw new (ERRORS[name] ?? Error)(text);
    }
    return answer.v;
  }

  /**
   * Runs `callback` after the command now running, before its reply, at the same instant: the
   * next turns of the device's run loop when nothing else is due in between (a stand-in's own
   * interrupt, e.g. the UART's TX FIFO that drained, since the simulator gives bytes on a wire no
   * time). Callbacks deferred by a deferred callback run too, in order.
   * @throws Error outside a command (the host could not place it in virtual time).
   */
  defer(callback: () => void): void {
    if (!this.#inCommand) throw new Error("defer: only while a host command runs");
    this.#deferred.push(callback);
  }

  /** Registers the handler of command `kind`. */
  on(kind: string, handler: CommandHandler): void {
    this.#handlers.set(kind, handler);
  }

  /** Serves one host command (xsnap calls the global `handleCommand` with it). */
  handle(bytes: ArrayBuffer): ArrayBuffer {
    const command = JSON.parse(this.#decoder.decode(bytes)) as CommandMessage;
    this.context = command.c;
    const reply: CommandReply = { o: [] };
    if (this.#lateOps) {
      reply.late = this.#lateOps; // calls made outside any command (a promise job): the host refuses them
      this.#lateOps = 0;
    }
    this.#inCommand = true;
    try {
      const handler = this.#handlers.get(command.k);
      if (!handler) throw new Error(`no handler for host command "${command.k}"`);
      handler(...command.a);
      for (let next = this.#deferred.shift(); next; next = this.#deferred.shift()) next();
    } catch (err) {
      this.#deferred.length = 0;
      const e = err as Error;
      reply.e = [e?.name ?? "Error", e?.message ?? String(err), typeof e?.stack === "string" ? e.stack : ""];
    } finally {
      this.#inCommand = false;
    }
    reply.o = this.#ops;
    this.#ops = [];
    return this.#bytes(JSON.stringify(reply));
  }

  #bytes(text: string): ArrayBuffer {
    const view = this.#encoder.encode(text);
    return view.byteOffset === 0 && view.byteLength === view.buffer.byteLength ? (view.buffer as ArrayBuffer) : (view.slice().buffer as ArrayBuffer);
  }
}

/** Creates the machine's link and makes it the global `handleCommand`. Idempotent. */
export function installHostLink(): HostLink {
  const xs = globalThis as unknown as XsnapGlobals;
  if (xs.__bellHostLink) return xs.__bellHostLink;
  if (typeof xs.issueCommand !== "function") throw new Error("not inside xsnap: issueCommand is missing");
  const link = new HostLink(xs);
  xs.__bellHostLink = link;
  xs.handleCommand = (bytes) => link.handle(bytes);
  return link;
}

/** The machine's link. @throws Error when `installHostLink` has not run. */
export function hostLink(): HostLink {
  const link = (globalThis as unknown as XsnapGlobals).__bellHostLink;
  if (!link) throw new Error("the host link is not installed");
  return link;
}

/** Lower-case hex of bytes (frames and keys travel as hex in the JSON messages). */
export function toHex(bytes: Uint8Array): string {
  let text = "";
  for (let i = 0; i < bytes.length; i++) text += (bytes[i]! < 0x10 ? "0" : "") + bytes[i]!.toString(16);
  return text;
}

/** Bytes of a hex string. @throws TypeError for odd length or a non-hex digit. */
export function fromHex(text: string): Uint8Array {
  if (typeof text !== "string" || text.length % 2 !== 0) throw new TypeError("hex: odd length");
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) {
    const byte = parseInt(text.slice(i * 2, i * 2 + 2), 16);
    if (Number.isNaN(byte)) throw new TypeError(`hex: bad digit at ${i * 2}`);
    out[i] = byte;
  }
  return out;
}
