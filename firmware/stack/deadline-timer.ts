import type { Clock, Scheduler, TimerHandle } from "../hal/clock.ts";
import { type Ticks, ticksUntil } from "../core/ticks.ts";

/** Options of a `DeadlineTimer`. */
export interface DeadlineTimerOptions {
  clock: Clock;
  scheduler: Scheduler;
  /** The earliest deadline of the state machines this timer serves, or undefined for none. */
  nextDeadline(): Ticks | undefined;
  /** Called when the deadline is reached, with the clock read once for this step. */
  onDue(now: Ticks): void;
}

/**
 * Keeps one hal timer armed for the earliest deadline of a set of passive core state machines
 * (they expose `nextDeadline()` and `poll(now)`; STYLE rule 7). Call `rearm()` after every step
 * that may have moved a deadline; it re-arms only when the deadline changed.
 */
export class DeadlineTimer {
  readonly #o: DeadlineTimerOptions;
  #handle: TimerHandle | undefined;
  #armedFor: Ticks | undefined;
  #stopped = false;

  constructor(options: DeadlineTimerOptions) {
    this.#o = options;
  }

  /** The timer's callback, made once (not a new closure at every re-arm). */
  readonly #fire = (): void => {
    this.#handle = undefined;
    this.#armedFor = undefined;
    if (this.#stopped) return;
    // Re-armed even when onDue throws (the throw goes on to the run loop): the deadlines this
    // timer serves (retransmissions, heartbeats, supervision) must not stop with one bad step.
    try {
      this.#o.onDue(this.#o.clock.now());
    } finally {
      this.rearm();
    }
  };

  /** Arms (or re-arms) the timer for the current earliest deadline; cancels it when there is none. */
  rearm(): void {
    if (this.#stopped) return;
    const deadline = this.#o.nextDeadline();
    if (deadline === this.#armedFor && (deadline === undefined || this.#handle !== undefined)) return;
    this.#o.scheduler.cancel(this.#handle);
    this.#handle = undefined;
    this.#armedFor = deadline;
    if (deadline === undefined) return;
    const delay = ticksUntil(this.#o.clock.now(), deadline);
    this.#handle = this.#o.scheduler.schedule(this.#fire, delay);
  }

  /** Cancels the timer for good (the app is stopping). */
  stop(): void {
    this.#stopped = true;
    this.#o.scheduler.cancel(this.#handle);
    this.#handle = undefined;
  }
}
