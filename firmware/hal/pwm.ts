/**
 * A PWM output, shaped after ECMA-419 `embedded:io/pwm` (Moddable `modules/io/pwm/esp32`),
 * used for a piezo tone. The frequency is fixed when the output is opened.
 */
export interface Pwm {
  /** Frequency in Hz, fixed at open. */
  readonly hz: number;
  /** Duty resolution in bits: `write` takes 0 … 2^resolution − 1. */
  readonly resolution: number;
  /**
   * Sets the duty cycle.
   * @throws RangeError if duty is not an integer in 0 … 2^resolution − 1.
   */
  write(duty: number): void;
  /** Releases the channel. */
  close(): void;
}
