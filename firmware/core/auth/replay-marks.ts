/**
 * The receiving side of replay protection: one `ReplayWindow` per peer, plus a persisted
 * high-water mark per peer so that a reboot does not reopen the door to old frames.
 *
 * Each peer's mark is a counter that peer had already used (an accepted right edge). It is
 * written on every `markBlockFrames`-th frame accepted from that peer: one flash write per block
 * of frames from that peer, not one per frame. (Frames, not counter units: a sender's counter
 * also advances for its frames to other peers.) At boot each window starts
 * with its floor at the stored mark, so every counter at or below it is refused.
 *
 * Residual window (stated honestly, also in `docs/protocol.md`): frames accepted before a reboot
 * with counters in mark + 1 … mark + markBlockFrames − 1 were never recorded, so after the
 * reboot each of them could be accepted once more, if an attacker recorded it and replays it.
 * That is at most `markBlockFrames − 1` frames per peer, all from just before the reboot, each
 * at most once, and only while it is still inside the window: once the peer has sent
 * `windowFrames` newer frames they are all too old. A smaller block narrows this at the cost of
 * more flash writes; 1 closes it (a write per accepted frame that moves the right edge).
 */
import { checkU32 } from "../ticks.ts";
import { STORE_LIMITS, type Store } from "../platform.ts";
import { ReplayWindow, REPLAY_WINDOW_DEFAULTS, type ReplayVerdict } from "./replay-window.ts";
import { readMark, writeMark } from "./stored-mark.ts";

export interface ReplayMarksOptions {
  /** Where the marks live (Moddable `Preference` on the device). */
  store: Store;
  /** Node ids (u32) of the peers whose frames are accepted. */
  peers: Iterable<number>;
  /** Size of each peer's replay window, frames (see `ReplayWindowOptions.sizeFrames`). Default 64. */
  windowFrames: number;
  /**
   * Frames between persisted marks, 1 … 65536: the flash-write interval per peer and one more
   * than the residual replay window after a reboot. Default 16 (with a 30 s heartbeat, about one
   * write per 8 minutes per caller).
   */
  markBlockFrames: number;
  /** Prefix of the store keys; a key is prefix + the peer id in 8 hex digits, ≤ 15 chars. Default "ch.rw.". */
  keyPrefix: string;
  /**
   * Receives a failed mark write (the store key and what the store threw). When given, a frame
   * whose mark cannot be written is accepted all the same: the window in RAM refuses its replays
   * until the next reboot, and the write is tried again on the next frame accepted from that peer.
   * A receiver must keep hearing its callers when its flash fails; the cost is a wider residual
   * window after a reboot (every frame since the last mark written). When absent, `accept`
   * throws what the store threw and changes nothing.
   */
  onStoreError?: (key: string, error: unknown) => void;
}

/** Defaults of `ReplayMarksOptions` (everything but the store and the peers). */
export const REPLAY_MARKS_DEFAULTS: Readonly<Omit<ReplayMarksOptions, "store" | "peers" | "onStoreError">> = Object.freeze({
  windowFrames: REPLAY_WINDOW_DEFAULTS.sizeFrames,
  markBlockFrames: 16,
  keyPrefix: "ch.rw.",
});

const MAX_BLOCK_FRAMES = 65_536;
const PEER_ID_HEX_DIGITS = 8;

interface PeerState {
  key: string;
  window: ReplayWindow;
  mark: number;
  /** Frames accepted since the mark was last written. */
  sinceMark: number;
}

/** Replay windows and their persisted marks for a set of peers. One instance per device. */
export class ReplayMarks {
  readonly windowFrames: number;
  readonly markBlockFrames: number;
  readonly #store: Store;
  readonly #onStoreError: ReplayMarksOptions["onStoreError"];
  readonly #peers = new Map<number, PeerState>();

  /**
   * Reads every peer's mark from the store. Writes nothing.
   * @param options `store` and `peers` plus partial `ReplayMarksOptions`, merged over the defaults.
   * @throws RangeError naming `peers`, `windowFrames`, `markBlockFrames` or `keyPrefix` when out
   *   of range; TypeError when the store holds something other than a 32-bit integer for a peer,
   *   or when `onStoreError` is given and is not a function.
   */
  constructor(options: Pick<ReplayMarksOptions, "store" | "peers"> & Partial<ReplayMarksOptions>) {
    const o = { ...REPLAY_MARKS_DEFAULTS, ...options };
    if (o.store === null || typeof o.store !== "object") throw new TypeError("store must be a Store");
    if (!Number.isInteger(o.markBlockFrames) || o.markBlockFrames < 1 || o.markBlockFrames > MAX_BLOCK_FRAMES) {
      throw new RangeError(`markBlockFrames must be an integer 1…${MAX_BLOCK_FRAMES}, got ${o.markBlockFrames}`);
    }
    if (typeof o.keyPrefix !== "string" || o.keyPrefix.length + PEER_ID_HEX_DIGITS > STORE_LIMITS.keyChars) {
      throw new RangeError(`keyPrefix must be at most ${STORE_LIMITS.keyChars - PEER_ID_HEX_DIGITS} characters, got "${String(o.keyPrefix)}"`);
    }
    if (o.onStoreError !== undefined && typeof o.onStoreError !== "function") throw new TypeError("onStoreError must be a function");
    this.windowFrames = o.windowFrames;
    this.markBlockFrames = o.markBlockFrames;
    this.#store = o.store;
    this.#onStoreError = o.onStoreError;
    for (const peer of o.peers) {
      checkU32(peer, "each of peers", "a node id");
      const key = o.keyPrefix + peer.toString(16).padStart(PEER_ID_HEX_DIGITS, "0");
      const mark = readMark(o.store, key);
      this.#peers.set(peer, { key, mark, sinceMark: 0, window: new ReplayWindow({ sizeFrames: o.windowFrames, floor: mark }) });
    }
  }

  /** True when `peer` is one of the peers given at construction. */
  has(peer: number): boolean {
    return this.#peers.has(peer);
  }

  /**
   * Whether a frame from `peer` with `counter` would be fresh; changes nothing.
   * @throws RangeError for a peer not given at construction (check `has` first) or a non-u32 counter.
   */
  check(peer: number, counter: number): ReplayVerdict {
    return this.#state(peer).window.check(counter);
  }

  /**
   * Records an authenticated, fresh frame: persists the peer's mark first when this is the
   * `markBlockFrames`-th frame accepted since the last write and it moves the right edge, then
   * slides the window.
   * @throws RangeError for an unknown peer or a counter that is not fresh (programmer errors);
   *   whatever the store throws if the mark cannot be written and no `onStoreError` was given
   *   (then nothing changes). With `onStoreError`, a failed write is reported there and the
   *   frame is accepted.
   */
  accept(peer: number, counter: number): void {
    const state = this.#state(peer);
    const verdict = state.window.check(counter);
    if (verdict !== "fresh") throw new RangeError(`counter ${counter} from peer ${peer} is ${verdict}; accept only fresh counters`);
    // Count accepted frames, not counter units: a sender's counter also advances for frames to
    // its other peers (the receiver has one counter for all its callers), and counting units
    // would write the mark on nearly every frame of a large deployment.
    if (counter > state.window.highest && state.sinceMark + 1 >= this.markBlockFrames) {
      try {
        writeMark(this.#store, state.key, counter);
        state.mark = counter;
        state.sinceMark = 0;
      } catch (err) {
        if (this.#onStoreError === undefined) throw err;
        // Accepted unpersisted; `sinceMark` stays at the block, so the next frame tries again.
        state.sinceMark += 1;
        this.#onStoreError(state.key, err);
      }
    } else {
      state.sinceMark += 1;
    }
    state.window.accept(counter);
  }

  /** The highest counter accepted from `peer` (or its floor at boot). @throws RangeError for an unknown peer. */
  highest(peer: number): number {
    return this.#state(peer).window.highest;
  }

  /** The mark stored for `peer`: after a reboot its counters at or below this are refused. @throws RangeError for an unknown peer. */
  persistedMark(peer: number): number {
    return this.#state(peer).mark;
  }

  #state(peer: number): PeerState {
    const state = this.#peers.get(peer);
    if (state === undefined) throw new RangeError(`peer ${peer} has no replay window`);
    return state;
  }
}
