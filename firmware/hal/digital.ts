/**
 * Digital pins, shaped after ECMA-419 `embedded:io/digital` (Moddable `modules/io/digital`).
 * Levels are the *electrical* pin levels: 0 = low, 1 = high. A button wired to GND with a
 * pull-up reads 1 when idle and 0 when pressed (active-low).
 */
export type Level = 0 | 1;

/** An input pin opened with both edges armed. */
export interface DigitalInput {
  /** The pin level now. On Moddable this is the level when `read()` runs, not at the edge. */
  read(): Level;
  /** Releases the pin. */
  close(): void;
}

/**
 * Opens an input pin and arms `onReadable` for rising and falling edges.
 * As on Moddable, several edges that happen before the callback runs are coalesced into one
 * call: the callback must `read()` the level and must not count calls.
 */
export type OpenDigitalInput = (onReadable: () => void) => DigitalInput;

/** An output pin. */
export interface DigitalOutput {
  /** Drives the pin low (0) or high (1). */
  write(level: Level): void;
  /** Releases the pin. */
  close(): void;
}
