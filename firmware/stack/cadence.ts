import type { Scheduler, TimerHandle } from "../hal/clock.ts";
import type { DigitalOutput, Level } from "../hal/digital.ts";

/**
 * An output pattern: steps of [level, duration ms], played in order. `repeat` plays it again
 * from the start after the last step; otherwise the output stays at `rest` afterwards.
 */
export interface Cadence {
  readonly steps: readonly (readonly [Level, number])[];
  readonly repeat: boolean;
  /** The level after a non-repeating cadence ends, and when the output is stopped. */
  readonly rest: Level;
}

/** A constant level (no timer needed). */
export function steady(level: Level): Cadence {
  return { steps: [[level, 0]], repeat: false, rest: level };
}

/**
 * Plays cadences on one digital output (an LED, a siren relay) with one hal timer.
 * Starting a new cadence replaces the one playing, at once.
 */
export class CadencePlayer {
  readonly #out: DigitalOutput;
  readonly #scheduler: Scheduler;
  #cadence: Cadence | undefined;
  #index = 0;
  #timer: TimerHandle | undefined;

  /**
   * @param out the output, already driven to its idle level.
   * @param scheduler the platform's timers.
   */
  constructor(out: DigitalOutput, scheduler: Scheduler) {
    this.#out = out;
    this.#scheduler = scheduler;
  }

  /** The cadence playing now (or that ended at its rest level), undefined before the first. */
  get cadence(): Cadence | undefined {
    return this.#cadence;
  }

  /**
   * Plays `cadence` from its first step. Playing the cadence already playing does nothing.
   * @throws RangeError for an empty cadence or a step duration that is negative or not an integer.
   */
  play(cadence: Cadence): void {
    if (cadence === this.#cadence) return;
    if (cadence.steps.length === 0) throw new RangeError("cadence.steps: must not be empty");
    for (const [, ms] of cadence.steps) {
      if (!Number.isInteger(ms) || ms < 0) throw new RangeError(`cadence step duration ${ms}: must be an integer ≥ 0 ms`);
    }
    this.#scheduler.cancel(this.#timer);
    this.#timer = undefined;
    this.#cadence = cadence;
    this.#index = 0;
    this.#step();
  }

  /** Stops the pattern and drives the output to the cadence's rest level (or `level`). */
  stop(level?: Level): void {
    this.#scheduler.cancel(this.#timer);
    this.#timer = undefined;
    this.#out.write(level ?? this.#cadence?.rest ?? 0);
  }

  #step(): void {
    const c = this.#cadence!;
    if (this.#index >= c.steps.length) {
      if (!c.repeat) {
        this.#out.write(c.rest);
        return;
      }
      this.#index = 0;
    }
    const [level, ms] = c.steps[this.#index++];
    this.#out.write(level);
    if (ms === 0 && c.steps.length === 1 && !c.repeat) return; // steady level
    this.#timer = this.#scheduler.schedule(() => {
      this.#timer = undefined;
      this.#step();
    }, ms);
  }
}
