/**
 * A sliding anti-replay window over one peer's 32-bit frame counter, as the IPsec ESP receiver
 * keeps one per security association (RFC 4303 §3.4.3, "Sequence Number Verification").
 *
 * The window remembers the highest counter accepted (its right edge) and which of the
 * `sizeFrames` counters ending there were accepted: highest − sizeFrames + 1 … highest.
 * - A counter above the right edge is fresh (it may skip ahead: lost frames leave gaps).
 * - A counter inside the window is fresh once: frames may arrive out of order.
 * - A counter at or below highest − sizeFrames (left of the window) is too old.
 *
 * The bitmap is a ring indexed by counter mod sizeFrames (the RFC 6479 layout), so sliding
 * clears bits instead of shifting words. Counters never wrap: a sender stops at 2^32 − 1
 * (`counter.ts`), so plain comparison is right.
 */
import { checkU32 } from "../ticks.ts";

/** What the window says about a counter. */
export type ReplayVerdict = "fresh" | "too_old" | "repeat";

export interface ReplayWindowOptions {
  /**
   * Counters the window remembers, frames: a multiple of 32, 32 … 4096. Default 64, the size
   * RFC 4303 §3.4.3 asks implementations to offer by default (minimum 32).
   */
  sizeFrames: number;
  /**
   * Counters at or below this are refused (u32): the highest counter the peer may already have
   * had accepted, e.g. a persisted high-water mark after a reboot. Default 0 (counters start
   * at 1, so 0 is never accepted).
   */
  floor: number;
}

/** Defaults of `ReplayWindowOptions`. */
export const REPLAY_WINDOW_DEFAULTS: Readonly<ReplayWindowOptions> = Object.freeze({ sizeFrames: 64, floor: 0 });

const WORD_BITS = 32;
const MAX_SIZE_FRAMES = 4096;

function checkCounter(counter: number): void {
  checkU32(counter, "counter", "a frame counter");
}

/** One peer's anti-replay window (RFC 4303 §3.4.3). An instance per peer; no shared state. */
export class ReplayWindow {
  readonly sizeFrames: number;
  #highest: number;
  readonly #bits: Uint32Array;

  /**
   * @param options partial `ReplayWindowOptions`, merged over `REPLAY_WINDOW_DEFAULTS`.
   * @throws RangeError naming `sizeFrames` or `floor` when out of range.
   */
  constructor(options: Partial<ReplayWindowOptions> = {}) {
    const o = { ...REPLAY_WINDOW_DEFAULTS, ...options };
    if (!Number.isInteger(o.sizeFrames) || o.sizeFrames < WORD_BITS || o.sizeFrames > MAX_SIZE_FRAMES || o.sizeFrames % WORD_BITS !== 0) {
      throw new RangeError(`sizeFrames must be a multiple of ${WORD_BITS} in ${WORD_BITS}…${MAX_SIZE_FRAMES}, got ${o.sizeFrames}`);
    }
    checkU32(o.floor, "floor", "a frame counter");
    this.sizeFrames = o.sizeFrames;
    this.#highest = o.floor;
    // Everything at or below the floor counts as seen.
    this.#bits = new Uint32Array(o.sizeFrames / WORD_BITS).fill(0xffff_ffff);
  }

  /** The right edge: the highest counter accepted, or the floor before any. */
  get highest(): number {
    return this.#highest;
  }

  /**
   * Says whether `counter` would be accepted now; changes nothing. Cheap, so a receiver may
   * call it before verifying the tag (RFC 4303 does), and must call `accept` only after.
   * @param counter a u32 frame counter.
   * @throws RangeError when `counter` is not a u32 (a programmer error; decoded counters are).
   */
  check(counter: number): ReplayVerdict {
    checkCounter(counter);
    if (counter > this.#highest) return "fresh";
    if (this.#highest - counter >= this.sizeFrames) return "too_old";
    return this.#seen(counter) ? "repeat" : "fresh";
  }

  /**
   * Records `counter` as accepted, sliding the window right when it is above the right edge.
   * Call only for an authenticated frame whose `check` said "fresh".
   * @throws RangeError when `check(counter)` is not "fresh" (a programmer error).
   */
  accept(counter: number): void {
    const verdict = this.check(counter);
    if (verdict !== "fresh") throw new RangeError(`counter ${counter} is ${verdict}; accept only fresh counters`);
    if (counter > this.#highest) {
      const advance = counter - this.#highest;
      if (advance >= this.sizeFrames) {
        this.#bits.fill(0);
      } else {
        for (let c = this.#highest + 1; c < counter; c++) this.#clear(c);
      }
      this.#highest = counter;
    }
    this.#set(counter);
  }

  #seen(counter: number): boolean {
    const i = counter % this.sizeFrames;
    return (this.#bits[i >>> 5]! & (1 << (i & 31))) !== 0;
  }

  #set(counter: number): void {
    const i = counter % this.sizeFrames;
    this.#bits[i >>> 5] = this.#bits[i >>> 5]! | (1 << (i & 31));
  }

  #clear(counter: number): void {
    const i = counter % this.sizeFrames;
    this.#bits[i >>> 5] = this.#bits[i >>> 5]! & ~(1 << (i & 31));
  }
}
