/**
 * Virtual time and the event queue of the simulator.
 *
 * Time is an integer count of microseconds since the start of the simulation (µs resolution
 * lets pin edges fall between milliseconds; integers keep arithmetic exact up to 2^53 µs ≈ 285
 * years). Nothing in the simulator reads the wall clock.
 *
 * Events run in order of time; events at the same time run in the order they were queued
 * (a stable tie-break by insertion number), so a run is a pure function of its inputs.
 * Only real events are queued — there is no per-tick loop — so idle simulated days cost nothing.
 */

/** One queued event. Opaque to callers except for `atUs` and `group`. */
export interface QueuedEvent {
  /** When it runs, µs since the start. */
  readonly atUs: number;
  /** The group it was queued in, if any (`EventQueue.at`). */
  readonly group?: EventGroup | undefined;
}

interface Entry extends QueuedEvent {
  atUs: number;
  seq: number;
  /** What runs (`run(arg)`); undefined once it ran or was cancelled. */
  run: ((arg: never) => void) | undefined;
  /** The argument of a `call`; undefined for `at`. */
  arg: unknown;
  readonly group: EventGroup | undefined;
  /** Its place in the heap, or −1 once it left it (ran, or was cancelled). */
  index: number;
  /** True for an entry of `call`: no handle was given out, so it is reused once it ran. */
  readonly reusable: boolean;
}

/**
 * Events that run through one function and are dropped together: a simulated device's run loop
 * (`run-loop.ts`), whose callbacks all die with its power. The queue keeps the count; a group
 * costs nothing per event beyond a field, where a closure and a `Set` entry per callback cost
 * an allocation each (issue 15 §3: the run loop's closure and Set entry per callback).
 */
export class EventGroup {
  /** Events of this group queued and not yet run, cancelled or dropped (kept by the queue). */
  queued = 0;
  /** True once `EventQueue.drop` dropped the group: its events never run. */
  dropped = false;

  /** @param invoke runs each of the group's events (e.g. catching and attributing what it throws). */
  constructor(readonly invoke: (run: () => void) => void) {}
}

/** Places the event heap starts with (it doubles when full). */
const QUEUE_INITIAL_CAPACITY = 64;

/**
 * Entries of `call` kept for reuse, at most. A queue holds a few frames in flight per device;
 * past this many free entries, the rest are left to the garbage collector.
 */
const QUEUE_FREE_ENTRIES_MAX = 256;

/**
 * Runs `() => void` actions in virtual time. One instance per simulation (no module state).
 *
 * A binary heap ordered by (time, insertion number). The keys live in two `Float64Array`s beside
 * the entries, so that sifting reads contiguous numbers instead of one scattered object per
 * level (with 1,000 callers the heap holds thousands of events, and those reads were cache
 * misses: issue 15 §3, the cost per caller growing with the number of callers); a cancelled
 * event leaves the heap at once (a device's timer is re-armed a few times per frame, and the
 * heap stays the size of what will run).
 */
export class EventQueue {
  private entries: Array<Entry | undefined> = [];
  /** `times[i]`, `seqs[i]`: the keys of `entries[i]`. */
  private times = new Float64Array(QUEUE_INITIAL_CAPACITY);
  private seqs = new Float64Array(QUEUE_INITIAL_CAPACITY);
  private size = 0;
  private nextSeq = 0;
  private live = 0;
  private current = 0;
  /** Entries of `call` that ran, for the next `call` (no allocation per frame: issue 15 §3). */
  private readonly free: Entry[] = [];

  /** The current virtual time, µs since the start. */
  get nowUs(): number {
    return this.current;
  }

  /** Number of queued events not yet run or cancelled. */
  get pending(): number {
    return this.live;
  }

  /**
   * Queues `run` at `atUs`.
   * @param atUs integer µs, ≥ `nowUs` (an event at `nowUs` runs after those already queued for it).
   * @param group when given, `run` runs as `group.invoke(run)`, and not at all once the group is
   *   dropped (`drop`); the group must not be dropped already.
   * @throws RangeError if atUs is not an integer or lies in the past; Error for a dropped group.
   */
  at(atUs: number, run: () => void, group?: EventGroup): QueuedEvent {
    this.checkTime(atUs);
    if (group !== undefined) {
      if (group.dropped) throw new Error("event queued in a dropped group");
      group.queued++;
    }
    const entry: Entry = { atUs, seq: this.nextSeq++, run, arg: undefined, group, index: -1, reusable: false };
    this.push(entry);
    this.live++;
    return entry;
  }

  /**
   * Queues `fn(arg)` at `atUs`, like `at` but with no handle and so no cancel: the queue reuses
   * the entry once it ran, and one `fn` made once serves every event (no closure per event). For
   * the simulator's own per-frame events (the medium), which are never cancelled.
   * @param atUs integer µs, ≥ `nowUs` (after the events already queued for it, as `at`).
   * @throws RangeError if atUs is not an integer or lies in the past.
   */
  call<T>(atUs: number, fn: (arg: T) => void, arg: T): void {
    this.checkTime(atUs);
    const seq = this.nextSeq++;
    let entry = this.free.pop();
    if (entry === undefined) {
      entry = { atUs, seq, run: fn, arg, group: undefined, index: -1, reusable: true };
    } else {
      entry.atUs = atUs;
      entry.seq = seq;
      entry.run = fn;
      entry.arg = arg;
    }
    this.push(entry);
    this.live++;
  }

  /** @throws RangeError unless `atUs` is an integer ≥ now. */
  private checkTime(atUs: number): void {
    if (!Number.isSafeInteger(atUs) || atUs < this.current) {
      throw new RangeError(`event time must be an integer ≥ now (${this.current} µs), got ${atUs}`);
    }
  }

  /** Queues `run` `delayUs` µs from now (integer ≥ 0); `group` as in `at`. */
  after(delayUs: number, run: () => void, group?: EventGroup): QueuedEvent {
    return this.at(this.current + delayUs, run, group);
  }

  /**
   * Cancels a queued event; one that already ran, was cancelled or whose group was dropped is
   * ignored.
   * @returns true when the event was cancelled by this call.
   */
  cancel(event: QueuedEvent | undefined): boolean {
    const entry = event as Entry | undefined;
    if (entry?.run === undefined || entry.group?.dropped === true) return false;
    entry.run = undefined;
    this.live--;
    if (entry.group !== undefined) entry.group.queued--;
    if (entry.index >= 0) this.removeAt(entry.index);
    return true;
  }

  /**
   * Drops every event of `group` still queued (they never run) and any it would queue later
   * (`at` refuses them). Dropping a dropped group does nothing.
   */
  drop(group: EventGroup): void {
    if (group.dropped) return;
    group.dropped = true;
    this.live -= group.queued;
    group.queued = 0;
  }

  /**
   * When the next queued event is due, µs; undefined when none is queued. (For drivers that
   * interleave the queue with other deadlines: the tests' `VirtualLoop`.)
   */
  nextAtUs(): number | undefined {
    return this.size > 0 ? this.times[0] : undefined;
  }

  /**
   * Runs every event due at or before `endUs`, in order, including events they queue; then
   * sets the time to `endUs`.
   * @returns the number of events run.
   * @throws whatever an event throws (the queue stays consistent: the event is consumed).
   */
  runUntil(endUs: number): number {
    if (!Number.isSafeInteger(endUs) || endUs < this.current) {
      throw new RangeError(`end time must be an integer ≥ now (${this.current} µs), got ${endUs}`);
    }
    let ran = 0;
    while (this.size > 0 && this.times[0]! <= endUs) {
      const entry = this.entries[0]!;
      this.removeAt(0);
      const run = entry.run as ((arg: unknown) => void) | undefined;
      if (run === undefined) continue;
      entry.run = undefined;
      const group = entry.group;
      if (group === undefined) {
        this.live--;
        this.current = entry.atUs;
        ran++;
        const arg = entry.arg;
        if (entry.reusable) {
          entry.arg = undefined;
          if (this.free.length < QUEUE_FREE_ENTRIES_MAX) this.free.push(entry);
        }
        run(arg);
      } else if (!group.dropped) {
        group.queued--;
        this.live--;
        this.current = entry.atUs;
        ran++;
        group.invoke(run as () => void);
      }
    }
    this.current = endUs;
    return ran;
  }

  /** Puts `entry` at heap place `i` with its keys. */
  private place(entry: Entry, i: number): void {
    this.entries[i] = entry;
    this.times[i] = entry.atUs;
    this.seqs[i] = entry.seq;
    entry.index = i;
  }

  /** Whether the entry at place `i` runs before one with keys (`atUs`, `seq`). */
  private before(i: number, atUs: number, seq: number): boolean {
    const t = this.times[i]!;
    return t < atUs || (t === atUs && this.seqs[i]! < seq);
  }

  private push(entry: Entry): void {
    if (this.size === this.times.length) {
      const times = new Float64Array(this.size * 2);
      const seqs = new Float64Array(this.size * 2);
      times.set(this.times);
      seqs.set(this.seqs);
      this.times = times;
      this.seqs = seqs;
    }
    this.siftUp(entry, this.size++);
  }

  /** Places `entry` at `i` or above it, moving later parents down. */
  private siftUp(entry: Entry, i: number): void {
    const { atUs, seq } = entry;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.before(parent, atUs, seq)) break;
      this.place(this.entries[parent]!, i);
      i = parent;
    }
    this.place(entry, i);
  }

  /** Takes the entry at place `i` out of the heap. */
  private removeAt(i: number): void {
    const removed = this.entries[i]!;
    removed.index = -1;
    const lastAt = --this.size;
    const last = this.entries[lastAt]!;
    this.entries[lastAt] = undefined;
    if (i === lastAt) return;
    if (i > 0 && !this.before((i - 1) >> 1, last.atUs, last.seq)) {
      this.siftUp(last, i);
      return;
    }
    // Sift `last` down from `i`.
    const n = this.size;
    const { atUs, seq } = last;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && this.before(r, this.times[l]!, this.seqs[l]!) ? r : l;
      if (!this.before(c, atUs, seq)) break;
      this.place(this.entries[c]!, i);
      i = c;
    }
    this.place(last, i);
  }
}
