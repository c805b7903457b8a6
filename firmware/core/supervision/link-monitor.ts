/**
 * The caller's view of its link: `fault` when it can no longer get its messages acknowledged by
 * its receiver, `ok` again once it can. Reported as `link_fault` / `link_ok` (ARCHITECTURE §3)
 * and shown on the caller's LED.
 *
 * Inputs, from the link's callbacks:
 * - `attempted(now)`: a heartbeat transmission is about to go (the link's `onAttempt`). Every
 *   earlier transmission since the last ack has had its ack wait run out (the link retransmits
 *   only then) or was cut short by a newer heartbeat: all of them are unanswered.
 * - `delivered(now)`: an app-level ack arrived (any kind): a round trip works.
 * - `failed(now)`: a heartbeat was given up after its last transmission's ack wait. A heartbeat
 *   superseded by a newer one is not passed here: its transmissions are already counted, and the
 *   newer one's first transmission carries the count on (counting a superseded heartbeat as a
 *   failure made short heartbeat periods fault on ordinary loss; ignoring its transmissions would
 *   make them never fault). Alarms never give up and are not counted.
 * - `heard(now)`: any authenticated frame from the receiver; feeds the optional silence rule.
 *
 * Rules, chosen so that ordinary loss never flaps the state, whatever the heartbeat period
 * (arithmetic in `README.md`):
 * - ok → fault once `attemptsToFault` heartbeat transmissions in a row went unanswered (no ack
 *   in between), checked at the next transmission and at a give-up (default 36: at 30 % loss
 *   both ways one round trip fails with r = 0.51, 36 in a row with r^36 ≈ 3 × 10⁻¹¹; even at the
 *   shortest accepted period, 1 s, that is ≈ 2 × 10⁻⁶ false faults per caller-day);
 * - ok → fault, optionally, when nothing at all was heard for `silenceMs` (off by default);
 * - fault → ok after `deliveriesToRecover` acks with no failure in between (default 1).
 *
 * Passive: each input returns the change it caused ("fault" / "ok") or undefined; with the
 * silence rule on, call `poll(now)` at `nextDeadline()`.
 */
import { type Ticks, checkTicks, ticksAdd, ticksReached } from "../ticks.ts";

/** The caller's link state. */
export type LinkState = "ok" | "fault";

/** Options of a `LinkMonitor`. All optional. */
export interface LinkMonitorOptions {
  /**
   * Unanswered heartbeat transmissions in a row (no ack between) that make a fault, integer
   * 1 … 1000. Default 36 (six heartbeats of six transmissions at the default period).
   */
  attemptsToFault?: number;
  /** Acks in a row (no failure between) that end a fault, integer 1 … 100. Default 1. */
  deliveriesToRecover?: number;
  /**
   * Silence from the receiver that makes a fault, ms: an integer 1000 … 2^30, or Infinity = no
   * silence rule (default). If used, set it to several heartbeat periods plus the heartbeat's
   * retransmission span (e.g. 150000 with 30 s heartbeats), or loss alone will trip it.
   */
  silenceMs?: number;
  /** Tick the silence rule starts counting from; default the first input. */
  startAt?: Ticks;
}

/** Defaults of `LinkMonitorOptions` (see `README.md`). */
export const LINK_MONITOR_DEFAULTS = {
  attemptsToFault: 36,
  deliveriesToRecover: 1,
  silenceMs: Infinity,
} as const;

const COUNT_MAX = 100;
const ATTEMPTS_MAX = 1000;
const SILENCE_LIMITS = { min: 1000, max: 0x4000_0000 } as const;

/** Decides link fault / link ok from acks and failures, without flapping. */
export class LinkMonitor {
  readonly #attemptsToFault: number;
  readonly #deliveriesToRecover: number;
  readonly #silenceMs: number;
  #state: LinkState = "ok";
  #unanswered = 0;
  #deliveries = 0;
  #lastHeard: Ticks | undefined;

  /** @throws RangeError naming the field when a value is out of range. */
  constructor(options: LinkMonitorOptions = {}) {
    const o = {
      attemptsToFault: options.attemptsToFault ?? LINK_MONITOR_DEFAULTS.attemptsToFault,
      deliveriesToRecover: options.deliveriesToRecover ?? LINK_MONITOR_DEFAULTS.deliveriesToRecover,
      silenceMs: options.silenceMs ?? LINK_MONITOR_DEFAULTS.silenceMs,
      startAt: options.startAt,
    };
    if (!Number.isInteger(o.attemptsToFault) || o.attemptsToFault < 1 || o.attemptsToFault > ATTEMPTS_MAX) {
      throw new RangeError(`attemptsToFault must be an integer 1…${ATTEMPTS_MAX}, got ${o.attemptsToFault}`);
    }
    if (!Number.isInteger(o.deliveriesToRecover) || o.deliveriesToRecover < 1 || o.deliveriesToRecover > COUNT_MAX) {
      throw new RangeError(`deliveriesToRecover must be an integer 1…${COUNT_MAX}, got ${o.deliveriesToRecover}`);
    }
    if (o.silenceMs !== Infinity && (!Number.isInteger(o.silenceMs) || o.silenceMs < SILENCE_LIMITS.min || o.silenceMs > SILENCE_LIMITS.max)) {
      throw new RangeError(`silenceMs must be an integer ${SILENCE_LIMITS.min}…${SILENCE_LIMITS.max} ms or Infinity, got ${o.silenceMs}`);
    }
    if (o.startAt !== undefined) checkTicks(o.startAt, "startAt");
    this.#attemptsToFault = o.attemptsToFault;
    this.#deliveriesToRecover = o.deliveriesToRecover;
    this.#silenceMs = o.silenceMs;
    this.#lastHeard = o.startAt;
  }

  /** The current state. */
  get state(): LinkState {
    return this.#state;
  }

  /** True while in fault. */
  get faulted(): boolean {
    return this.#state === "fault";
  }

  /** Heartbeat transmissions made since the last ack (all unanswered, or awaiting an answer). */
  get unansweredAttempts(): number {
    return this.#unanswered;
  }

  /** An authenticated frame from the receiver arrived. Never changes the state by itself. */
  heard(now: Ticks): undefined {
    this.#lastHeard = now;
    return undefined;
  }

  /** An ack from the receiver arrived. @returns "ok" when this ends a fault. */
  delivered(now: Ticks): "ok" | undefined {
    this.#lastHeard = now;
    this.#unanswered = 0;
    if (this.#state === "ok") return undefined;
    this.#deliveries += 1;
    if (this.#deliveries < this.#deliveriesToRecover) return undefined;
    this.#state = "ok";
    this.#deliveries = 0;
    return "ok";
  }

  /**
   * A heartbeat transmission is about to go: every transmission since the last ack is unanswered.
   * @returns "fault" when they are `attemptsToFault` or more and this starts a fault.
   */
  attempted(now: Ticks): "fault" | undefined {
    const change = this.#judge(now);
    this.#unanswered += 1;
    return change;
  }

  /**
   * A heartbeat was given up after its last transmission's ack wait (not when superseded).
   * @returns "fault" when the unanswered transmissions are `attemptsToFault` or more and this
   *   starts a fault.
   */
  failed(now: Ticks): "fault" | undefined {
    return this.#judge(now);
  }

  #judge(now: Ticks): "fault" | undefined {
    if (this.#lastHeard === undefined) this.#lastHeard = now;
    if (this.#unanswered > 0) this.#deliveries = 0;
    if (this.#state === "fault" || this.#unanswered < this.#attemptsToFault) return undefined;
    this.#state = "fault";
    return "fault";
  }

  /** Applies the silence rule. @returns "fault" when silence starts a fault. */
  poll(now: Ticks): "fault" | undefined {
    const deadline = this.nextDeadline();
    if (deadline === undefined || !ticksReached(now, deadline)) return undefined;
    this.#state = "fault";
    this.#deliveries = 0;
    return "fault";
  }

  /** When silence would make a fault; undefined when the rule is off, unarmed, or in fault. */
  nextDeadline(): Ticks | undefined {
    if (this.#state === "fault" || this.#silenceMs === Infinity || this.#lastHeard === undefined) return undefined;
    return ticksAdd(this.#lastHeard, this.#silenceMs);
  }
}

/**
 * The longest time from the receiver vanishing to the caller's `link_fault`, ms, for a heartbeat
 * period and retry policy (the "documented time" of `README.md`; tests and the bench check it).
 *
 * The heartbeat in flight when the receiver goes started before; the next starts ≤ Pmax =
 * period × (1 + jitter) after it, so heartbeat m after the vanishing starts ≤ m × Pmax after it.
 * Each heartbeat makes at least `a` transmissions: those whose latest start (every earlier wait
 * at its longest, nominal × (1 + policy jitter)) falls before the shortest period
 * Pmin = period × (1 − jitter), at least 1, at most `maxAttempts`. After m = ⌈attemptsToFault / a⌉
 * heartbeats the count is reached, and it is checked at that heartbeat's give-up (when it makes
 * all its transmissions and gives up within Pmin: its last wait ends ≤ the sum of every wait at
 * its longest) or else at the next heartbeat's first transmission (≤ Pmax later).
 * Default settings: a = 6, m = 6, 6 × 33 s + 18.75 s = 216.75 s.
 *
 * @param periodMs heartbeat period, ms (`HeartbeatSchedule` periodMs).
 * @param jitter heartbeat jitter fraction (`HeartbeatSchedule` jitter).
 * @param policy the heartbeat's retry policy (`LINK_DEFAULTS.heartbeat`); finite `maxAttempts`.
 * @param attemptsToFault the monitor's `attemptsToFault`.
 * @returns the bound, ms.
 */
export function linkFaultBoundMs(periodMs: number, jitter: number, policy: { initialMs: number; maxMs: number; factor: number; jitter: number; maxAttempts: number }, attemptsToFault: number = LINK_MONITOR_DEFAULTS.attemptsToFault): number {
  const pMax = periodMs * (1 + jitter);
  const pMin = periodMs * (1 - jitter);
  const longestWait = (n: number) => Math.min(policy.maxMs, policy.initialMs * Math.pow(policy.factor, n - 1)) * (1 + policy.jitter);
  let a = 1;
  let start = 0;
  while (a < policy.maxAttempts && start + longestWait(a) < pMin) start += longestWait(a++);
  const giveUp = start + longestWait(a);
  const m = Math.ceil(attemptsToFault / a);
  const last = a === policy.maxAttempts && giveUp <= pMin ? giveUp : pMax;
  // Rounded to µs first: 3600000 × 1.1 is 3960000.0000000005 in binary floating point.
  return Math.ceil(Math.round((m * pMax + last) * 1000) / 1000);
}
