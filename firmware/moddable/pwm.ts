/**
 * The hal `Pwm` over ECMA-419 `embedded:io/pwm` (Moddable `modules/io/pwm/esp32`, reached as
 * `device.io.PWM`), for a passive piezo tone (e.g. 2–4 kHz at 50 % duty).
 *
 * The frequency is fixed when the output opens: to change the tone, close and open again.
 * Moddable's limits: at most 4 PWM outputs on ESP32 (LEDC channels 4–7,
 * `MODDEF_PWM_LEDC_CHANNEL_MAP` 0xF0); an invalid hz/resolution pair throws RangeError
 * "invalid combination of hz and resolution". Not part of `DeviceHal` (no app uses a tone yet);
 * the board role is `buzzer`.
 */
import type { Pwm } from "../hal/pwm.ts";

/** What the adapter needs of one ECMA-419 PWM instance. */
export interface PwmInstance {
  readonly hz: number;
  readonly resolution: number;
  write(value: number): void;
  close(): void;
}

/** What the adapter needs of the PWM class (`device.io.PWM`). */
export type PwmClass = new (options: { pin: number; hz?: number; resolution?: number }) => PwmInstance;

/** Options of `openPwm`. */
export interface PwmOptions {
  /** GPIO of the piezo. */
  pin: number;
  /** Tone frequency in Hz, integer 1…40000 (default 1024, Moddable's). */
  hz?: number;
  /** Duty resolution in bits, 1…20 (ESP32 LEDC timers; S2/S3/C3 stop at 14; default 10, Moddable's). */
  resolution?: number;
}

/** Moddable's PWM defaults (`modules/io/pwm/esp32/_pwm.c`). */
export const PWM_DEFAULTS = { hz: 1024, resolution: 10 } as const;

/**
 * Opens a PWM output.
 * @throws RangeError naming `hz` or `resolution` when out of range; `write` throws RangeError
 *   naming `duty` when it is not an integer 0 … 2^resolution − 1.
 */
export function openPwm(PWM: PwmClass, options: PwmOptions): Pwm {
  const { pin } = options;
  const hz = options.hz ?? PWM_DEFAULTS.hz;
  const resolution = options.resolution ?? PWM_DEFAULTS.resolution;
  if (!Number.isInteger(hz) || hz < 1 || hz > 40_000) throw new RangeError(`hz: must be an integer 1…40000, got ${hz}`);
  if (!Number.isInteger(resolution) || resolution < 1 || resolution > 20) {
    throw new RangeError(`resolution: must be an integer 1…20 bits, got ${resolution}`);
  }
  const io = new PWM({ pin, hz, resolution });
  const maxDuty = 2 ** io.resolution - 1;
  return {
    get hz() {
      return io.hz;
    },
    get resolution() {
      return io.resolution;
    },
    write(duty: number): void {
      if (!Number.isInteger(duty) || duty < 0 || duty > maxDuty) throw new RangeError(`duty: must be an integer 0…${maxDuty}, got ${duty}`);
      io.write(duty);
    },
    close: () => io.close(),
  };
}
