/**
 * The sender's frame counter: a u32 that is new for every frame this device sends, strictly
 * increasing for the life of its key, across reboots and power loss.
 *
 * Persistence in reserved blocks: the store holds a mark, the highest counter that may have
 * been used. Before the first counter above the mark is used, the mark moves a whole block
 * ahead (one flash write per `blockFrames` frames, not one per frame: NVS flash wears, Moddable
 * `documentation/files/files.md` §Preference). At boot counting resumes just past the mark, so a
 * reboot skips at most the unused rest of one block and never reuses a counter.
 *
 * The counter is a u32 on the wire; it is stored as its signed 32-bit reinterpretation
 * (`stored-mark.ts`). At 2^32 − 1 the counter is exhausted: the device must be given a new key
 * (and its store cleared) before it can send again, since reusing a counter under the same key
 * would make its frames look like replays.
 */
import { FIELD_MAX } from "../frame/constants.ts";
import type { Store } from "../platform.ts";
import { checkMarkKey, readMark, writeMark } from "./stored-mark.ts";

/** Largest frame counter: the wire field is a u32. */
export const FRAME_COUNTER_MAX = FIELD_MAX.u32;

export interface FrameCounterOptions {
  /** Where the reservation mark lives (Moddable `Preference` on the device). */
  store: Store;
  /**
   * Counters reserved per flash write, frames, 1 … 65536. Default 64: at one frame a second
   * that is about one write a minute; a reboot wastes at most 63 counters of the 2^32.
   */
  blockFrames: number;
  /** Store key of the mark, 1 … 15 characters (NVS key limit). Default "ch.ctr". */
  key: string;
}

/** Defaults of `FrameCounterOptions` (everything but the store). */
export const FRAME_COUNTER_DEFAULTS: Readonly<Omit<FrameCounterOptions, "store">> = Object.freeze({
  blockFrames: 64,
  key: "ch.ctr",
});

const MAX_BLOCK_FRAMES = 65_536;

/** Thrown when the frame counter has reached `FRAME_COUNTER_MAX`: the device needs a new key. */
export class CounterExhaustedError extends Error {
  override get name() {
    return "CounterExhaustedError";
  }
  constructor(readonly key: string) {
    super(`frame counter "${key}" reached ${FRAME_COUNTER_MAX}: provision a new key and clear the store before sending again`);
  }
}

/** One device's frame counter. One instance per device (per store key); no shared state. */
export class FrameCounter {
  readonly blockFrames: number;
  readonly key: string;
  readonly #store: Store;
  #last: number;
  #reserved: number;

  /**
   * Reads the mark from the store; counting resumes at mark + 1. Writes nothing.
   * @param options `store` plus partial `FrameCounterOptions`, merged over the defaults.
   * @throws RangeError naming `blockFrames` or `key` when out of range; TypeError when the store
   *   holds something other than a 32-bit integer under `key`.
   */
  constructor(options: Pick<FrameCounterOptions, "store"> & Partial<FrameCounterOptions>) {
    const o = { ...FRAME_COUNTER_DEFAULTS, ...options };
    if (o.store === null || typeof o.store !== "object") throw new TypeError("store must be a Store");
    if (!Number.isInteger(o.blockFrames) || o.blockFrames < 1 || o.blockFrames > MAX_BLOCK_FRAMES) {
      throw new RangeError(`blockFrames must be an integer 1…${MAX_BLOCK_FRAMES}, got ${o.blockFrames}`);
    }
    checkMarkKey("key", o.key);
    this.blockFrames = o.blockFrames;
    this.key = o.key;
    this.#store = o.store;
    this.#reserved = readMark(o.store, o.key);
    this.#last = this.#reserved;
  }

  /** The last counter handed out, or the mark found at boot before any. */
  get last(): number {
    return this.#last;
  }

  /** The highest counter reserved in the store: the next boot resumes above it. */
  get reservedThrough(): number {
    return this.#reserved;
  }

  /**
   * The next counter, reserving a new block in the store first when the current one is used up.
   * @returns a u32 greater than every counter this key has issued, before or since any reboot.
   * @throws CounterExhaustedError at `FRAME_COUNTER_MAX`; whatever the store throws if the
   *   reservation cannot be written (then no counter is consumed, and the next call retries).
   */
  next(): number {
    if (this.#last >= FRAME_COUNTER_MAX) throw new CounterExhaustedError(this.key);
    const counter = this.#last + 1;
    if (counter > this.#reserved) {
      const mark = Math.min(counter - 1 + this.blockFrames, FRAME_COUNTER_MAX);
      writeMark(this.#store, this.key, mark);
      this.#reserved = mark;
    }
    this.#last = counter;
    return counter;
  }

  /**
   * The next counter without reserving it in the store: for a device whose reservation write
   * failed (`next` threw), so that a flash that stays dead does not silence it. Within this
   * boot counters stay strictly increasing; the next successful `next` reserves past them.
   *
   * What it cannot promise: if the device reboots before any reservation succeeds, counting
   * resumes at the stored mark + 1 and reuses the counters sent from RAM. The peer has seen
   * them and refuses those frames as replays (as it must: it cannot tell them from an attack)
   * until this device's counter passes the highest it accepted: the device is not heard for as
   * many frames as it sent unreserved (a day of heartbeats and their acks: a few thousand
   * frames). It shows a link fault meanwhile (no acks), which tells the presser to phone. A
   * reservation that succeeds at any time ends it; a random leap at boot cannot (the peer's
   * highest is unknown to the device), so none is made.
   * @throws CounterExhaustedError at `FRAME_COUNTER_MAX`.
   */
  nextUnreserved(): number {
    if (this.#last >= FRAME_COUNTER_MAX) throw new CounterExhaustedError(this.key);
    this.#last += 1;
    return this.#last;
  }
}
