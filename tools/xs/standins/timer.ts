/**
 * Stand-in for Moddable's `timer` module (`import Timer from "timer"`) inside the XS engine.
 * `Timer.set(callback, delayMs)` arms a one-shot timer on the simulated device's scheduler (the
 * host's hal `Scheduler`); the host calls back when it fires and the callback receives the timer,
 * as on Moddable. `Timer.clear` ignores a timer that fired, `undefined` and `null`.
 * Repeating timers, `Timer.schedule` and `Timer.delay` are not used by the firmware and throw.
 */
import { OPS, COMMANDS } from "../protocol.ts";
import { hostLink } from "./host-link.ts";

type TimerCallback = (timer: Timer) => void;

/** Armed timers of this machine by id (Moddable's timers are static too). */
const armed = new Map<number, { timer: Timer; callback: TimerCallback }>();
let lastId = 0;
let listening = false;

/** An armed timer (opaque to the firmware). */
export default class Timer {
  readonly #id: number;

  private constructor(id: number) {
    this.#id = id;
  }

  /**
   * Runs `callback(timer)` once, `delayMs` ms from now (0 = next turn).
   * @throws TypeError when callback is not a function; Error for a repeat interval (not simulated).
   */
  static set(callback: TimerCallback, delayMs = 0, repeatMs?: number): Timer {
    if (typeof callback !== "function") throw new TypeError("Timer.set: callback must be a function");
    if (repeatMs !== undefined) throw new Error("Timer.set: repeating timers are not simulated (the firmware uses one-shot timers)");
    const link = hostLink();
    if (!listening) {
      listening = true;
      link.on(COMMANDS.timer, (id) => {
        const entry = armed.get(id as number);
        if (!entry) return;
        armed.delete(id as number);
        entry.callback(entry.timer);
      });
    }
    const timer = new Timer(++lastId);
    armed.set(lastId, { timer, callback });
    link.post(OPS.timerSet, lastId, delayMs);
    return timer;
  }

  /** Cancels a timer; one that fired, `undefined` and `null` are ignored. */
  static clear(timer: Timer | undefined | null): void {
    if (!(timer instanceof Timer) || !armed.delete(timer.#id)) return;
    hostLink().post(OPS.timerClear, timer.#id);
  }

  /** Not simulated. @throws Error */
  static repeat(): never {
    throw new Error("Timer.repeat is not simulated (the firmware uses one-shot timers)");
  }

  /** Not simulated. @throws Error */
  static schedule(): never {
    throw new Error("Timer.schedule is not simulated (the firmware uses one-shot timers)");
  }

  /** Not simulated: blocking would stop virtual time. @throws Error */
  static delay(): never {
    throw new Error("Timer.delay is not simulated: a blocking wait has no meaning in virtual time");
  }
}
