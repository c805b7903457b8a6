/**
 * A simulated device's one-shot timers (hal `Scheduler`), on the event queue.
 *
 * Moddable `Timer.set(cb, ms)` runs `cb` on the run loop after `ms`; 0 means the next turn
 * (`documentation/base/base.md` §Timer; `reference/moddable.md` §3.1). Here a timer fires at
 * exactly `now + delayMs` of virtual time (no drift, no tick quantization), after the events
 * already queued for that instant. Timers die with the device's power (`RunLoop.clear`).
 */
import type { Scheduler, TimerHandle } from "../../firmware/hal/clock.ts";
import type { QueuedEvent } from "./clock.ts";
import type { RunLoop } from "./run-loop.ts";

/** Largest delay the hal allows, ms (2^31 − 1, `firmware/hal/clock.ts`). */
export const SCHEDULER_MAX_DELAY_MS = 0x7fff_ffff;

class SimTimer {
  constructor(
    readonly owner: SimScheduler,
    readonly event: QueuedEvent,
  ) {}
}

/** Timers of one device. */
export class SimScheduler implements Scheduler {
  constructor(private readonly loop: RunLoop) {}

  /**
   * Runs `callback` once, `delayMs` ms from now.
   * @param delayMs integer ms, 0 ≤ delayMs ≤ 2^31 − 1.
   * @throws RangeError if delayMs is not such an integer (stricter than Moddable, which would
   *   truncate a fraction: a fraction here is a bug in the caller's arithmetic).
   */
  schedule(callback: () => void, delayMs: number): TimerHandle {
    if (!Number.isInteger(delayMs) || delayMs < 0 || delayMs > SCHEDULER_MAX_DELAY_MS) {
      throw new RangeError(`delayMs must be an integer 0…${SCHEDULER_MAX_DELAY_MS}, got ${delayMs}`);
    }
    if (typeof callback !== "function") throw new TypeError("callback must be a function");
    return new SimTimer(this, this.loop.post(delayMs * 1000, callback));
  }

  /** Cancels a timer of this scheduler; anything else (undefined, fired, foreign) is ignored. */
  cancel(handle: TimerHandle | undefined): void {
    if (handle instanceof SimTimer && handle.owner === this) this.loop.cancel(handle.event);
  }
}
