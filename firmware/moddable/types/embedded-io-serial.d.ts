/**
 * ECMA-419 Serial as Moddable 8.2.3 implements it on ESP32 (`modules/io/serial/esp32/serial.js`,
 * `serial.c`), the part the modem UART adapter uses (`firmware/moddable/serial.ts`). Unlike the
 * SDK's typings (`typings/embedded_io/serial.d.ts`), `read()` and `write()` are narrowed to the
 * buffer format, and the errors are the ESP32's.
 */
declare module "embedded:io/serial" {
  export interface SerialOptions {
    /** UART number 0…2 (0 is the console on our boards). @throws RangeError "invalid port". */
    port: number;
    /** GPIO the ESP32 receives on. */
    receive: number;
    /** GPIO the ESP32 transmits on. */
    transmit: number;
    /** Bits per second, 1…20000000 (8N1, no flow control). @throws RangeError "invalid baud". */
    baud: number;
    format: "buffer";
    /** Bytes arrived (`count` of them waiting in the 128-byte RX FIFO). */
    onReadable?: (this: Serial, count: number) => void;
    /** `count` bytes free in the 128-byte TX FIFO. */
    onWritable?: (this: Serial, count: number) => void;
  }

  export default class Serial {
    /** @throws RangeError "port in use"; Error "in use" for a pin another IO holds. */
    constructor(options: SerialOptions);
    /** Every byte waiting, or undefined when none. */
    read(): ArrayBuffer | undefined;
    /** @throws Error "output full" when more bytes than the TX FIFO has free. */
    write(buffer: ArrayBuffer): void;
    close(): void;
    format: "buffer" | "number";
  }
}
