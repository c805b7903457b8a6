/**
 * A virtual-time run loop for passive core state machines (STYLE rule 7): it keeps the
 * simulator's event queue (`tools/sim/clock.ts`, not a copy of it) and a set of participants
 * that expose `nextDeadline()` / `poll(now)`, and always jumps straight to the next thing that
 * happens. No wall clock anywhere.
 *
 * Time is kept twice: `elapsedMs` (a plain number from 0, for the test's bookkeeping) and `now`
 * (the device's 32-bit tick, `startTicks + elapsedMs` wrapped), so a run can start near 2^32 and
 * wrap in the middle.
 */
import { type Ticks, ticksAdd, ticksDiff } from "../../../firmware/core/ticks.ts";
import { EventQueue } from "../../../tools/sim/clock.ts";

/** A passive state machine the loop drives. */
export interface Participant {
  nextDeadline(): Ticks | undefined;
  poll(now: Ticks): void;
}

/** Steps at one instant after which the loop decides a participant is spinning. */
const MAX_STEPS_PER_INSTANT = 100_000;

/** µs of the simulator's event queue per ms of this loop. */
const US_PER_MS = 1000;

export class VirtualLoop {
  readonly startTicks: Ticks;
  /** The simulator's event queue (`tools/sim/clock.ts`): the one virtual clock and ordering. */
  readonly #queue = new EventQueue();
  readonly #participants = new Set<Participant>();

  constructor(startTicks: Ticks = 0) {
    this.startTicks = startTicks >>> 0;
  }

  /** Virtual ms since the start. */
  get elapsedMs(): number {
    return this.#queue.nowUs / US_PER_MS;
  }

  /** The current device tick. */
  get now(): Ticks {
    return ticksAdd(this.startTicks, this.elapsedMs);
  }

  /** The device tick at `elapsedMs`. */
  ticksAt(elapsedMs: number): Ticks {
    return ticksAdd(this.startTicks, elapsedMs);
  }

  /** Elapsed ms of a tick that lies within 2^31 ms of now. */
  elapsedOf(tick: Ticks): number {
    return this.elapsedMs + ticksDiff(tick, this.now);
  }

  add(p: Participant): void {
    this.#participants.add(p);
  }

  remove(p: Participant): void {
    this.#participants.delete(p);
  }

  /** Runs `run(now)` at `elapsedMs` (not before now). Events at one instant run in order of scheduling. */
  at(elapsedMs: number, run: (now: Ticks) => void): void {
    const atMs = Math.max(Math.round(elapsedMs), this.elapsedMs);
    this.#queue.at(atMs * US_PER_MS, () => run(this.now));
  }

  /** Runs `run(now)` `delayMs` from now. */
  after(delayMs: number, run: (now: Ticks) => void): void {
    this.at(this.elapsedMs + delayMs, run);
  }

  /**
   * Runs until `elapsedMs` (inclusive of everything due at it), or until `stop()` returns true.
   * At one instant, queued events run before participants due then.
   */
  runUntil(endElapsedMs: number, stop?: () => boolean): void {
    const queue = this.#queue;
    let steps = 0;
    let instant = -1;
    const due: Participant[] = [];
    for (;;) {
      if (stop?.()) return;
      // One nextDeadline() per participant per step: the earliest time, and who is due then.
      const elapsed = this.elapsedMs;
      const nowTicks = this.now;
      const queuedUs = queue.nextAtUs();
      let next = queuedUs === undefined ? Infinity : queuedUs / US_PER_MS;
      due.length = 0;
      for (const p of this.#participants) {
        const d = p.nextDeadline();
        if (d === undefined) continue;
        const t = elapsed + Math.max(0, ticksDiff(d, nowTicks));
        if (t < next) {
          next = t;
          due.length = 0;
        }
        if (t === next) due.push(p);
      }
      if (next === Infinity || next > endElapsedMs) {
        if (endElapsedMs > elapsed) queue.runUntil(endElapsedMs * US_PER_MS);
        return;
      }
      if (next === instant) {
        if (++steps > MAX_STEPS_PER_INSTANT) throw new Error(`virtual loop spinning at ${next} ms`);
      } else {
        instant = next;
        steps = 0;
      }
      if (queuedUs !== undefined && queuedUs <= next * US_PER_MS) {
        // The queued events due now (and those they queue for now), before the participants.
        queue.runUntil(queuedUs);
        continue;
      }
      if (next > elapsed) queue.runUntil(next * US_PER_MS);
      const now = this.now;
      for (const p of due.splice(0)) if (this.#participants.has(p)) p.poll(now);
    }
  }
}
