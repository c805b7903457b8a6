/**
 * The caller's heartbeat schedule: when the next supervision heartbeat is due.
 *
 * Heartbeats are spaced by the period spread uniformly by ± `jitter` (27 … 33 s by default), so
 * that callers powered up together do not keep colliding, and so that no caller stays phase-
 * locked with a receiver that listens only in periodic windows. Each heartbeat is sent through
 * the link as a reliable message with a bounded number of transmissions
 * (`LINK_DEFAULTS.heartbeat`); a newer heartbeat replaces an unfinished older one.
 *
 * The numbers, and why they meet "offline within 120 s, no false offline at 20 % loss", are in
 * `README.md` next to this file. Field figures: Ajax pings every 36 s by default (12 … 300 s);
 * Siemens Sintony sends supervision "at random every 5–7 min" (alarm-field-facts §1.1, §1.5).
 *
 * Passive (STYLE rule 7): call `poll(now)` at `nextDeadline()`; it says whether to send one.
 */
import type { RandomU32 } from "../platform.ts";
import { type Ticks, checkTicks, ticksAdd, ticksReached } from "../ticks.ts";

/** Options of a `HeartbeatSchedule`. */
export interface HeartbeatScheduleOptions {
  /** Uniform 32-bit randomness (hal `RandomU32`) for the jitter. */
  random: RandomU32;
  /**
   * The tick the schedule starts (the caller's boot). The first heartbeat falls due one jittered
   * period later: the caller policy (`firmware/core/policy/caller.ts`) sends one at boot
   * itself, so that the receiver learns at once that the caller is back.
   */
  startAt: Ticks;
  /** Mean heartbeat period, ms, integer 1000 … 3600000 (Ajax: 12 … 300 s). Default 30000. */
  periodMs?: number;
  /** Jitter fraction, 0 ≤ jitter < 1: each period is uniform within ± jitter × periodMs. Default 0.1. */
  jitter?: number;
}

/** Defaults of `HeartbeatScheduleOptions` (see `README.md` for the derivation). */
export const HEARTBEAT_DEFAULTS = {
  periodMs: 30_000,
  jitter: 0.1,
} as const;

/** Accepted range of `periodMs`. */
const PERIOD_LIMITS = { min: 1000, max: 3_600_000 } as const;

/** Number of distinct values of a `RandomU32`. */
const U32_RANGE = 0x1_0000_0000;

/** Says when each heartbeat is due. */
export class HeartbeatSchedule {
  readonly #random: RandomU32;
  readonly #periodMs: number;
  readonly #jitter: number;
  #due: Ticks;

  /**
   * @throws TypeError when `random` is not a function or `startAt` is not a tick; RangeError
   *   naming `periodMs` or `jitter` when out of range.
   */
  constructor(options: HeartbeatScheduleOptions) {
    const o = {
      random: options.random,
      startAt: options.startAt,
      periodMs: options.periodMs ?? HEARTBEAT_DEFAULTS.periodMs,
      jitter: options.jitter ?? HEARTBEAT_DEFAULTS.jitter,
    };
    if (typeof o.random !== "function") throw new TypeError("random must be a RandomU32 function");
    checkTicks(o.startAt, "startAt");
    if (!Number.isInteger(o.periodMs) || o.periodMs < PERIOD_LIMITS.min || o.periodMs > PERIOD_LIMITS.max) {
      throw new RangeError(`periodMs must be an integer ${PERIOD_LIMITS.min}…${PERIOD_LIMITS.max} ms, got ${o.periodMs}`);
    }
    if (!(o.jitter >= 0 && o.jitter < 1)) throw new RangeError(`jitter must be ≥ 0 and < 1, got ${o.jitter}`);
    this.#random = o.random;
    this.#periodMs = o.periodMs;
    this.#jitter = o.jitter;
    this.#due = ticksAdd(o.startAt, this.#nextPeriodMs());
  }

  /**
   * True when a heartbeat is due at `now`; the next one is then scheduled one jittered period
   * after `now` (not after the missed due time, so a late poll never causes a burst).
   */
  poll(now: Ticks): boolean {
    if (!ticksReached(now, this.#due)) return false;
    this.#due = ticksAdd(now, this.#nextPeriodMs());
    return true;
  }

  /** The tick the next heartbeat is due. */
  nextDeadline(): Ticks {
    return this.#due;
  }

  /** One period, jittered: uniform in [periodMs × (1 − jitter), periodMs × (1 + jitter)], ms. */
  #nextPeriodMs(): number {
    const u = (this.#random() >>> 0) / U32_RANGE;
    return Math.round(this.#periodMs * (1 + this.#jitter * (2 * u - 1)));
  }
}
