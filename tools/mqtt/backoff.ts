/**
 * Reconnect backoff: exponential growth with "equal jitter".
 *
 * After the n-th failed attempt in a row the wait is drawn uniformly from
 * [d/2, d], with d = min(maxDelayMs, minDelayMs · 2^n). The exponential part keeps a dead broker
 * from being hammered; the jitter spreads many clients that lost the broker at the same instant
 * (a broker restart, a Wi-Fi outage at the post) over time, so they do not reconnect in
 * lockstep (a reconnect storm). The lower bound d/2 keeps every wait at least half the
 * exponential delay, unlike "full jitter" which may retry at once.
 * Source: M. Brooker, "Exponential Backoff And Jitter", AWS Architecture Blog, 2015.
 */
import type { RandomU32 } from "../../firmware/hal/crypto.ts";

/** Defaults of `ReconnectBackoff`. */
export const BACKOFF_DEFAULTS = {
  /** First delay ceiling in ms. */
  minDelayMs: 500,
  /** Largest delay ceiling in ms. */
  maxDelayMs: 30_000,
} as const;

/** Options of `ReconnectBackoff`. */
export interface ReconnectBackoffOptions {
  /** Delay ceiling after the first failure, ms; integer ≥ 1. Default 500. */
  minDelayMs?: number;
  /** Largest delay ceiling, ms; integer ≥ minDelayMs. Default 30 000. */
  maxDelayMs?: number;
  /** Uniform random u32 source for the jitter. */
  random: RandomU32;
}

/** One client's reconnect delays; `reset()` after a connection proved stable. */
export class ReconnectBackoff {
  readonly minDelayMs: number;
  readonly maxDelayMs: number;
  readonly #random: RandomU32;
  #failures = 0;

  /** @throws RangeError naming `minDelayMs` or `maxDelayMs`; TypeError if `random` is not a function. */
  constructor(options: ReconnectBackoffOptions) {
    const o = { ...BACKOFF_DEFAULTS, ...options };
    if (!Number.isInteger(o.minDelayMs) || o.minDelayMs < 1) throw new RangeError(`minDelayMs must be an integer ≥ 1, got ${o.minDelayMs}`);
    if (!Number.isInteger(o.maxDelayMs) || o.maxDelayMs < o.minDelayMs) {
      throw new RangeError(`maxDelayMs must be an integer ≥ minDelayMs (${o.minDelayMs}), got ${o.maxDelayMs}`);
    }
    if (typeof o.random !== "function") throw new TypeError("random must be a function returning a u32");
    this.minDelayMs = o.minDelayMs;
    this.maxDelayMs = o.maxDelayMs;
    this.#random = o.random;
  }

  /** Failed attempts since the last `reset()`. */
  get failures(): number {
    return this.#failures;
  }

  /** The wait before the next attempt, ms (an integer in [d/2, d]); counts one more failure. */
  nextDelayMs(): number {
    const ceiling = Math.min(this.maxDelayMs, this.minDelayMs * 2 ** Math.min(this.#failures, 30));
    this.#failures++;
    const fraction = (this.#random() >>> 0) / 0x1_0000_0000;
    return Math.round(ceiling / 2 + fraction * (ceiling / 2));
  }

  /** Forgets past failures (the next delay is drawn from [min/2, min] again). */
  reset(): void {
    this.#failures = 0;
  }
}
