/**
 * The receiver's supervision table: for each caller, when it was last heard, and whether it is
 * online or offline.
 *
 * Any authenticated frame from a caller counts as heard: heartbeats, alarms, acks, even
 * duplicates (a retransmission proves the caller is alive as well as the original does). Frames
 * that fail authentication or the replay check never reach this table, so a forged or replayed
 * frame cannot keep a dead caller "online" (ARCHITECTURE §1).
 *
 * States: `unknown` from `watch` (the receiver's boot) until first heard; `online` once heard;
 * `offline` when nothing was heard for `timeoutMs` (from the last frame heard, or from `watch`
 * for a caller never heard). A caller heard again is `online` at once. A dead caller is thus
 * reported offline at exactly `lastHeard + timeoutMs`, when `poll` runs at `nextDeadline()`.
 *
 * Default timeout 120 s, with heartbeats every 30 s: derivation and field figures in `README.md`
 * (Ajax: 18 min by default, 36 s at the least; EN 50131 grade 2: ≤ 2 h).
 *
 * Passive (STYLE rule 7): `heard` and `poll` return the changes; the app reports them
 * (`caller_online` / `caller_offline`, ARCHITECTURE §3).
 */
import { type Ticks, checkTicks, earliest, ticksAdd, ticksDiff, ticksReached } from "../ticks.ts";

/** A caller's supervision state. */
export type LivenessState = "unknown" | "online" | "offline";

/** A caller that has just gone offline, as `poll` reports it. */
export interface OfflineChange {
  peer: number;
  state: "offline";
  /** Tick the caller was last heard, or undefined if never since `watch`. */
  lastHeard: Ticks | undefined;
  /** The deadline that passed: `lastHeard` (or the watch tick) + the timeout. */
  deadline: Ticks;
  /** Silence at the moment of the report, ms: the timeout, plus any lateness of `poll`. */
  silentMs: number;
}

/** One row of the table, as `entries()` reports it. */
export interface LivenessEntry {
  readonly peer: number;
  readonly state: LivenessState;
  readonly lastHeard: Ticks | undefined;
  readonly timeoutMs: number;
}

/** Options of a `LivenessTable`. */
export interface LivenessTableOptions {
  /** The tick supervision starts (the receiver's boot): callers in `peers` are watched from it. */
  startAt: Ticks;
  /** Callers to watch from `startAt` (node ids). Default none; add more with `watch`. */
  peers?: readonly number[];
  /**
   * Silence after which a caller is offline, ms, integer 1000 … 7200000 (EN 50131 grade 2
   * requires a missing device reported within 2 h). Default 120000. Must exceed the heartbeat
   * period by several periods: see `README.md`.
   */
  timeoutMs?: number;
}

/** Defaults of `LivenessTableOptions`. */
export const LIVENESS_DEFAULTS = {
  /** 120 s: four 30 s heartbeats; a false offline needs three heartbeats lost outright (README.md). */
  timeoutMs: 120_000,
} as const;

/** Accepted range of `timeoutMs`: up to EN 50131 grade 2's 2 h. */
const TIMEOUT_LIMITS = { min: 1000, max: 7_200_000 } as const;

interface Row {
  state: LivenessState;
  lastHeard: Ticks | undefined;
  /** When the caller goes offline unless heard; meaningless while offline. */
  deadline: Ticks;
  timeoutMs: number;
}

/** The supervision table. */
export class LivenessTable {
  readonly #timeoutMs: number;
  readonly #rows = new Map<number, Row>();

  /**
   * @throws RangeError naming `timeoutMs` when out of range, `startAt` when not a tick, or
   *   `peers` when an id is not a u32.
   */
  constructor(options: LivenessTableOptions) {
    const o = {
      startAt: options.startAt,
      peers: options.peers,
      timeoutMs: options.timeoutMs ?? LIVENESS_DEFAULTS.timeoutMs,
    };
    this.#timeoutMs = checkTimeout(o.timeoutMs, "timeoutMs");
    checkTicks(o.startAt, "startAt");
    for (const peer of o.peers ?? []) this.watch(peer, o.startAt);
  }

  /**
   * Starts supervising a caller (state `unknown`; offline after the timeout unless heard).
   * Watching a caller already watched changes nothing.
   * @param peer the caller's node id, u32.
   * @param now the current tick.
   * @param timeoutMs this caller's timeout, ms; default the table's.
   * @throws RangeError for a peer that is not a u32 or a timeout out of range.
   */
  watch(peer: number, now: Ticks, timeoutMs?: number): void {
    if (!Number.isInteger(peer) || peer < 0 || peer > 0xffff_ffff) throw new RangeError(`peers: ${peer} is not a u32 node id`);
    const timeout = timeoutMs === undefined ? this.#timeoutMs : checkTimeout(timeoutMs, "timeoutMs");
    if (this.#rows.has(peer)) return;
    this.#rows.set(peer, { state: "unknown", lastHeard: undefined, deadline: ticksAdd(now, timeout), timeoutMs: timeout });
  }

  /**
   * Marks a watched caller offline without a report: the receiver knew it offline before a
   * reboot (a power blip must not forget it, nor report the same death again one timeout
   * later). It stays offline until heard. Unwatched callers are ignored.
   */
  restoreOffline(peer: number): void {
    const row = this.#rows.get(peer);
    if (row !== undefined && row.state === "unknown") row.state = "offline";
  }

  /**
   * How long each caller that is not offline has been silent at `now`, ms: since it was last
   * heard, or since it was watched (plus any silence restored by `restoreSilence`); `heard` is
   * false for a caller not heard since it was watched. For `SilenceCheckpoints`.
   */
  silences(now: Ticks): Array<{ peer: number; silentMs: number; timeoutMs: number; heard: boolean }> {
    const out: Array<{ peer: number; silentMs: number; timeoutMs: number; heard: boolean }> = [];
    this.forEachSilence(now, (peer, silentMs, timeoutMs, heard) => out.push({ peer, silentMs, timeoutMs, heard }));
    return out;
  }

  /**
   * `silences(now)` one caller at a time, in the same order, without building a list: the
   * post's silence checkpoints ask at every step of the receiver (issue 15 §3: an object per
   * caller per step was a quarter of the simulator's garbage).
   * @param visit called once per caller that is not offline, with its node id, its silence at
   *   `now` (ms, ≥ 0), its timeout (ms) and whether it was heard since it was watched.
   */
  forEachSilence(now: Ticks, visit: (peer: number, silentMs: number, timeoutMs: number, heard: boolean) => void): void {
    // `Map.forEach`, not `for (const [peer, row] of …)`: no [key, value] pair made per row.
    this.#rows.forEach((row, peer) => {
      if (row.state !== "offline") visit(peer, Math.max(0, row.timeoutMs - ticksDiff(row.deadline, now)), row.timeoutMs, row.state === "online");
    });
  }

  /**
   * Counts `silentMs` of silence kept from before a reboot (a silence checkpoint) against a
   * caller not heard since the boot: it goes offline `timeoutMs − silentMs` after `now` unless
   * heard. Callers heard or offline already, or not watched, are left alone.
   * @param silentMs ms, integer ≥ 0 (a larger value than the timeout reports it at the next poll).
   * @throws RangeError for a negative or non-integer `silentMs`.
   */
  restoreSilence(peer: number, silentMs: number, now: Ticks): void {
    if (!Number.isInteger(silentMs) || silentMs < 0) throw new RangeError(`silentMs must be an integer ≥ 0, got ${silentMs}`);
    const row = this.#rows.get(peer);
    if (row === undefined || row.state !== "unknown") return;
    row.deadline = ticksAdd(now, Math.max(0, row.timeoutMs - silentMs));
  }

  /** Stops supervising a caller. */
  unwatch(peer: number): void {
    this.#rows.delete(peer);
  }

  /**
   * An authenticated frame from `peer` arrived.
   * @returns "online" when the caller has just become online (it was unknown or offline);
   *   undefined when it was online already, or is not watched.
   */
  heard(peer: number, now: Ticks): "online" | undefined {
    const row = this.#rows.get(peer);
    if (row === undefined) return undefined;
    row.lastHeard = now;
    row.deadline = ticksAdd(now, row.timeoutMs);
    if (row.state === "online") return undefined;
    row.state = "online";
    return "online";
  }

  /**
   * Marks offline every caller whose deadline has passed.
   * @returns the callers that have just gone offline (empty when none).
   */
  poll(now: Ticks): readonly OfflineChange[] {
    const changes: OfflineChange[] = [];
    for (const [peer, row] of this.#rows) {
      if (row.state === "offline" || !ticksReached(now, row.deadline)) continue;
      row.state = "offline";
      changes.push({
        peer,
        state: "offline",
        lastHeard: row.lastHeard,
        deadline: row.deadline,
        silentMs: row.timeoutMs + ticksDiff(now, row.deadline),
      });
    }
    return changes;
  }

  /** The earliest tick a caller can go offline, or undefined when none is online or unknown. */
  nextDeadline(): Ticks | undefined {
    let next: Ticks | undefined;
    for (const row of this.#rows.values()) if (row.state !== "offline") next = earliest(next, row.deadline);
    return next;
  }

  /** A caller's state, or undefined when it is not watched. */
  state(peer: number): LivenessState | undefined {
    return this.#rows.get(peer)?.state;
  }

  /** Every watched caller, for status displays and retained availability messages. */
  entries(): readonly LivenessEntry[] {
    const out: LivenessEntry[] = [];
    for (const [peer, row] of this.#rows) out.push({ peer, state: row.state, lastHeard: row.lastHeard, timeoutMs: row.timeoutMs });
    return out;
  }
}

function checkTimeout(value: number, field: string): number {
  if (!Number.isInteger(value) || value < TIMEOUT_LIMITS.min || value > TIMEOUT_LIMITS.max) {
    throw new RangeError(`${field} must be an integer ${TIMEOUT_LIMITS.min}…${TIMEOUT_LIMITS.max} ms, got ${value}`);
  }
  return value;
}
