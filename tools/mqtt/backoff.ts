/**
 * Reconnect backoff for the host's MQTT sessions: the link's own retransmission schedule
 * (`firmware/core/link/backoff.ts`, exponential growth with random jitter) applied to
 * connection attempts, plus the count of failures in a row.
 *
 * After the n-th failed attempt in a row the wait is min(maxDelayMs, minDelayMs · 2^(n−1)),
 * spread uniformly by ±50 %. The exponential part keeps a dead broker from being hammered; the
 * jitter spreads the many clients that lost the broker at the same instant (a broker restart, a
 * Wi-Fi outage at the post) so they do not come back in lockstep (a reconnect storm).
 * Source: M. Brooker, "Exponential Backoff And Jitter", AWS Architecture Blog, 2015.
 * The Moddable radio (`firmware/moddable/mqtt-radio.ts`) uses the same core schedule.
 */
import { checkRetryPolicy, retransmissionWaitMs, type RetryPolicy } from "../../firmware/core/link/backoff.ts";
import type { RandomU32 } from "../../firmware/hal/crypto.ts";

/** Defaults of `ReconnectBackoff`. */
export const BACKOFF_DEFAULTS = {
  /** Nominal wait after the first failure, ms. */
  minDelayMs: 500,
  /** Cap on the nominal wait, ms (a wait is at most 1.5 × this). */
  maxDelayMs: 30_000,
  /** Growth per failure. */
  factor: 2,
  /** Spread of each wait: ± this fraction of the nominal wait. */
  jitter: 0.5,
} as const;

/** Options of `ReconnectBackoff`. */
export interface ReconnectBackoffOptions {
  /** Nominal wait after the first failure, ms; integer ≥ 1. Default 500. */
  minDelayMs?: number;
  /** Cap on the nominal wait, ms; integer ≥ minDelayMs. Default 30 000. */
  maxDelayMs?: number;
  /** Uniform random u32 source for the jitter. */
  random: RandomU32;
}

/** One client's reconnect waits; `reset()` once a connection proved stable. */
export class ReconnectBackoff {
  readonly #policy: RetryPolicy;
  readonly #random: RandomU32;
  #failures = 0;

  /** @throws RangeError naming `minDelayMs` or `maxDelayMs`; TypeError if `random` is not a function. */
  constructor(options: ReconnectBackoffOptions) {
    const minDelayMs = options.minDelayMs ?? BACKOFF_DEFAULTS.minDelayMs;
    const maxDelayMs = options.maxDelayMs ?? BACKOFF_DEFAULTS.maxDelayMs;
    if (!Number.isInteger(minDelayMs) || minDelayMs < 1) throw new RangeError(`minDelayMs must be an integer ≥ 1, got ${minDelayMs}`);
    if (!Number.isInteger(maxDelayMs) || maxDelayMs < minDelayMs) {
      throw new RangeError(`maxDelayMs must be an integer ≥ minDelayMs (${minDelayMs}), got ${maxDelayMs}`);
    }
    if (typeof options.random !== "function") throw new TypeError("random must be a function returning a u32");
    this.#policy = { initialMs: minDelayMs, maxMs: maxDelayMs, factor: BACKOFF_DEFAULTS.factor, jitter: BACKOFF_DEFAULTS.jitter, maxAttempts: Infinity };
    checkRetryPolicy(this.#policy, "reconnect");
    this.#random = options.random;
  }

  /** Failed attempts since the last `reset()`. */
  get failures(): number {
    return this.#failures;
  }

  /** The wait before the next attempt, ms (integer ≥ 1); counts one more failure. */
  nextDelayMs(): number {
    return retransmissionWaitMs(this.#policy, ++this.#failures, this.#random);
  }

  /** Forgets past failures. */
  reset(): void {
    this.#failures = 0;
  }
}
