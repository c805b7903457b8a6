/**
 * Stand-in for Moddable's `time` module (`import Time from "time"`) inside the XS engine:
 * `Time.ticks` is the simulated device's tick counter at the instant of the running callback,
 * as a signed 32-bit integer (what `Time.ticks` is on a microcontroller; the hal folds it back
 * to unsigned). Time does not pass during a callback in the simulator, so no host call is needed.
 */
import { hostLink } from "./host-link.ts";

const Time = Object.freeze({
  /** Milliseconds, signed 32-bit, wrapping. */
  get ticks(): number {
    return hostLink().context.ticks | 0;
  },
  /** `end − start` in ms (wrap-safe), as Moddable's `Time.delta`; `end` defaults to now. */
  delta(start: number, end?: number): number {
    return ((end ?? hostLink().context.ticks) - start) | 0;
  },
});

export default Time;
