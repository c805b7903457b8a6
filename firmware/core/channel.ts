/**
 * SecureChannel: the layer between the link and the radio (ARCHITECTURE §2). Outgoing, it gives
 * each payload this device's node id and a fresh frame counter, encodes it and tags it with the
 * peer's key. Incoming, it decodes, authenticates and replay-checks, and reports every rejection
 * with a `frame_rejected` reason. The byte layout and the reasons for it are in `docs/protocol.md`.
 *
 * Keys are per caller: a caller and its receiver share the caller's own key, used both ways.
 * A frame's direction is told by its `sender`, which the tag covers; a frame claiming to come
 * from this device itself is refused (`unknown_peer`), so a frame cannot be reflected back to
 * the device that sent it.
 */
import { HMAC_SHA256_BYTES, type HmacSha256 } from "./platform.ts";
import type { Store } from "./platform.ts";
import { KEY_BYTES } from "./config.ts";
import { FRAME_COUNTER_DEFAULTS, FrameCounter } from "./auth/counter.ts";
import { REPLAY_MARKS_DEFAULTS, ReplayMarks } from "./auth/replay-marks.ts";
import { ReplayWindow } from "./auth/replay-window.ts";
import { verifyTag, writeTag } from "./auth/tag.ts";
import { decodeFrame } from "./frame/decode.ts";
import { encodeUntagged } from "./frame/encode.ts";
import type { DecodeResult, Payload, RejectReason } from "./frame/types.ts";
import { type Ticks, checkU32, ticksDiff } from "./ticks.ts";

/**
 * How soon after a frame was accepted the same frame heard again is a radio duplicate, ms.
 * ESP-NOW's MAC retransmissions follow within a few ms (send → callback ~1.3 ms, ~3 ms
 * sometimes: alarm-field-facts §3.1); 50 ms leaves room for a busy run loop and is far shorter
 * than any replay an attacker would gain from (the frame is refused either way).
 */
export const DUPLICATE_WINDOW_MS = 50;

export interface ChannelOptions {
  /** This device's node id (u32). */
  self: number;
  /**
   * Peer node id (u32) → 16-byte key (`KEY_BYTES`). A caller has one entry, {receiver id → its
   * own key}; a receiver has one per caller, each caller's own key. Must not contain `self`.
   * The channel keeps copies.
   */
  keys: ReadonlyMap<number, Uint8Array>;
  /** HMAC-SHA256 (Moddable `hmac` on the device, `tools/sim/hmac.ts` on the host). */
  hmac: HmacSha256;
  /** Holds the frame counter's reservation ("ch.ctr") and the peers' replay marks ("ch.rw.<id>"). */
  store: Store;
  /** Frame counters reserved per store write, frames, 1 … 65536. Default 64 (`counter.ts`). */
  counterBlock?: number;
  /** Replay window per peer, frames, a multiple of 32 in 32 … 4096. Default 64 (RFC 4303 §3.4.3). */
  replayWindowFrames?: number;
  /**
   * Frames between persisted replay marks per peer, 1 … 65536; after a reboot up to one fewer
   * than this many frames per peer could be replayed once (`replay-marks.ts`). Default 16.
   */
  replayMarkBlock?: number;
  /**
   * Receives a replay mark the store failed to write (its key and what the store threw). When
   * given, `open` accepts such a frame all the same (`ReplayMarksOptions.onStoreError`): a
   * receiver with failing flash keeps hearing its callers. When absent, `open` throws instead.
   */
  onStoreError?: (key: string, error: unknown) => void;
}

/** Defaults of the optional `ChannelOptions`. */
export const CHANNEL_DEFAULTS = Object.freeze({
  counterBlock: FRAME_COUNTER_DEFAULTS.blockFrames,
  replayWindowFrames: REPLAY_MARKS_DEFAULTS.windowFrames,
  replayMarkBlock: REPLAY_MARKS_DEFAULTS.markBlockFrames,
});

/** Runs a sub-constructor, prefixing its RangeError with the channel option it came from. */
function named<T>(field: string, build: () => T): T {
  try {
    return build();
  } catch (err) {
    if (err instanceof RangeError) throw new RangeError(`${field}: ${err.message}`);
    throw err;
  }
}

/** Seals payloads into frames and opens frames into authenticated payloads. One per device. */
export class SecureChannel {
  readonly self: number;
  readonly #keys: Map<number, Uint8Array>;
  readonly #hmac: HmacSha256;
  /**
   * Where `seal` and `open` have `HmacSha256.into` write a frame's MAC: one buffer for every
   * frame (issue 15 §3). Safe to share: both are synchronous and nothing keeps it.
   */
  readonly #mac = new Uint8Array(HMAC_SHA256_BYTES);
  readonly #counter: FrameCounter;
  readonly #marks: ReplayMarks;
  readonly #rejected: Record<RejectReason, number> = {
    malformed: 0,
    oversize: 0,
    version: 0,
    unknown_peer: 0,
    bad_tag: 0,
    replay: 0,
    duplicate: 0,
  };
  /** Each peer's latest accepted counter and the tick it was accepted (only when `open` is given `now`). */
  readonly #latest = new Map<number, { counter: number; at: Ticks }>();

  /**
   * Reads the frame counter's mark and every peer's replay mark from the store; writes nothing.
   * @throws TypeError naming `self`, `keys`, `hmac` or `store` for a wrong type; RangeError
   *   naming the field for a node id that is not a u32, `self` among the keys, a key that is not
   *   16 bytes, or a block or window size out of range; TypeError when the store holds a
   *   non-integer under one of the channel's keys.
   */
  constructor(options: ChannelOptions) {
    const o = options;
    checkU32(o.self, "self", "a node id");
    if (!(o.keys instanceof Map)) throw new TypeError("keys must be a Map of node id → key");
    if (typeof o.hmac !== "function" || typeof o.hmac.into !== "function") throw new TypeError("hmac must be an HmacSha256 function, with its into entry");
    if (o.store === null || typeof o.store !== "object") throw new TypeError("store must be a Store");
    const keys = new Map<number, Uint8Array>();
    for (const [peer, key] of o.keys) {
      checkU32(peer, `keys: peer ${String(peer)}`, "a node id");
      if (peer === o.self) throw new RangeError(`keys: must not contain self (${peer})`);
      if (!(key instanceof Uint8Array) || key.length !== KEY_BYTES) {
        throw new RangeError(`keys: the key of peer ${peer} must be ${KEY_BYTES} bytes`);
      }
      keys.set(peer, key.slice());
    }
    this.self = o.self;
    this.#keys = keys;
    this.#hmac = o.hmac;
    const counterBlock = options.counterBlock ?? CHANNEL_DEFAULTS.counterBlock;
    const replayWindowFrames = options.replayWindowFrames ?? CHANNEL_DEFAULTS.replayWindowFrames;
    const replayMarkBlock = options.replayMarkBlock ?? CHANNEL_DEFAULTS.replayMarkBlock;
    this.#counter = named("counterBlock", () => new FrameCounter({ store: o.store, blockFrames: counterBlock }));
    named("replayWindowFrames", () => new ReplayWindow({ sizeFrames: replayWindowFrames }));
    this.#marks = named(
      "replayMarkBlock",
      () =>
        new ReplayMarks({
          store: o.store,
          peers: keys.keys(),
          windowFrames: replayWindowFrames,
          markBlockFrames: replayMarkBlock,
          onStoreError: options.onStoreError,
        }),
    );
  }

  /** Counts of frames refused by `open`, by reason, since construction (a snapshot). */
  get rejected(): Readonly<Record<RejectReason, number>> {
    return Object.freeze({ ...this.#rejected });
  }

  /**
   * Encodes `payload` for `peer`: this device's id as sender, the next frame counter, and the
   * tag under the peer's key.
   * @returns a new frame of `FRAME_BYTES[payload.kind]` bytes (≤ 250), ready for `Radio.send`.
   * @throws RangeError for an unknown peer or a payload field out of range (programmer errors;
   *   a counter may already be consumed, which only leaves a gap); CounterExhaustedError when
   *   the counter is used up; whatever the store throws if a counter block cannot be reserved.
   */
  seal(peer: number, payload: Payload): Uint8Array {
    const key = this.#keys.get(peer);
    if (key === undefined) throw new RangeError(`seal: ${String(peer)} is not a peer of this channel`);
    const counter = this.#counter.next();
    const bytes = encodeUntagged(payload, this.self, counter);
    writeTag(this.#hmac, key, bytes, this.#mac);
    return bytes;
  }

  /**
   * As `seal`, with a counter continued in RAM (`FrameCounter.nextUnreserved`): for when `seal`
   * threw because the counter block could not be reserved (a dead flash must not silence the
   * device). Its limit across reboots is documented there and in docs/protocol.md §6.
   * @throws as `seal`, but never a store error.
   */
  sealUnreserved(peer: number, payload: Payload): Uint8Array {
    const key = this.#keys.get(peer);
    if (key === undefined) throw new RangeError(`seal: ${String(peer)} is not a peer of this channel`);
    const counter = this.#counter.nextUnreserved();
    const bytes = encodeUntagged(payload, this.self, counter);
    writeTag(this.#hmac, key, bytes, this.#mac);
    return bytes;
  }

  /**
   * Decodes, authenticates and replay-checks one received frame. Checks in order: the decoder's
   * (`malformed`, `oversize`, `version`), then `unknown_peer` (no key for the sender, or the
   * sender is this device), `replay` (counter too old or already accepted: checked before the
   * tag, as RFC 4303 §3.4.3 does, because it is cheap), then `bad_tag`. Accepting a frame
   * advances that peer's replay window (and may persist its mark).
   *
   * With `now`, a repeat of the sender's latest accepted counter, arriving within
   * `DUPLICATE_WINDOW_MS` of it with a valid tag, is refused as `duplicate` rather than `replay`:
   * the radio delivered the same frame twice (under congestion ESP-NOW retransmits a frame whose
   * MAC ack was lost, and the peer hears it again). It is refused all the same; only the label
   * differs, so that the security event `replay` means an old frame was sent again.
   * @param now the current tick (optional; without it repeats are all `replay`).
   * @returns the authenticated frame, or a rejection (also counted in `rejected`). Never throws
   *   on bytes. A replay mark the store cannot write goes to `onStoreError` and the frame is
   *   accepted; without `onStoreError`, `open` throws what the store threw (the frame is then
   *   not accepted and the window does not move).
   */
  open(bytes: Uint8Array, now?: Ticks): DecodeResult {
    const decoded = decodeFrame(bytes);
    if (!decoded.ok) return this.#reject(decoded.reason, decoded.detail);
    const { sender, counter } = decoded.frame;
    const key = this.#keys.get(sender);
    if (key === undefined) {
      return this.#reject("unknown_peer", sender === this.self ? `sender ${sender} is this device` : `no key for sender ${sender}`);
    }
    const verdict = this.#marks.check(sender, counter);
    if (verdict !== "fresh") {
      const latest = this.#latest.get(sender);
      const duplicate =
        now !== undefined && verdict === "repeat" && latest !== undefined && latest.counter === counter && ticksDiff(now, latest.at) >= 0 && ticksDiff(now, latest.at) <= DUPLICATE_WINDOW_MS && verifyTag(this.#hmac, key, bytes, this.#mac);
      return this.#reject(duplicate ? "duplicate" : "replay", `counter ${counter} from ${sender} is ${duplicate ? "a radio duplicate" : verdict}`);
    }
    if (!verifyTag(this.#hmac, key, bytes, this.#mac)) return this.#reject("bad_tag", `tag does not match for sender ${sender}`);
    this.#marks.accept(sender, counter);
    if (now !== undefined) {
      const latest = this.#latest.get(sender);
      if (latest === undefined) this.#latest.set(sender, { counter, at: now });
      else {
        latest.counter = counter;
        latest.at = now;
      }
    }
    return decoded;
  }

  #reject(reason: RejectReason, detail: string): DecodeResult {
    this.#rejected[reason] += 1;
    return { ok: false, reason, detail };
  }
}
