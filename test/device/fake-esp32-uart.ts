/**
 * A fake of ECMA-419 `embedded:io/serial` as Moddable 8.2.3 implements it on the ESP32
 * (`modules/io/serial/esp32/serial.c`), for the modem UART adapter (`firmware/moddable/serial.ts`).
 * It keeps the behaviour the adapter must live with:
 * - `write(buffer)` puts bytes in a 128-byte TX FIFO (`SOC_UART_FIFO_LEN` of the ESP32) and
 *   throws "output full" when they do not fit (serial.c:349-351); nothing is queued for you;
 * - `onWritable(count)` comes later, from the run loop, with the free FIFO bytes: once after the
 *   constructor (the TX-empty interrupt armed at serial.c:216 fires at once on an empty FIFO) and
 *   after a write once the FIFO has drained (serial.c:356-359, 428-434);
 * - received bytes wait in a 128-byte RX FIFO; `onReadable(count)` comes from the run loop
 *   (serial.c:415-424); `read()` (format "buffer", no argument) returns every byte waiting as an
 *   ArrayBuffer, or undefined when none (serial.c:287-289, 304-305, 321-324).
 * Callbacks are posted to `loop` (as `modMessagePostToMachine` does) and never run re-entrantly.
 * No Node API: the framing test runs this file inside XS too.
 */

/** Bytes of each hardware FIFO of an ESP32 UART. */
export const ESP32_UART_FIFO_BYTES = 128;

/** A run loop: callbacks posted from "interrupts", run one at a time by `run`. */
export class FakeRunLoop {
  readonly #queue: (() => void)[] = [];
  post(callback: () => void): void {
    this.#queue.push(callback);
  }
  /** Runs posted callbacks (and those they post) until none is left; returns how many ran. */
  run(): number {
    let ran = 0;
    for (let cb = this.#queue.shift(); cb; cb = this.#queue.shift()) {
      cb();
      ran++;
    }
    return ran;
  }
}

interface FakeSerialOptions {
  port: number;
  receive: number;
  transmit: number;
  baud: number;
  format?: string;
  onReadable?: (this: FakeSerial, count: number) => void;
  onWritable?: (this: FakeSerial, count: number) => void;
}

/** One opened port. */
export interface FakeSerial {
  readonly options: FakeSerialOptions;
  read(): ArrayBuffer | undefined;
  write(buffer: ArrayBuffer | Uint8Array): void;
  close(): void;
}

/** The far end of the wire and what the fake recorded. */
export interface FakeUartWire {
  /** Every port opened, in order. */
  opened: FakeSerial[];
  /** Sizes of the writes the adapter made (each ≤ the free FIFO bytes, or it threw). */
  writes: number[];
  /** Shifts the TX FIFO out onto the wire (what the UART does at the baud rate): its bytes, and onWritable is posted. */
  drain(): Uint8Array;
  /** The modem sends `bytes` (≤ 128 at a time: the RX FIFO); onReadable is posted. */
  deliver(bytes: Uint8Array): void;
}

/** A fake `device.io.Serial` class on `loop`, and its wire. */
export function fakeEsp32Serial(loop: FakeRunLoop): { Serial: new (options: FakeSerialOptions) => FakeSerial; wire: FakeUartWire } {
  const opened: FakeSerial[] = [];
  const writes: number[] = [];
  let tx: number[] = [];
  let rx: number[] = [];
  let port: FakeSerialImpl | undefined;

  class FakeSerialImpl implements FakeSerial {
    #closed = false;
    #writablePosted = false;
    #readablePosted = false;
    constructor(readonly options: FakeSerialOptions) {
      if (options.format !== undefined && options.format !== "buffer" && options.format !== "number") throw new RangeError("invalid format");
      if (!Number.isInteger(options.port) || options.port < 0 || options.port > 2) throw new RangeError("invalid port");
      if (!(options.baud > 0 && options.baud <= 20_000_000)) throw new RangeError("invalid baud");
      if (port !== undefined) throw new RangeError("port in use");
      port = this;
      opened.push(this);
      this.postWritable();
    }
    read(): ArrayBuffer | undefined {
      if (this.#closed) throw new Error("closed");
      if (rx.length === 0) return undefined;
      const out = Uint8Array.from(rx);
      rx = [];
      return out.buffer;
    }
    write(buffer: ArrayBuffer | Uint8Array): void {
      if (this.#closed) throw new Error("closed");
      const bytes = buffer instanceof Uint8Array ? buffer : new Uint8Array(buffer);
      if (bytes.length > ESP32_UART_FIFO_BYTES - tx.length) throw new Error("output full");
      writes.push(bytes.length);
      for (const b of bytes) tx.push(b);
    }
    close(): void {
      this.#closed = true;
      port = undefined;
    }
    postWritable(): void {
      if (this.#writablePosted || !this.options.onWritable) return;
      this.#writablePosted = true;
      loop.post(() => {
        this.#writablePosted = false;
        const free = ESP32_UART_FIFO_BYTES - tx.length;
        if (!this.#closed && free > 0) this.options.onWritable!.call(this, free);
      });
    }
    postReadable(): void {
      if (this.#readablePosted || !this.options.onReadable) return;
      this.#readablePosted = true;
      loop.post(() => {
        this.#readablePosted = false;
        if (!this.#closed && rx.length > 0) this.options.onReadable!.call(this, rx.length);
      });
    }
  }

  const wire: FakeUartWire = {
    opened,
    writes,
    drain() {
      const out = Uint8Array.from(tx);
      tx = [];
      if (out.length > 0) port?.postWritable();
      return out;
    },
    deliver(bytes) {
      if (rx.length + bytes.length > ESP32_UART_FIFO_BYTES) throw new RangeError("the RX FIFO holds 128 bytes: deliver less at a time");
      for (const b of bytes) rx.push(b);
      port?.postReadable();
    },
  };
  return { Serial: FakeSerialImpl, wire };
}
