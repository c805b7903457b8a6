/**
 * A simulated device's millisecond tick counter (hal `Clock`).
 *
 * On ESP32, Moddable's `Time.ticks` is `xTaskGetTickCount()` at 1 kHz: it counts ms since the
 * chip powered up and wraps at 2^32 (`firmware/core/ticks.ts`). Here it is
 * `start_ticks + floor((now − power-up time) / 1 ms)`, folded to 32 bits: a scenario sets
 * `start_ticks` near 2^32 to run a device across the wrap within minutes.
 */
import { toTicks, type Ticks } from "../../firmware/core/ticks.ts";
import type { Clock } from "../../firmware/hal/clock.ts";
import type { EventQueue } from "./clock.ts";

/** Options of `DeviceClock`. */
export interface DeviceClockOptions {
  queue: EventQueue;
  /** Tick count at power-up, 0 … 2^32 − 1. Default 0. */
  startTicks?: number;
  /** When the device powered up, µs of virtual time. Default: now. */
  poweredUpAtUs?: number;
}

/** `Clock.now()` = start_ticks + whole ms since power-up, mod 2^32. */
export class DeviceClock implements Clock {
  private readonly queue: EventQueue;
  private readonly startTicks: number;
  private readonly poweredUpAtUs: number;

  /** @throws RangeError if startTicks is not an integer 0 … 2^32 − 1. */
  constructor(options: DeviceClockOptions) {
    const startTicks = options.startTicks ?? 0;
    if (!Number.isInteger(startTicks) || startTicks < 0 || startTicks > 0xffff_ffff) {
      throw new RangeError(`startTicks must be an integer 0…4294967295, got ${startTicks}`);
    }
    this.queue = options.queue;
    this.startTicks = startTicks;
    this.poweredUpAtUs = options.poweredUpAtUs ?? options.queue.nowUs;
  }

  /** Current ticks, ms, 32-bit unsigned. */
  now(): Ticks {
    return toTicks(this.startTicks + Math.floor((this.queue.nowUs - this.poweredUpAtUs) / 1000));
  }
}
