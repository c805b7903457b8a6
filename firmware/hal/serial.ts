/**
 * A UART to a peripheral (the LTE modem of issue 14): bytes out, bytes in.
 * Moddable: ECMA-419 `embedded:io/serial` (`write(buffer)`; `onReadable(count)` then
 * `read()`), one SDK call per method; simulator: the modem model (`tools/sim/modem.ts`).
 */

/** What the owner of a serial port is told. */
export interface SerialHandlers {
  /** Bytes arrived, in order; any split (one byte, half a line, several lines). */
  onReceive(bytes: Uint8Array): void;
}

/** An open serial port. */
export interface Serial {
  /** Queues `bytes` for sending; never blocks, never throws for a closed peer (bytes are then lost, as on a wire). */
  write(bytes: Uint8Array): void;
}

/** Opens the port, e.g. the modem's UART at 115200 8N1 (the A7670 and EC200U default). */
export type OpenSerial = (handlers: SerialHandlers) => Serial;
