/**
 * ECMA-419 PWM as Moddable implements it on ESP32 (`modules/io/pwm/esp32/_pwm.js`, `_pwm.c`).
 * Unlike the SDK's typings, declares `resolution`, `port`, `from` and `close()`, which exist.
 */
declare module "embedded:io/pwm" {
  export interface PwmOptions {
    /** GPIO number. */
    pin: number;
    /** Frequency in Hz (default 1024). Fixed for the life of the instance. */
    hz?: number;
    /** Duty resolution in bits (default 10). */
    resolution?: number;
    /** LEDC channel (default: the first free of 4–7). */
    port?: number;
    /** Take over this instance's channel, keeping its hz and resolution. */
    from?: PWM;
    format?: "number";
    target?: unknown;
  }

  export default class PWM {
    /** @throws RangeError "invalid combination of hz and resolution". */
    constructor(options: PwmOptions);
    readonly hz: number;
    readonly resolution: number;
    /** @throws RangeError "invalid value" outside 0 … 2^resolution − 1. */
    write(duty: number): void;
    close(): void;
    format: "number";
  }
}
