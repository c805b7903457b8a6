/**
 * A Web Serial `SerialPort` look-alike over node-serialport, so that esptool-js's stock
 * `Transport` (written for browsers) runs in Node. It provides exactly the members `Transport`
 * uses (host-tooling.md §8.2): `open`, `close`, `readable`, `writable`, `setSignals`, `getInfo`
 * and the optional `setBaudRate` (in-place speed change, no close/reopen, so no board reset).
 *
 * Semantics follow the Web Serial API (https://wicg.github.io/serial/): `readable`/`writable` are
 * `null` while the port is closed; `setSignals({ dataTerminalReady: true })` asserts DTR.
 *
 * Two things node-serialport does differently, handled here:
 * - its `set()` fills every flag it is not given with `dtr: true, rts: true`, so we remember both
 *   lines and always send both;
 * - a pseudo-terminal (and some bare adapters) has no modem-control lines: `set()` fails with
 *   `Inappropriate ioctl for device` (ENOTTY). We report that once through
 *   `onSignalsUnsupported` and carry on (the board then cannot be reset automatically).
 *
 * A port that closes or fails without being asked to (USB unplugged) is "lost": the readable
 * errors, writes reject at once, and {@link NodeWebSerialPort.whenLost} resolves, so the flash
 * job can stop waiting on replies that will never come.
 */
import { SerialPort } from "serialport";
import type { SerialPortStream } from "@serialport/stream";
import { classifyOpenError, PortLostError, PortOpenError } from "./errors.ts";

/** Web Serial `SerialOptions` (the fields esptool-js passes). */
export interface WebSerialOpenOptions {
  /** Line speed in bits per second. */
  baudRate: number;
  /** Data bits per character; default 8. */
  dataBits?: number;
  /** Stop bits; default 1. */
  stopBits?: number;
  /** Parity; default none. */
  parity?: "none" | "even" | "odd";
  /** Flow control; default none. */
  flowControl?: "none" | "hardware";
  /** Read buffer size in bytes (ignored: node-serialport manages its own). */
  bufferSize?: number;
}

/** Web Serial `SerialOutputSignals`: `true` asserts the line. */
export interface WebSerialSignals {
  dataTerminalReady?: boolean;
  requestToSend?: boolean;
  break?: boolean;
}

/** The options node-serialport needs to open a port (what {@link PortFactory} receives). */
export interface NodePortOpenOptions {
  path: string;
  baudRate: number;
  dataBits: 5 | 6 | 7 | 8;
  stopBits: 1 | 1.5 | 2;
  parity: "none" | "even" | "odd";
  rtscts: boolean;
  autoOpen: false;
}

/** Makes an unopened node-serialport stream; tests pass `SerialPortMock` here. */
export type PortFactory = (options: NodePortOpenOptions) => SerialPortStream;

/** Options of {@link NodeWebSerialPort}. */
export interface NodeWebSerialOptions {
  /** Device path, e.g. `/dev/ttyUSB0`. */
  path: string;
  /** USB vendor id reported by `getInfo()` (esptool-js picks its reset method from it). */
  usbVendorId?: number;
  /** USB product id reported by `getInfo()`. */
  usbProductId?: number;
  /** Makes the node-serialport stream; default `new SerialPort(options)`. */
  createPort?: PortFactory;
  /** Called once when the port turns out to have no DTR/RTS lines (a pty). */
  onSignalsUnsupported?: (err: Error) => void;
}

/** Defaults of {@link NodeWebSerialPort}. */
export const WEB_SERIAL_DEFAULTS = {
  createPort: ((options) => new SerialPort(options)) as PortFactory,
  /**
   * DTR/RTS as the OS leaves them right after open: Linux asserts both when a tty is opened
   * (termios HUPCL behaviour), so that is what we remember until told otherwise.
   */
  initialDtr: true,
  initialRts: true,
} as const;

/** One open session: the node-serialport stream and the Web streams over it. */
class Session {
  readonly readable: ReadableStream<Uint8Array>;
  readonly writable: WritableStream<Uint8Array>;
  readController: ReadableStreamDefaultController<Uint8Array> | undefined;
  /** True once we asked to close: a 'close' event is then not a loss. */
  closing = false;

  /** @param write sends one chunk (the adapter's writer, which also notices a lost port). */
  constructor(readonly port: SerialPortStream, write: (session: Session, chunk: Uint8Array) => Promise<void>) {
    const onData = (chunk: Buffer) => {
      try {
        this.readController?.enqueue(new Uint8Array(chunk));
      } catch {
        // the reader cancelled the stream: esptool-js stopped reading, the bytes are not wanted
      }
    };
    this.readable = new ReadableStream<Uint8Array>({
      start: (controller) => {
        this.readController = controller;
        port.on("data", onData);
      },
      cancel: () => {
        port.off("data", onData);
        this.readController = undefined;
      },
    });
    this.writable = new WritableStream<Uint8Array>({ write: (chunk) => write(this, chunk) });
  }
}

const DATA_BITS = [5, 6, 7, 8] as const;
const STOP_BITS = [1, 1.5, 2] as const;

function isNoModemLines(err: Error): boolean {
  return (err as NodeJS.ErrnoException).code === "ENOTTY" || /inappropriate ioctl/i.test(err.message);
}

/** Web Serial `SerialPort` over node-serialport; see the file comment. */
export class NodeWebSerialPort {
  readonly path: string;
  private readonly info: { usbVendorId?: number; usbProductId?: number };
  private readonly createPort: PortFactory;
  private readonly onSignalsUnsupported: ((err: Error) => void) | undefined;
  private session: Session | undefined;
  private dtr: boolean = WEB_SERIAL_DEFAULTS.initialDtr;
  private rts: boolean = WEB_SERIAL_DEFAULTS.initialRts;
  private lostError: PortLostError | undefined;
  private readonly lost: Promise<PortLostError>;
  private resolveLost!: (err: PortLostError) => void;
  /** `false` once a DTR/RTS change failed with ENOTTY; `undefined` until a change was tried. */
  signalsSupported: boolean | undefined;

  /** @throws TypeError when `path` is empty. */
  constructor(options: NodeWebSerialOptions) {
    if (typeof options.path !== "string" || options.path === "") throw new TypeError("path must be a non-empty string");
    this.path = options.path;
    this.info = {
      ...(options.usbVendorId === undefined ? {} : { usbVendorId: options.usbVendorId }),
      ...(options.usbProductId === undefined ? {} : { usbProductId: options.usbProductId }),
    };
    this.createPort = options.createPort ?? WEB_SERIAL_DEFAULTS.createPort;
    this.onSignalsUnsupported = options.onSignalsUnsupported;
    this.lost = new Promise((resolve) => (this.resolveLost = resolve));
  }

  /** Web Serial `readable`: `null` while closed or after the port was lost. */
  get readable(): ReadableStream<Uint8Array> | null {
    return this.session && !this.lostError ? this.session.readable : null;
  }

  /**
   * Web Serial `writable`: `null` while closed. After the port was lost, every access returns a
   * new stream whose writes reject with the loss: esptool-js then fails its pending command at
   * once instead of waiting out reply timeouts, and its disconnect (which waits for the stream
   * to be unlocked) never waits on a stream a failed write left locked.
   */
  get writable(): WritableStream<Uint8Array> | null {
    const lost = this.lostError;
    if (lost) {
      return new WritableStream<Uint8Array>({
        write: () => Promise.reject(lost),
      });
    }
    return this.session ? this.session.writable : null;
  }

  /** Web Serial `getInfo()`: the USB ids given at construction. */
  getInfo(): { usbVendorId?: number; usbProductId?: number } {
    return { ...this.info };
  }

  /** Resolves (never rejects) with the error once the port is lost; pending forever otherwise. */
  whenLost(): Promise<PortLostError> {
    return this.lost;
  }

  /** The loss, if the port was lost. */
  get lostReason(): PortLostError | undefined {
    return this.lostError;
  }

  /**
   * Web Serial `open()`.
   * @throws PortOpenError classified busy / permission / missing / other.
   * @throws Error when already open (the Web Serial InvalidStateError).
   */
  async open(options: WebSerialOpenOptions): Promise<void> {
    if (this.session) throw new Error(`${this.path} is already open`);
    const dataBits = DATA_BITS.find((b) => b === (options.dataBits ?? 8));
    const stopBits = STOP_BITS.find((b) => b === (options.stopBits ?? 1));
    if (dataBits === undefined) throw new RangeError(`dataBits must be 5..8, got ${options.dataBits}`);
    if (stopBits === undefined) throw new RangeError(`stopBits must be 1, 1.5 or 2, got ${options.stopBits}`);
    const port = this.createPort({
      path: this.path,
      baudRate: options.baudRate,
      dataBits,
      stopBits,
      parity: options.parity ?? "none",
      rtscts: options.flowControl === "hardware",
      autoOpen: false,
    });
    // An 'error' event without a listener would crash the process; every one means trouble.
    let session: Session | undefined;
    port.on("error", (err: Error) => session && this.markLost(session, err));
    try {
      await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
    } catch (err) {
      port.removeAllListeners();
      throw new PortOpenError(this.path, classifyOpenError(err), err);
    }
    this.dtr = WEB_SERIAL_DEFAULTS.initialDtr;
    this.rts = WEB_SERIAL_DEFAULTS.initialRts;
    const opened = new Session(port, (sess, chunk) => this.writeChunk(sess, chunk));
    session = opened;
    port.on("close", (err: Error | null | undefined) => {
      if (!opened.closing) this.markLost(opened, err ?? new Error("the port closed"));
    });
    this.session = opened;
  }

  private writeChunk(session: Session, chunk: Uint8Array): Promise<void> {
    if (this.lostError) return Promise.reject(this.lostError);
    return new Promise<void>((resolve, reject) => {
      session.port.write(Buffer.from(chunk), (err) => {
        if (err) {
          this.markLost(session, err);
          reject(this.lostError ?? err);
          return;
        }
        // wait until the OS has sent the bytes, so that reply timeouts start after the request
        session.port.drain((err2) => (err2 ? reject(err2) : resolve()));
      });
    });
  }

  private markLost(session: Session, err: unknown): void {
    if (this.lostError || session !== this.session || session.closing) return;
    this.lostError = new PortLostError(this.path, err);
    try {
      session.readController?.error(this.lostError);
    } catch {
      // already closed or cancelled
    }
    this.resolveLost(this.lostError);
  }

  /**
   * Web Serial `setSignals()`. Sends both DTR and RTS every time (node-serialport would assert a
   * line it is not given). On a port without modem-control lines it resolves and clears
   * {@link signalsSupported}.
   * @throws Error when the port is not open, or the change failed for another reason.
   */
  async setSignals(signals: WebSerialSignals): Promise<void> {
    const session = this.session;
    if (!session || this.lostError) throw this.lostError ?? new Error(`${this.path} is not open`);
    if (signals.dataTerminalReady !== undefined) this.dtr = signals.dataTerminalReady;
    if (signals.requestToSend !== undefined) this.rts = signals.requestToSend;
    const flags = { dtr: this.dtr, rts: this.rts, brk: signals.break ?? false };
    await new Promise<void>((resolve, reject) =>
      session.port.set(flags, (err) => {
        if (!err) {
          this.signalsSupported ??= true;
          resolve();
        } else if (isNoModemLines(err)) {
          if (this.signalsSupported !== false) this.onSignalsUnsupported?.(err);
          this.signalsSupported = false;
          resolve();
        } else reject(err);
      }),
    );
  }

  /** Changes the line speed in place (no close/reopen, so the board is not reset). */
  async setBaudRate(baudRate: number): Promise<void> {
    const session = this.session;
    if (!session || this.lostError) throw this.lostError ?? new Error(`${this.path} is not open`);
    await new Promise<void>((resolve, reject) => session.port.update({ baudRate }, (err) => (err ? reject(err) : resolve())));
  }

  /** Web Serial `close()`. Idempotent; never throws (a port already gone is closed enough). */
  async close(): Promise<void> {
    const session = this.session;
    if (!session) return;
    session.closing = true;
    this.session = undefined;
    try {
      session.readController?.close();
    } catch {
      // already errored or cancelled
    }
    if (session.port.isOpen) await new Promise<void>((resolve) => session.port.close(() => resolve()));
    session.port.removeAllListeners("data");
  }
}
