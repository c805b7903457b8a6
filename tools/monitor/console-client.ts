/**
 * The host side of a device console (`docs/console.md`): opens the serial port, splits what the
 * device prints into lines and sorts them (an event, a reply, or text such as boot messages),
 * and sends commands with a tag, waiting (bounded, with retries) for the reply that carries it.
 * `bell monitor` reads lines; `bell provision` sends `info`, `provision`, `reboot`.
 *
 * Lines are split by the firmware's own `LineReader`. Commands go out in chunks of
 * `chunkBytes` with a pause between them, so a long `provision` line never overruns the small
 * receive buffer of the board's UART (256 bytes, read every 10 ms by `firmware/moddable/console.ts`).
 * A reply is matched by its tag, so a late reply to an earlier attempt is never mistaken for the
 * answer; a reply damaged on the wire (interleaved with a log message of the chip) is simply not
 * a reply, and the command is sent again.
 */
import type { SerialPortStream } from "@serialport/stream";
import { SerialPort } from "serialport";
import { LineReader } from "../../firmware/stack/console-lines.ts";
import { JobError } from "../errors.ts";
import { say } from "../lang.ts";
import { classifyOpenError, deviceGroup, permissionMessage, portOpenMessage, withId } from "../flash/errors.ts";

/** Stable ids of console-port failures shared by `bell monitor` and `bell provision`. */
export const CONSOLE_PORT_ERRORS = {
  /** Exit 1: another program holds the port. */
  busy: "E_CONSOLE_PORT_BUSY",
  /** Exit 1: this user may not open serial ports. */
  permission: "E_CONSOLE_PORT_PERMISSION",
  /** Exit 1: the port would not open for another reason (or vanished meanwhile). */
  open: "E_CONSOLE_PORT_OPEN",
  /** Exit 1: the device did not answer a command (after the retries). */
  noReply: "E_CONSOLE_NO_REPLY",
  /** Exit 1: the port closed under us (board unplugged). */
  lost: "E_CONSOLE_PORT_LOST",
} as const;

/** Defaults of the console client. */
export const CONSOLE_CLIENT_DEFAULTS = {
  /** Serial speed of the board's console (CONFIG_ESP_CONSOLE_UART_BAUDRATE), bits/s. */
  baudRate: 115_200,
  /** Longest line accepted from the device, bytes (a `log 100` reply is about 12 KB). */
  maxLineBytes: 65_536,
  /** Bytes written at once. */
  chunkBytes: 64,
  /** Pause between chunks, ms: 64 bytes / 8 ms = 8 KB/s, under 115200 baud's 11.5 KB/s. */
  chunkPauseMs: 8,
  /** Wait for one reply, ms. */
  replyTimeoutMs: 1500,
  /** Attempts per command. */
  attempts: 3,
} as const;

/** A device event line (ARCHITECTURE §3). */
export interface DeviceEvent {
  t: number;
  device: string;
  event: string;
  [field: string]: unknown;
}

/** A reply line (`docs/console.md`). */
export interface ReplyLine {
  reply: string;
  ok: boolean;
  tag?: string;
  error?: string;
  message?: string;
  [field: string]: unknown;
}

/** One line from the device, sorted. */
export type ConsoleLine = { kind: "event"; event: DeviceEvent } | { kind: "reply"; reply: ReplyLine } | { kind: "text"; text: string };

/**
 * Sorts one line: a JSON object with string `event`, numeric `t` and string `device` is an event;
 * one with string `reply` and boolean `ok` is a reply; anything else (boot messages, a crash
 * report, a line damaged on the wire) is text. Never throws.
 */
export function classifyLine(text: string): ConsoleLine {
  const trimmed = text.trim();
  if (trimmed.startsWith("{") && trimmed.endsWith("}")) {
    try {
      const value: unknown = JSON.parse(trimmed);
      if (value !== null && typeof value === "object" && !Array.isArray(value)) {
        const o = value as Record<string, unknown>;
        if (typeof o.event === "string" && typeof o.t === "number" && typeof o.device === "string") return { kind: "event", event: o as DeviceEvent };
        if (typeof o.reply === "string" && typeof o.ok === "boolean") return { kind: "reply", reply: o as ReplyLine };
      }
    } catch {
      // not JSON: text
    }
  }
  return { kind: "text", text };
}

/** The device did not answer a command. */
export class NoReplyError extends JobError {
  override get name() {
    return "NoReplyError";
  }
  /**
   * @param command the command word (never its arguments: a `provision` line holds keys).
   * @param text lines of text the device printed meanwhile (for the diagnosis).
   * @param bytes bytes received meanwhile.
   */
  constructor(
    readonly command: string,
    readonly text: readonly string[],
    readonly bytes: number,
  ) {
    super(CONSOLE_PORT_ERRORS.noReply, `no reply to "${command}"`);
  }
}

/** The port closed under us. */
export class PortClosedError extends JobError {
  override get name() {
    return "PortClosedError";
  }
  constructor(readonly path: string) {
    super(
      CONSOLE_PORT_ERRORS.lost,
      withId(
        CONSOLE_PORT_ERRORS.lost,
        `the board on ${path} was disconnected.\n` +
          "  Plug it back in (a data cable, directly on the computer) and run the same command again:\n" +
          "  bell checks what the board holds and finishes the job; nothing is written twice.",
      ),
    );
  }
}

/** Makes an unopened node-serialport stream (tests pass `SerialPortMock`). */
export type ConsolePortFactory = (options: { path: string; baudRate: number; autoOpen: false }) => SerialPortStream;

/** Options of `ConsolePort.open`. */
export interface ConsolePortOptions {
  path: string;
  /** Default 115200. */
  baudRate?: number;
  /** Every line the device prints, sorted. */
  onLine?(line: ConsoleLine): void;
  /** The port closed without being asked to (unplugged); `err` is what node-serialport said. */
  onLost?(err: unknown): void;
  /** Default `new SerialPort(options)`. */
  createPort?: ConsolePortFactory;
}

/** Options of one `request`. */
export interface RequestOptions {
  /** Wait per attempt, ms. Default 1500. */
  timeoutMs?: number;
  /** Attempts. Default 3. */
  attempts?: number;
  /** The word to name the command by in errors (default: its first word). */
  name?: string;
}

interface Waiter {
  match(line: ConsoleLine): boolean;
  resolve(line: ConsoleLine | undefined): void;
}

/** An open console. */
export class ConsolePort {
  readonly path: string;
  readonly #port: SerialPortStream;
  readonly #options: ConsolePortOptions;
  readonly #waiters = new Set<Waiter>();
  #closing = false;
  #lost = false;
  #nextTag = 1;
  #text: string[] = [];
  #bytes = 0;

  private constructor(port: SerialPortStream, options: ConsolePortOptions) {
    this.#port = port;
    this.#options = options;
    this.path = options.path;
    const reader = new LineReader({
      maxLineBytes: CONSOLE_CLIENT_DEFAULTS.maxLineBytes,
      onLine: (text) => this.#line(classifyLine(text)),
      onOverflow: (bytes) => this.#line({ kind: "text", text: `[${bytes} bytes without a line end]` }),
    });
    port.on("data", (chunk: Buffer) => {
      this.#bytes += chunk.length;
      reader.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length));
    });
    port.on("error", () => undefined); // a close follows
    port.on("close", (err: unknown) => {
      if (this.#closing) return;
      this.#lost = true;
      for (const w of [...this.#waiters]) w.resolve(undefined);
      options.onLost?.(err);
    });
  }

  /**
   * Opens the port.
   * @throws JobError E_CONSOLE_PORT_BUSY / _PERMISSION / _OPEN with what to do.
   */
  static async open(options: ConsolePortOptions): Promise<ConsolePort> {
    const baudRate = options.baudRate ?? CONSOLE_CLIENT_DEFAULTS.baudRate;
    const create = options.createPort ?? ((o) => new SerialPort(o));
    const port = create({ path: options.path, baudRate, autoOpen: false });
    try {
      await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
    } catch (err) {
      throw openFailure(options.path, err);
    }
    return new ConsolePort(port, options);
  }

  /** True once the port closed without being asked to. */
  get lost(): boolean {
    return this.#lost;
  }

  /**
   * Sends `command` with a fresh tag and resolves with the reply carrying it, sending again
   * after each `timeoutMs` without one.
   * @throws NoReplyError after the last attempt; PortClosedError when the port goes away.
   */
  async request(command: string, options: RequestOptions = {}): Promise<ReplyLine> {
    const timeoutMs = options.timeoutMs ?? CONSOLE_CLIENT_DEFAULTS.replyTimeoutMs;
    const attempts = options.attempts ?? CONSOLE_CLIENT_DEFAULTS.attempts;
    const name = options.name ?? command.split(/\s/, 1)[0]!;
    this.#text = [];
    const bytesBefore = this.#bytes;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const tag = `h${this.#nextTag++}`;
      const waiting = this.waitFor((l) => l.kind === "reply" && l.reply.tag === tag, timeoutMs);
      await this.#send(`#${tag} ${command}\n`);
      const line = await waiting;
      if (this.#lost) throw new PortClosedError(this.path);
      if (line?.kind === "reply") return line.reply;
    }
    throw new NoReplyError(name, [...this.#text], this.#bytes - bytesBefore);
  }

  /**
   * Resolves with the first line that `match` accepts, or undefined after `timeoutMs` (or when
   * the port goes away). Lines are still reported to `onLine`.
   */
  waitFor(match: (line: ConsoleLine) => boolean, timeoutMs: number): Promise<ConsoleLine | undefined> {
    return new Promise((resolve) => {
      const waiter: Waiter = {
        match,
        resolve: (line) => {
          clearTimeout(timer);
          this.#waiters.delete(waiter);
          resolve(line);
        },
      };
      const timer = setTimeout(() => waiter.resolve(undefined), timeoutMs);
      if (this.#lost) waiter.resolve(undefined);
      else this.#waiters.add(waiter);
    });
  }

  /** Closes the port (waits for pending output). */
  async close(): Promise<void> {
    this.#closing = true;
    for (const w of [...this.#waiters]) w.resolve(undefined);
    if (!this.#port.isOpen) return;
    await new Promise<void>((resolve) => this.#port.drain(() => this.#port.close(() => resolve())));
  }

  async #send(text: string): Promise<void> {
    const { chunkBytes, chunkPauseMs } = CONSOLE_CLIENT_DEFAULTS;
    const bytes = Buffer.from(text, "utf8");
    for (let at = 0; at < bytes.length; at += chunkBytes) {
      if (this.#lost) throw new PortClosedError(this.path);
      if (at > 0) await new Promise((r) => setTimeout(r, chunkPauseMs));
      await new Promise<void>((resolve, reject) => {
        this.#port.write(bytes.subarray(at, at + chunkBytes), (err) => (err ? reject(err) : resolve()));
      }).catch((err) => {
        if (this.#lost || !this.#port.isOpen) throw new PortClosedError(this.path);
        throw err;
      });
      await new Promise<void>((resolve) => this.#port.drain(() => resolve()));
    }
  }

  #line(line: ConsoleLine): void {
    if (line.kind === "text" && line.text.trim().length > 0 && this.#text.length < 20) this.#text.push(line.text);
    this.#options.onLine?.(line);
    for (const w of [...this.#waiters]) if (w.match(line)) w.resolve(line);
  }
}

/** A failure to open a port, as a JobError with what to do. */
export function openFailure(path: string, err: unknown): JobError {
  switch (classifyOpenError(err)) {
    case "busy":
      return new JobError(CONSOLE_PORT_ERRORS.busy, withId(CONSOLE_PORT_ERRORS.busy, busyMessage(path)));
    case "permission":
      return new JobError(CONSOLE_PORT_ERRORS.permission, withId(CONSOLE_PORT_ERRORS.permission, permissionMessage(path, deviceGroup(path))));
    default:
      return new JobError(CONSOLE_PORT_ERRORS.open, withId(CONSOLE_PORT_ERRORS.open, portOpenMessage(path, err)));
  }
}

/** Message for a console port another program holds. */
function busyMessage(path: string): string {
  return say("port.busy_console", { path });
}
