/**
 * A virtual-time run loop for passive core state machines (STYLE rule 7): it keeps an event
 * queue and a set of participants that expose `nextDeadline()` / `poll(now)`, and always jumps
 * straight to the next thing that happens. No wall clock anywhere.
 *
 * Time is kept twice: `elapsedMs` (a plain number from 0, for the test's bookkeeping) and `now`
 * (the device's 32-bit tick, `startTicks + elapsedMs` wrapped), so a run can start near 2^32 and
 * wrap in the middle.
 */
import { type Ticks, ticksAdd, ticksDiff } from "../../../firmware/core/ticks.ts";

/** A passive state machine the loop drives. */
export interface Participant {
  nextDeadline(): Ticks | undefined;
  poll(now: Ticks): void;
}

interface Scheduled {
  at: number;
  order: number;
  run: (now: Ticks) => void;
}

/** Steps at one instant after which the loop decides a participant is spinning. */
const MAX_STEPS_PER_INSTANT = 100_000;

export class VirtualLoop {
  readonly startTicks: Ticks;
  #elapsed = 0;
  #order = 0;
  readonly #heap: Scheduled[] = [];
  readonly #participants = new Set<Participant>();

  constructor(startTicks: Ticks = 0) {
    this.startTicks = startTicks >>> 0;
  }

  /** Virtual ms since the start. */
  get elapsedMs(): number {
    return this.#elapsed;
  }

  /** The current device tick. */
  get now(): Ticks {
    return ticksAdd(this.startTicks, this.#elapsed);
  }

  /** The device tick at `elapsedMs`. */
  ticksAt(elapsedMs: number): Ticks {
    return ticksAdd(this.startTicks, elapsedMs);
  }

  /** Elapsed ms of a tick that lies within 2^31 ms of now. */
  elapsedOf(tick: Ticks): number {
    return this.#elapsed + ticksDiff(tick, this.now);
  }

  add(p: Participant): void {
    this.#participants.add(p);
  }

  remove(p: Participant): void {
    this.#participants.delete(p);
  }

  /** Runs `run(now)` at `elapsedMs` (not before now). Events at one instant run in order of scheduling. */
  at(elapsedMs: number, run: (now: Ticks) => void): void {
    const item = { at: Math.max(Math.round(elapsedMs), this.#elapsed), order: this.#order++, run };
    const h = this.#heap;
    h.push(item);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!less(h[i]!, h[parent]!)) break;
      [h[i], h[parent]] = [h[parent]!, h[i]!];
      i = parent;
    }
  }

  /** Runs `run(now)` `delayMs` from now. */
  after(delayMs: number, run: (now: Ticks) => void): void {
    this.at(this.#elapsed + delayMs, run);
  }

  /** Runs until `elapsedMs` (inclusive of everything due at it), or until `stop()` returns true. */
  runUntil(endElapsedMs: number, stop?: () => boolean): void {
    let steps = 0;
    let instant = -1;
    const due: Participant[] = [];
    for (;;) {
      if (stop?.()) return;
      // One nextDeadline() per participant per step: the earliest time, and who is due then.
      const nowTicks = this.now;
      let next = this.#heap.length > 0 ? this.#heap[0]!.at : Infinity;
      due.length = 0;
      for (const p of this.#participants) {
        const d = p.nextDeadline();
        if (d === undefined) continue;
        const t = this.#elapsed + Math.max(0, ticksDiff(d, nowTicks));
        if (t < next) {
          next = t;
          due.length = 0;
        }
        if (t === next) due.push(p);
      }
      if (next === Infinity || next > endElapsedMs) {
        this.#elapsed = Math.max(this.#elapsed, endElapsedMs);
        return;
      }
      if (next > this.#elapsed) this.#elapsed = next;
      if (this.#elapsed === instant) {
        if (++steps > MAX_STEPS_PER_INSTANT) throw new Error(`virtual loop spinning at ${this.#elapsed} ms`);
      } else {
        instant = this.#elapsed;
        steps = 0;
      }
      const h = this.#heap;
      if (h.length > 0 && h[0]!.at <= this.#elapsed) {
        this.#pop().run(this.now);
        continue;
      }
      const now = this.now;
      for (const p of due.splice(0)) if (this.#participants.has(p)) p.poll(now);
    }
  }

  #pop(): Scheduled {
    const h = this.#heap;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && less(h[l]!, h[m]!)) m = l;
        if (r < h.length && less(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}

function less(a: Scheduled, b: Scheduled): boolean {
  return a.at < b.at || (a.at === b.at && a.order < b.order);
}
