/**
 * Silence checkpoints: how long each silent caller has been silent, kept across a reboot of the
 * post, so that a post in a boot loop still reports a dead caller.
 *
 * Without them every boot restarts each caller's timeout: a post whose power fails every 90 s
 * (a loose plug, a failing adapter, a grid that trips) never reports a caller that died during
 * the loop (adversarial review of issue 10: reported an hour late). With them, a caller silent
 * for at least `fromFraction` of its timeout has its silence written every `periodMs`; after a
 * reboot that silence counts against it (`LivenessTable.restoreSilence`).
 *
 * Bound: a dead caller is reported at most `timeoutMs` + (for each post reboot during its
 * silence: the post's downtime, its boot time and one `periodMs`) after its last frame. The post
 * has no clock that runs while it is off, so downtime cannot be counted.
 *
 * Flash wear: nothing is written while every caller is heard within half its timeout (at 20 %
 * loss a heartbeat is missed outright with p ≈ 6.4 × 10⁻⁵, `README.md`), except in the first
 * seconds after a boot, before each caller's first heartbeat (about 3 writes). A dead caller costs
 * about `(1 − fromFraction) × timeoutMs / periodMs` writes (6 at the defaults), then one more
 * when it goes offline or is heard again (its checkpoint is dropped, so a caller heard after a
 * checkpoint is never reported early after a reboot).
 *
 * Passive (STYLE rule 7): `nextDeadline` and `due` say when and what to write; the app writes.
 */
import { earliest, ticksAdd, ticksReached, type Ticks } from "../ticks.ts";
import type { LivenessTable } from "./liveness.ts";

/** One caller's silence, as written to the store. */
export interface Silence {
  /** The caller's node id, u32. */
  peer: number;
  /** How long it had been silent when written, ms. */
  silentMs: number;
}

/** Options of `SilenceCheckpoints`. */
export interface SilenceCheckpointOptions {
  /** Time between two writes while some caller is silent past the threshold, ms, 1000…600000. Default 10000. */
  periodMs: number;
  /** A caller's silence is kept once it reaches this fraction of its timeout, 0.1…0.9. Default 0.5. */
  fromFraction: number;
}

/** Defaults of `SilenceCheckpointOptions`: 10 s, from half the timeout (60 s at the default 120 s). */
export const SILENCE_CHECKPOINT_DEFAULTS: SilenceCheckpointOptions = { periodMs: 10_000, fromFraction: 0.5 };

/** When to write which silences. */
export class SilenceCheckpoints {
  readonly #table: LivenessTable;
  readonly #periodMs: number;
  readonly #fraction: number;
  /** The callers in the last record written. */
  #written = new Set<number>();
  /** When the last record was written, or undefined before the first. */
  #writtenAt: Ticks | undefined;
  /** After a failed write: nothing is due before this tick (no busy retry on a dead flash). */
  #notBefore: Ticks | undefined;

  /** @throws RangeError naming `periodMs` or `fromFraction` when out of range. */
  constructor(table: LivenessTable, options?: Partial<SilenceCheckpointOptions>) {
    const o = { ...SILENCE_CHECKPOINT_DEFAULTS, ...options };
    if (!Number.isInteger(o.periodMs) || o.periodMs < 1000 || o.periodMs > 600_000) throw new RangeError(`periodMs must be an integer 1000…600000 ms, got ${o.periodMs}`);
    if (!(o.fromFraction >= 0.1 && o.fromFraction <= 0.9)) throw new RangeError(`fromFraction must be 0.1…0.9, got ${o.fromFraction}`);
    this.#table = table;
    this.#periodMs = o.periodMs;
    this.#fraction = o.fromFraction;
  }

  /** The silence (ms) from which a caller's silence is kept: 0 for one not heard since the boot. */
  #threshold(s: { timeoutMs: number; heard: boolean }): number {
    return this.#thresholdOf(s.timeoutMs, s.heard);
  }

  /** `#threshold` of a caller with timeout `timeoutMs` (ms), heard since the boot or not. */
  #thresholdOf(timeoutMs: number, heard: boolean): number {
    return heard ? Math.ceil(timeoutMs * this.#fraction) : 0;
  }

  /** The silences worth keeping at `now`: callers not offline, silent at least the threshold. */
  #current(now: Ticks): Silence[] {
    return this.#table
      .silences(now)
      .filter((s) => s.silentMs > 0 && s.silentMs >= this.#threshold(s))
      .map((s) => ({ peer: s.peer, silentMs: s.silentMs }));
  }

  /**
   * The earliest tick a record is due: when a caller's silence reaches the threshold, one period
   * after the last write while some caller is past it, or at once when a caller in the last
   * record was heard or went offline. Undefined when nothing is due.
   */
  nextDeadline(now: Ticks): Ticks | undefined {
    const next = this.#nextDeadline(now);
    if (next === undefined || this.#notBefore === undefined || ticksReached(next, this.#notBefore)) return next;
    return this.#notBefore;
  }

  #nextDeadline(now: Ticks): Ticks | undefined {
    if (this.#written.size > 0) {
      // Only when the last record named someone (usually nobody: this runs at every step of the
      // receiver, issue 15 §3, so the usual case below builds no list).
      const silences = this.#table.silences(now);
      const live = new Set(silences.map((s) => s.peer));
      for (const peer of this.#written) {
        // Heard again (its silence restarted below the threshold) or offline (not listed): drop it.
        const s = silences.find((x) => x.peer === peer);
        if (!live.has(peer) || (s !== undefined && s.silentMs < this.#threshold(s))) return now;
      }
    }
    let next: Ticks | undefined;
    const writtenAt = this.#writtenAt;
    this.#table.forEachSilence(now, (_peer, silentMs, timeoutMs, heard) => {
      // When its silence reached (or reaches) the threshold, but not before a period has passed
      // since the last write.
      let at = ticksAdd(now, this.#thresholdOf(timeoutMs, heard) - silentMs);
      if (writtenAt !== undefined && ticksReached(ticksAdd(writtenAt, this.#periodMs), at)) at = ticksAdd(writtenAt, this.#periodMs);
      next = earliest(next, at);
    });
    return next;
  }

  /**
   * The record to write at `now` (possibly empty: the last one is void). The caller writes it and
   * then calls `written`; a failed write is simply tried again at the next deadline.
   */
  due(now: Ticks): Silence[] {
    return this.#current(now);
  }

  /** The record returned by `due(now)` was written at `now`. */
  written(record: readonly Silence[], now: Ticks): void {
    this.#written = new Set(record.map((s) => s.peer));
    this.#writtenAt = now;
    this.#notBefore = undefined;
  }

  /** Writing the record failed at `now`: try again one period later. */
  failed(now: Ticks): void {
    this.#notBefore = ticksAdd(now, this.#periodMs);
  }
}
