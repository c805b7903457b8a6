/**
 * Simulated digital pins: input level timelines with Moddable's `onReadable` behaviour, and
 * output pins whose every level change is recorded.
 *
 * **Inputs** hold the *electrical* level (1 = idle: the buttons are wired to GND with the
 * pull-up on; 0 = pressed). A scenario changes it with edges at µs resolution. On a level
 * change, if the pin is open and no callback is pending, `onReadable` is queued
 * `latencyUs` later (the ESP32 GPIO interrupt posting a message to the XS run loop). Edges
 * that happen before the callback runs are **coalesced** into that one call, and `read()`
 * returns the level *when the callback runs*, not at the edge (`reference/moddable.md` §2.1,
 * `firmware/hal/digital.ts`). A glitch shorter than the latency can thus be invisible.
 * Setting the level it already has is not an edge.
 *
 * **Outputs** record `{atUs, level}` each time the observable level changes. An unpowered
 * device drives nothing: power loss records level 0 (the siren falls silent with its board).
 */
import type { DigitalInput, DigitalOutput, Level } from "../../firmware/hal/digital.ts";
import type { QueuedEvent } from "./clock.ts";
import type { RunLoop } from "./run-loop.ts";

/** Defaults of the pin model. */
export const PINS_DEFAULTS = Object.freeze({
  /**
   * Edge → `onReadable` latency, µs. An idle ESP32 at 240 MHz dispatches a GPIO ISR message to
   * the XS run loop in tens of µs; 100 µs is a round upper figure for an idle VM.
   */
  inputLatencyUs: 100,
  /** Level of an input nobody drives: 1 (pull-up on, button open). */
  idleLevel: 1 as Level,
});

function checkLevel(level: unknown, what: string): asserts level is Level {
  if (level !== 0 && level !== 1) throw new RangeError(`${what} must be 0 or 1, got ${String(level)}`);
}

interface InputSession {
  onReadable: () => void;
  pending: QueuedEvent | undefined;
  closed: boolean;
}

/** One input pin (a role such as `button`) of one device. */
export class InputPin {
  private levelNow: Level = PINS_DEFAULTS.idleLevel;
  private session: InputSession | undefined;
  private edgeCount = 0;

  /**
   * @param role the pin's role, used in error messages.
   * @param latencyUs edge → callback latency, integer µs ≥ 0.
   * @throws RangeError for a bad latency.
   */
  constructor(
    readonly role: string,
    private readonly latencyUs: number = PINS_DEFAULTS.inputLatencyUs,
  ) {
    if (!Number.isInteger(latencyUs) || latencyUs < 0) throw new RangeError(`latencyUs must be an integer ≥ 0, got ${latencyUs}`);
  }

  /** The electrical level now. */
  get level(): Level {
    return this.levelNow;
  }

  /** Number of level changes so far (whether anyone listened or not). */
  get edges(): number {
    return this.edgeCount;
  }

  /**
   * Drives the electrical level (an edge when it differs). Called by the scenario at the edge's
   * time; queues `onReadable` on `loop` unless one is already pending.
   */
  drive(level: Level, loop: RunLoop | undefined): void {
    checkLevel(level, `${this.role} level`);
    if (level === this.levelNow) return;
    this.levelNow = level;
    this.edgeCount++;
    const s = this.session;
    if (s === undefined || s.closed || s.pending !== undefined || loop === undefined) return;
    s.pending = loop.post(this.latencyUs, () => {
      s.pending = undefined;
      if (!s.closed) s.onReadable();
    });
  }

  /**
   * Opens the pin for an app (both edges armed, pull-up on).
   * @throws Error "in use" if already open (as Moddable's digitalbank).
   */
  open(onReadable: () => void): DigitalInput {
    if (this.session !== undefined && !this.session.closed) throw new Error(`pin ${this.role}: in use`);
    if (typeof onReadable !== "function") throw new TypeError(`pin ${this.role}: onReadable must be a function`);
    const s: InputSession = { onReadable, pending: undefined, closed: false };
    this.session = s;
    return {
      read: (): Level => {
        if (s.closed) throw new Error(`pin ${this.role}: closed`);
        return this.levelNow;
      },
      close: (): void => {
        s.closed = true;
      },
    };
  }

  /** Power loss: the app's handle dies (its pending callback is dropped with the run loop). */
  release(): void {
    if (this.session) this.session.closed = true;
    this.session = undefined;
  }
}

/** A recorded output change: at `atUs` the pin went to `level`. */
export interface OutputChange {
  atUs: number;
  level: Level;
}

/** One output pin (`led`, `siren`) of one device, with its history. */
export class OutputPin {
  private driven: Level = 0;
  private open = false;
  private powered = false;
  private readonly changes: OutputChange[] = [];
  private writeCount = 0;
  private generation = 0;

  /** @param onChange called with each observable change (for event tracing). */
  constructor(
    readonly role: string,
    private readonly nowUs: () => number,
    private readonly onChange?: (change: OutputChange) => void,
  ) {}

  /** The observable level: what the pin drives, or 0 while unpowered. */
  get level(): Level {
    return this.powered ? this.driven : 0;
  }

  /** Every observable level change, oldest first. */
  get history(): readonly OutputChange[] {
    return this.changes;
  }

  /** Number of `write` calls (including ones that did not change the level). */
  get writes(): number {
    return this.writeCount;
  }

  /**
   * Opens the pin for an app and drives `initial` at once.
   * @throws Error "in use" if open; RangeError if initial is not 0 or 1.
   */
  openOutput(initial: Level): DigitalOutput {
    checkLevel(initial, `${this.role} initial level`);
    if (this.open) throw new Error(`pin ${this.role}: in use`);
    this.open = true;
    let closed = false;
    const generation = this.generation;
    this.set(initial);
    return {
      write: (level: Level): void => {
        if (closed || generation !== this.generation) throw new Error(`pin ${this.role}: closed`);
        checkLevel(level, `${this.role} level`);
        this.writeCount++;
        this.set(level);
      },
      close: (): void => {
        if (!closed && generation === this.generation) this.open = false;
        closed = true;
      },
    };
  }

  /** Power on or off; off drops the app's handle and records level 0. */
  setPowered(on: boolean): void {
    const before = this.level;
    this.powered = on;
    if (!on) {
      this.generation++;
      this.open = false;
      this.driven = 0;
    }
    this.record(before);
  }

  /** Observable time at level 1 between `fromUs` and `toUs` (µs). */
  highTimeUs(fromUs: number, toUs: number): number {
    let total = 0;
    let level: Level = 0;
    let since = fromUs;
    for (const c of this.changes) {
      if (c.atUs >= toUs) break;
      if (c.atUs > since) {
        if (level === 1) total += c.atUs - since;
        since = c.atUs;
      }
      level = c.level;
    }
    if (level === 1 && toUs > since) total += toUs - since;
    return total;
  }

  private set(level: Level): void {
    const before = this.level;
    this.driven = level;
    this.record(before);
  }

  private record(before: Level): void {
    const after = this.level;
    if (after === before) return;
    const change = { atUs: this.nowUs(), level: after };
    this.changes.push(change);
    this.onChange?.(change);
  }
}
