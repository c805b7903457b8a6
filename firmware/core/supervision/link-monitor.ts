/**
 * The caller's view of its link: `fault` when it can no longer get its messages acknowledged by
 * its receiver, `ok` again once it can. Reported as `link_fault` / `link_ok` (ARCHITECTURE §3)
 * and shown on the caller's LED.
 *
 * Inputs, from the link's callbacks:
 * - `delivered(now)`: an app-level ack arrived (any kind): a round trip works.
 * - `failed(now)`: a heartbeat was given up (all its transmissions went unacked, or a newer one
 *   replaced it). Alarms never give up, so they never count here.
 * - `heard(now)`: any authenticated frame from the receiver; feeds the optional silence rule.
 *
 * Rules, chosen so that ordinary loss never flaps the state (arithmetic in `README.md`):
 * - ok → fault after `failuresToFault` heartbeats in a row failed with no ack in between
 *   (default 3: at 20 % loss both ways one heartbeat fails with p ≈ 0.36^6 ≈ 0.0022, three in a
 *   row ≈ 1e-8, about once a century per caller);
 * - ok → fault, optionally, when nothing at all was heard for `silenceMs` (off by default);
 * - fault → ok after `deliveriesToRecover` acks with no failure in between (default 1).
 *
 * Passive: each input returns the change it caused ("fault" / "ok") or undefined; with the
 * silence rule on, call `poll(now)` at `nextDeadline()`.
 */
import { type Ticks, ticksAdd, ticksReached } from "../ticks.ts";

/** The caller's link state. */
export type LinkState = "ok" | "fault";

/** Options of a `LinkMonitor`. All optional. */
export interface LinkMonitorOptions {
  /** Heartbeats failed in a row (no ack between) that make a fault, integer 1 … 100. Default 3. */
  failuresToFault?: number;
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
  failuresToFault: 3,
  deliveriesToRecover: 1,
  silenceMs: Infinity,
} as const;

const COUNT_MAX = 100;
const SILENCE_LIMITS = { min: 1000, max: 0x4000_0000 } as const;

/** Decides link fault / link ok from acks and failures, without flapping. */
export class LinkMonitor {
  readonly #failuresToFault: number;
  readonly #deliveriesToRecover: number;
  readonly #silenceMs: number;
  #state: LinkState = "ok";
  #failures = 0;
  #deliveries = 0;
  #lastHeard: Ticks | undefined;

  /** @throws RangeError naming the field when a value is out of range. */
  constructor(options: LinkMonitorOptions = {}) {
    const o = {
      failuresToFault: options.failuresToFault ?? LINK_MONITOR_DEFAULTS.failuresToFault,
      deliveriesToRecover: options.deliveriesToRecover ?? LINK_MONITOR_DEFAULTS.deliveriesToRecover,
      silenceMs: options.silenceMs ?? LINK_MONITOR_DEFAULTS.silenceMs,
      startAt: options.startAt,
    };
    for (const field of ["failuresToFault", "deliveriesToRecover"] as const) {
      const v = o[field];
      if (!Number.isInteger(v) || v < 1 || v > COUNT_MAX) throw new RangeError(`${field} must be an integer 1…${COUNT_MAX}, got ${v}`);
    }
    if (o.silenceMs !== Infinity && (!Number.isInteger(o.silenceMs) || o.silenceMs < SILENCE_LIMITS.min || o.silenceMs > SILENCE_LIMITS.max)) {
      throw new RangeError(`silenceMs must be an integer ${SILENCE_LIMITS.min}…${SILENCE_LIMITS.max} ms or Infinity, got ${o.silenceMs}`);
    }
    if (o.startAt !== undefined && (!Number.isInteger(o.startAt) || o.startAt < 0 || o.startAt > 0xffff_ffff)) {
      throw new RangeError(`startAt must be a tick (integer 0…2^32−1), got ${o.startAt}`);
    }
    this.#failuresToFault = o.failuresToFault;
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

  /** Heartbeats failed in a row since the last ack. */
  get consecutiveFailures(): number {
    return this.#failures;
  }

  /** An authenticated frame from the receiver arrived. Never changes the state by itself. */
  heard(now: Ticks): undefined {
    this.#lastHeard = now;
    return undefined;
  }

  /** An ack from the receiver arrived. @returns "ok" when this ends a fault. */
  delivered(now: Ticks): "ok" | undefined {
    this.#lastHeard = now;
    this.#failures = 0;
    if (this.#state === "ok") return undefined;
    this.#deliveries += 1;
    if (this.#deliveries < this.#deliveriesToRecover) return undefined;
    this.#state = "ok";
    this.#deliveries = 0;
    return "ok";
  }

  /** A heartbeat was given up. @returns "fault" when this starts a fault. */
  failed(now: Ticks): "fault" | undefined {
    if (this.#lastHeard === undefined) this.#lastHeard = now;
    this.#deliveries = 0;
    this.#failures += 1;
    if (this.#state === "fault" || this.#failures < this.#failuresToFault) return undefined;
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
