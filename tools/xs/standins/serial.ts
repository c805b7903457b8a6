/**
 * Stand-in for ECMA-419 `embedded:io/serial` (Moddable's `device.io.Serial`) inside the XS
 * engine: the receiver's modem UART (issue 14), wired to the simulator's modem model through the
 * host's hal `openModemSerial`. It keeps what the modem adapter (`firmware/moddable/serial.ts`)
 * must live with on an ESP32 (`modules/io/serial/esp32/serial.c` of the SDK 8.2.3):
 * - the `transmit`/`receive` GPIOs must be the board's `modem_tx`/`modem_rx` (the build's
 *   `config.pins`); port 0 is the console's ("port in use", as the runtime holds it in -i builds);
 *   one open port at a time ("port in use"); `format` "buffer" only;
 * - `write(buffer)` goes out at once (to the host, in program order with the other calls) into a
 *   128-byte TX FIFO and throws "output full" when the bytes do not fit (serial.c:349-351);
 *   `onWritable(count)` comes after the constructor and after writes, once the FIFO drained:
 *   here in the same instant, after the running callback (`HostLink.defer`), since the simulator
 *   gives bytes on a wire no time (the modem model answers after its own delays);
 * - received bytes come from the host as a command; each 128 bytes (the RX FIFO) is one
 *   `onReadable(count)`, and `read()` returns the bytes waiting as an ArrayBuffer, or undefined.
 */
import { COMMANDS, OPS } from "../protocol.ts";
import { fromHex, hostLink, toHex } from "./host-link.ts";

/** Bytes of each hardware FIFO of an ESP32 UART. */
const FIFO_BYTES = 128;

interface SerialOptions {
  port: number;
  receive: number;
  transmit: number;
  baud: number;
  format?: string;
  onReadable?: (this: Serial, count: number) => void;
  onWritable?: (this: Serial, count: number) => void;
}

let open: Serial | undefined;
let listening = false;

function roleOf(gpio: number): string | undefined {
  const pins = (hostLink().boot?.config.pins ?? {}) as Record<string, number>;
  return Object.keys(pins).find((role) => pins[role] === gpio);
}

/** A UART. */
export default class Serial {
  readonly #options: SerialOptions;
  #rx: Uint8Array = new Uint8Array(0);
  #txUsed = 0;
  #writablePending = false;
  #closed = false;

  /** @throws RangeError for a port, pin, baud or format the modem UART cannot be; "port in use". */
  constructor(options: SerialOptions) {
    const { port, receive, transmit, baud, format } = options;
    if (!Number.isInteger(port) || port < 0 || port > 2) throw new RangeError("invalid port");
    if (port === 0) throw new RangeError("port in use");
    if (!(Number.isInteger(baud) && baud > 0 && baud <= 20_000_000)) throw new RangeError("invalid baud");
    if (format !== "buffer") throw new RangeError(`Serial: format ${String(format)} is not simulated (the modem adapter reads buffers)`);
    if (roleOf(transmit) !== "modem_tx" || roleOf(receive) !== "modem_rx") {
      throw new RangeError(`Serial: transmit ${transmit} and receive ${receive} must be the board's modem_tx and modem_rx pins`);
    }
    if (open !== undefined) throw new RangeError("port in use");
    this.#options = options;
    const link = hostLink();
    if (!listening) {
      listening = true;
      link.on(COMMANDS.serialReceived, (hex) => {
        if (open !== undefined) open.#received(fromHex(hex as string));
      });
    }
    link.call(OPS.serialOpen);
    open = this;
    this.#postWritable();
  }

  /** Every byte waiting, or undefined when none. @throws Error when closed. */
  read(): ArrayBuffer | undefined {
    if (this.#closed) throw new Error("Serial: closed");
    if (this.#rx.length === 0) return undefined;
    const out = this.#rx;
    this.#rx = new Uint8Array(0);
    return out.buffer as ArrayBuffer;
  }

  /** Bytes into the TX FIFO. @throws Error "output full" when they do not fit; Error when closed. */
  write(buffer: ArrayBuffer | ArrayBufferView): void {
    if (this.#closed) throw new Error("Serial: closed");
    const bytes = ArrayBuffer.isView(buffer) ? new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength) : new Uint8Array(buffer);
    if (bytes.length > FIFO_BYTES - this.#txUsed) throw new Error("output full");
    this.#txUsed += bytes.length;
    hostLink().post(OPS.serialWrite, toHex(bytes));
    this.#postWritable();
  }

  /** Releases the port; closing twice is harmless. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    if (open === this) open = undefined;
    hostLink().post(OPS.serialClose);
  }

  get format(): "buffer" {
    return "buffer";
  }

  /** The FIFO drains (at once, in virtual time) and onWritable reports it free. */
  #postWritable(): void {
    if (this.#writablePending || !this.#options.onWritable) return;
    this.#writablePending = true;
    hostLink().defer(() => {
      this.#writablePending = false;
      this.#txUsed = 0;
      if (!this.#closed) this.#options.onWritable!.call(this, FIFO_BYTES);
    });
  }

  #received(bytes: Uint8Array): void {
    for (let at = 0; at < bytes.length && !this.#closed; at += FIFO_BYTES) {
      const piece = bytes.subarray(at, at + FIFO_BYTES);
      const rx = new Uint8Array(this.#rx.length + piece.length);
      rx.set(this.#rx);
      rx.set(piece, this.#rx.length);
      this.#rx = rx;
      this.#options.onReadable?.call(this, this.#rx.length);
    }
  }
}
