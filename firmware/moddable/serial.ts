/**
 * hal `OpenSerial` (the receiver's LTE modem UART, issue 14) over ECMA-419 `embedded:io/serial`
 * (Moddable `modules/io/serial`, reached as `device.io.Serial`; every line cited is of the SDK
 * 8.2.3 under `../shared/toolchains/moddable-8.2.3/`).
 *
 * What the ESP32 implementation (`modules/io/serial/esp32/serial.c`) does, and what this adapter
 * does about it:
 * - The port is 8N1 with no flow control, at `baud` (serial.c:148-153): the A7670 and EC200U
 *   default, 115200 8N1.
 * - `write(buffer)` puts bytes straight into the 128-byte hardware TX FIFO and throws "output
 *   full" when they do not fit (serial.c:349-351); it never queues. `onWritable(count)` reports
 *   the free FIFO bytes: once at once after the constructor (the TX-empty interrupt is armed at
 *   serial.c:216) and again after each write once the FIFO has drained (serial.c:356-359,
 *   428-434). So the adapter keeps a queue and writes at most `count` bytes per `onWritable`
 *   (an SMS PDU with its Ctrl-Z is up to 2 × 140 + 1 + header bytes: several FIFO loads).
 * - `onReadable(count)` runs on the XS run loop after bytes arrived (serial.c:415-424); `read()`
 *   with `format: "buffer"` and no argument returns every byte waiting as an ArrayBuffer, or
 *   undefined when none (serial.c:287-289, 304-305, 321-324). Each read goes to the hal owner
 *   at once: lines may be cut anywhere; the AT driver reassembles them.
 * - The RX FIFO also holds 128 bytes and there is no ring buffer behind it (Moddable reads the
 *   FIFO itself, serial.c:287, not through the ESP-IDF driver): the run loop must come round
 *   within ~11 ms at 115200 baud while the modem talks, or bytes are lost. The AT driver treats
 *   a damaged line as noise (`modem_noise`) and a lost answer as a timeout, never as a crash.
 * - Errors of the constructor pass through: RangeError "invalid port" / "invalid baud" /
 *   "port in use" (serial.c:124-146), Error "in use" for a pin another IO holds (serial.c:108-116).
 */
/// <reference path="./types/embedded-io-serial.d.ts" />
import type SdkSerial from "embedded:io/serial";
import type { OpenSerial, Serial, SerialHandlers } from "../hal/serial.ts";

/**
 * The Serial class (`device.io.Serial`), as declared once in `types/embedded-io-serial.d.ts`
 * (Moddable 8.2.3's ESP32 `serial.js`/`serial.c`: options, `read`, `write`, `close`, errors).
 */
export type SerialClass = typeof SdkSerial;

/** Options of `openModemUart`. */
export interface ModemUartOptions {
  /** `device.io.Serial`. */
  Serial: SerialClass;
  /** UART number, 1 or 2 (0 is the console: `console-uart.c`). Default `MODEM_UART_DEFAULTS.port`. */
  port?: number;
  /** GPIO the ESP32 receives on (board role `modem_rx`). */
  receive: number;
  /** GPIO the ESP32 transmits on (board role `modem_tx`). */
  transmit: number;
  /** Bits per second, default 115200 (the SIMCom A76XX and Quectel EC200U factory rate). */
  baud?: number;
}

/**
 * Defaults of `ModemUartOptions`. UART 2: UART 0 is the console (its pins 1/3 and its driver are
 * the runtime's, `console-uart.c`), and the nodemcu target's `device.Serial.default` is port 1
 * on those same pins 1/3 (`build/devices/esp32/targets/nodemcu/host/provider.js`), so the modem
 * takes the third UART, routed by the GPIO matrix to the board's `modem_tx`/`modem_rx`.
 */
export const MODEM_UART_DEFAULTS = Object.freeze({ port: 2, baud: 115_200 });

/** An open modem UART: the hal `Serial`, plus `close`. */
export interface ModemUart extends Serial {
  /** Releases the port and its pins; queued bytes are dropped. */
  close(): void;
  /** Bytes queued and not yet in the FIFO. */
  readonly queuedBytes: number;
}

/**
 * Opens the modem UART.
 * @throws RangeError when `port` is not 1 or 2 (0 is the console) or `baud` is not a positive
 *   integer; the SDK's errors for a port or pin in use.
 */
export function openModemUart(options: ModemUartOptions, handlers: SerialHandlers): ModemUart {
  const port = options.port ?? MODEM_UART_DEFAULTS.port;
  const baud = options.baud ?? MODEM_UART_DEFAULTS.baud;
  if (port !== 1 && port !== 2) throw new RangeError(`modem UART port must be 1 or 2 (UART 0 is the console), got ${String(port)}`);
  if (!Number.isInteger(baud) || baud < 1) throw new RangeError(`modem UART baud must be a positive integer, got ${String(baud)}`);
  const pending: Uint8Array[] = [];
  let offset = 0; // bytes of pending[0] already written
  let queued = 0;
  let writable = 0; // free TX FIFO bytes, as the last onWritable said, less what was written since
  let closed = false;
  const drain = () => {
    while (writable > 0 && pending.length > 0) {
      const head = pending[0]!;
      const n = Math.min(writable, head.length - offset);
      io.write(head.slice(offset, offset + n).buffer);
      writable -= n;
      queued -= n;
      offset += n;
      if (offset === head.length) {
        pending.shift();
        offset = 0;
      }
    }
  };
  const io = new options.Serial({
    port,
    receive: options.receive,
    transmit: options.transmit,
    baud,
    format: "buffer",
    onReadable() {
      const bytes = this.read();
      if (bytes !== undefined && bytes.byteLength > 0 && !closed) handlers.onReceive(new Uint8Array(bytes));
    },
    onWritable(count) {
      writable = count;
      if (!closed) drain();
    },
  });
  return {
    write(bytes: Uint8Array): void {
      if (closed || bytes.length === 0) return;
      pending.push(bytes.slice());
      queued += bytes.length;
      drain();
    },
    close(): void {
      if (closed) return;
      closed = true;
      pending.length = 0;
      queued = 0;
      io.close();
    },
    get queuedBytes() {
      return queued;
    },
  };
}

/** `openModemUart` with fixed options, as the hal's `openModemSerial`. */
export function createModemSerial(options: ModemUartOptions): OpenSerial {
  return (handlers) => openModemUart(options, handlers);
}
