/**
 * The retransmission schedule: exponential backoff with random jitter.
 *
 * After the n-th transmission of a message (n ≥ 1) the link waits for its ack:
 *
 * ```
 *   nominal(n) = min(maxMs, initialMs × factor^(n−1))
 *   wait(n)    = round(nominal(n) × (1 + jitter × (2u − 1))),  u uniform in [0, 1), wait ≥ 1 ms
 * ```
 *
 * so every wait lies in [nominal × (1 − jitter), nominal × (1 + jitter)], and no wait is ever
 * longer than `maxMs × (1 + jitter)` (`longestWaitMs`). `u` comes from the injected `RandomU32`,
 * drawn afresh for every wait.
 *
 * Why jitter: a receiver that listens only in periodic windows (ESP-NOW power save; ESPHome's
 * `deep_sleep:` block silently set a 50 ms / 100 ms wake window, esphome/esphome issue #17238)
 * never hears a sender whose retransmissions keep a fixed phase with those windows. Random
 * waits move the phase on every attempt (alarm-field-facts §3.1, §4; ARCHITECTURE §6).
 *
 * Why a cap: an alarm is retransmitted for ever, so after an outage of any length the next
 * attempt comes at most `longestWaitMs` after the link returns.
 *
 * Source of the shape: Espressif's advice to retransmit on ack timeout (`esp_now.rst`) and the
 * esp-now component's 2, 4 … 64, 100 ms ack-wait backoff (`src/espnow/src/espnow.c`), with the
 * randomness that component lacks.
 */
import type { RandomU32 } from "../platform.ts";

/** How one kind of message is retransmitted until its ack arrives. */
export interface RetryPolicy {
  /** Wait for the ack after the first transmission (the first ack timeout), ms, integer 1 … `maxMs`. */
  initialMs: number;
  /** Cap on the nominal wait, ms, integer `initialMs` … `BACKOFF_LIMITS.maxWaitMs`. */
  maxMs: number;
  /** Growth of the nominal wait from one transmission to the next, finite, ≥ 1 (1 = constant waits). */
  factor: number;
  /** Jitter fraction, 0 ≤ jitter < 1: each wait is uniform within ± jitter × nominal. */
  jitter: number;
  /** Transmissions in all before giving up: an integer ≥ 1, or `Infinity` = never give up (alarms). */
  maxAttempts: number;
}

/** Bounds every policy keeps. */
export const BACKOFF_LIMITS = {
  /**
   * Largest `maxMs`, ms (2^29 ≈ 6.2 days): even with jitter (< 1) a wait stays under 2^30 ms,
   * well inside the 2^31 ms that wrap-safe tick arithmetic can compare (`ticks.ts`).
   */
  maxWaitMs: 0x2000_0000,
} as const;

/** Number of distinct values of a `RandomU32`: dividing by it maps one to [0, 1). */
const U32_RANGE = 0x1_0000_0000;

/**
 * Checks a retry policy.
 * @param policy the policy to check.
 * @param field the name to report, e.g. `"policies.alarm"`.
 * @throws TypeError when the policy is not an object or a field is not a number; RangeError
 *   naming `field.<name>` when a value is out of range (see `RetryPolicy` for the ranges).
 */
export function checkRetryPolicy(policy: RetryPolicy, field: string): void {
  if (policy === null || typeof policy !== "object") throw new TypeError(`${field} must be a RetryPolicy object`);
  for (const name of ["initialMs", "maxMs", "factor", "jitter", "maxAttempts"] as const) {
    if (typeof policy[name] !== "number" || Number.isNaN(policy[name])) {
      throw new TypeError(`${field}.${name} must be a number, got ${String(policy[name])}`);
    }
  }
  const { initialMs, maxMs, factor, jitter, maxAttempts } = policy;
  if (!Number.isInteger(maxMs) || maxMs < 1 || maxMs > BACKOFF_LIMITS.maxWaitMs) {
    throw new RangeError(`${field}.maxMs must be an integer 1…${BACKOFF_LIMITS.maxWaitMs} ms, got ${maxMs}`);
  }
  if (!Number.isInteger(initialMs) || initialMs < 1 || initialMs > maxMs) {
    throw new RangeError(`${field}.initialMs must be an integer 1…maxMs (${maxMs}) ms, got ${initialMs}`);
  }
  if (!Number.isFinite(factor) || factor < 1) {
    throw new RangeError(`${field}.factor must be finite and ≥ 1, got ${factor}`);
  }
  if (!(jitter >= 0 && jitter < 1)) {
    throw new RangeError(`${field}.jitter must be ≥ 0 and < 1, got ${jitter}`);
  }
  if (maxAttempts !== Infinity && (!Number.isInteger(maxAttempts) || maxAttempts < 1)) {
    throw new RangeError(`${field}.maxAttempts must be an integer ≥ 1 or Infinity, got ${maxAttempts}`);
  }
}

/**
 * The nominal wait after the `attempt`-th transmission, before jitter, ms.
 * @param policy a checked policy.
 * @param attempt transmissions made so far, integer ≥ 1.
 * @returns min(maxMs, initialMs × factor^(attempt − 1)).
 */
export function nominalWaitMs(policy: RetryPolicy, attempt: number): number {
  // factor^(attempt−1) overflows to Infinity for large attempts, which min() turns into maxMs.
  return Math.min(policy.maxMs, policy.initialMs * Math.pow(policy.factor, attempt - 1));
}

/**
 * The wait after the `attempt`-th transmission before the next one (or before giving up), ms:
 * the nominal wait spread uniformly by ± jitter, rounded to a whole ms, at least 1 ms.
 * Draws one value from `random`.
 * @param policy a checked policy.
 * @param attempt transmissions made so far, integer ≥ 1.
 * @param random a uniform 32-bit source (the device's hardware RNG, or a seeded one).
 */
export function retransmissionWaitMs(policy: RetryPolicy, attempt: number, random: RandomU32): number {
  const nominal = nominalWaitMs(policy, attempt);
  const u = (random() >>> 0) / U32_RANGE;
  const wait = Math.round(nominal * (1 + policy.jitter * (2 * u - 1)));
  return wait < 1 ? 1 : wait;
}

/** The longest wait the policy can produce, ms: ⌈maxMs × (1 + jitter)⌉. */
export function longestWaitMs(policy: RetryPolicy): number {
  return Math.ceil(policy.maxMs * (1 + policy.jitter));
}
