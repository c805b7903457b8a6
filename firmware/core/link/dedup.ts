/**
 * Duplicate suppression: a bounded memory, per peer and per lane, of the messages recently
 * delivered to the app.
 *
 * A retransmission carries the same `seq` and the same message as the original (only the frame
 * counter differs), so the receiving link remembers (seq, message identity) and hands each one to
 * the app once; every copy is still acked (`link.ts`).
 *
 * Two choices, and why:
 * - **Identity is seq *and* content** (`messageKey`). A caller that reboots starts its seqs
 *   afresh; if a new message happened to reuse a remembered seq, a seq-only memory would ack it
 *   and swallow it: an alarm acked but never raised. An alarm's content includes its incident
 *   number, persisted and monotonic at the caller (`frame/types.ts`), so a new alarm never
 *   matches an old one whatever its seq. (A heartbeat whose seq, status and uptime all match a
 *   remembered one is swallowed, harmlessly: it is acked and it still counts as heard.)
 * - **One ring per lane** (`LINK_KINDS` in `link.ts`). The sender keeps one message in flight per
 *   lane and starts the next only once the previous is finished, so while a message is being
 *   retransmitted no newer message of its lane can push it out of the ring: the memory is exact
 *   for its lane, however many heartbeats pass meanwhile. Only a copy delayed in the air past
 *   `entriesPerLane` newer messages of the same lane could slip through.
 *
 * The memory is RAM only and is lost when the receiving device reboots: a retransmission that
 * arrives afterwards is delivered again, and the app's own idempotency (incident numbers,
 * persisted at the receiver) keeps it from opening a second incident. Dedup here saves work; the
 * app's check is the guarantee.
 *
 * Source of the idea: the esp-now component drops repeats by (type, magic) in a 32-entry ring
 * (`src/espnow/src/espnow.c`, `ESPNOW_MSG_CACHE`); Espressif's ESP-NOW guide suggests sequence
 * numbers "to drop the duplicate data" (`esp_now.rst`).
 */
import type { Message } from "../frame/types.ts";

/** Options of a `DuplicateFilter`. */
export interface DuplicateFilterOptions {
  /** Number of lanes per peer, integer 1 … 16. */
  lanes: number;
  /** Messages remembered per peer and lane, integer 1 … 1024. Default `DEDUP_DEFAULTS.entriesPerLane`. */
  entriesPerLane?: number;
}

/** Defaults of `DuplicateFilterOptions`. */
export const DEDUP_DEFAULTS = {
  /**
   * 16 per lane (48 per peer with the link's 3 lanes): the esp-now component keeps 32 for all
   * traffic; with one message in flight per lane, a lane needs only a few.
   */
  entriesPerLane: 16,
} as const;

/** Largest accepted option values. */
const LIMITS = { lanes: 16, entriesPerLane: 1024 } as const;

/**
 * The identity of a message for duplicate suppression: its kind and every field, as a string.
 * Two messages with the same key are the same message. `seq` is not part of it.
 */
export function messageKey(message: Message): string {
  switch (message.kind) {
    case "alarm":
      return `alarm:${message.incident}:${message.boot ?? 0}`;
    case "heartbeat":
      return `heartbeat:${message.status}:${message.uptimeS}`;
    case "operator_ack":
      return `operator_ack:${message.incident}`;
    case "resolved":
      return `resolved:${message.incident}`;
    case "ack":
      return `ack:${message.ackKind}:${message.ackSeq}`;
  }
}

/**
 * One ring of remembered (seq, message) pairs; the oldest is overwritten first. The message is
 * kept, not its key: keys are built (`messageKey`) only when a seq matches, so a new message,
 * the usual case, builds no string (issue 15 §3: the post admits a heartbeat per caller every 30 s).
 */
class Ring {
  readonly seqs: number[] = [];
  readonly messages: (Message | undefined)[] = [];
  next = 0;
}

/** True when `remembered` is `message` for duplicate suppression (same `messageKey`). */
function sameMessage(remembered: Message | undefined, message: Message): boolean {
  return remembered !== undefined && messageKey(remembered) === messageKey(message);
}

/**
 * Remembers recently delivered messages per peer and lane and tells new ones from duplicates.
 * Memory is `entriesPerLane × lanes` entries per peer that has delivered anything.
 */
export class DuplicateFilter {
  readonly #lanes: number;
  readonly #entries: number;
  readonly #peers = new Map<number, Ring[]>();

  /**
   * @throws RangeError naming the field when `lanes` or `entriesPerLane` is not an integer in range.
   */
  constructor(options: DuplicateFilterOptions) {
    const lanes = options.lanes;
    const entries = options.entriesPerLane ?? DEDUP_DEFAULTS.entriesPerLane;
    if (!Number.isInteger(lanes) || lanes < 1 || lanes > LIMITS.lanes) {
      throw new RangeError(`lanes must be an integer 1…${LIMITS.lanes}, got ${lanes}`);
    }
    if (!Number.isInteger(entries) || entries < 1 || entries > LIMITS.entriesPerLane) {
      throw new RangeError(`entriesPerLane must be an integer 1…${LIMITS.entriesPerLane}, got ${entries}`);
    }
    this.#lanes = lanes;
    this.#entries = entries;
  }

  /**
   * Admits a message: true when it is new (it is then remembered, pushing out the oldest entry
   * of its ring when full), false when the same seq and content (`messageKey`) is remembered for
   * this peer and lane.
   * @param peer the sender's node id.
   * @param lane 0 … lanes − 1.
   * @param seq the message's link seq.
   * @param message the message (kept by reference: do not modify it).
   * @throws RangeError for a lane out of range (a programming error).
   */
  admit(peer: number, lane: number, seq: number, message: Message): boolean {
    if (!Number.isInteger(lane) || lane < 0 || lane >= this.#lanes) {
      throw new RangeError(`lane must be an integer 0…${this.#lanes - 1}, got ${lane}`);
    }
    let rings = this.#peers.get(peer);
    if (rings === undefined) {
      rings = [];
      for (let i = 0; i < this.#lanes; i++) rings.push(new Ring());
      this.#peers.set(peer, rings);
    }
    const ring = rings[lane]!;
    for (let i = 0; i < ring.seqs.length; i++) {
      if (ring.seqs[i] === seq && sameMessage(ring.messages[i], message)) return false;
    }
    ring.seqs[ring.next] = seq;
    ring.messages[ring.next] = message;
    ring.next = (ring.next + 1) % this.#entries;
    return true;
  }

  /**
   * Forgets one remembered message (the app refused it), so that the same seq and content is
   * admitted again. Nothing happens when it is not remembered.
   */
  withdraw(peer: number, lane: number, seq: number, message: Message): void {
    const ring = this.#peers.get(peer)?.[lane];
    if (ring === undefined) return;
    for (let i = 0; i < ring.seqs.length; i++) {
      if (ring.seqs[i] === seq && sameMessage(ring.messages[i], message)) {
        ring.seqs[i] = -1; // no seq is negative: the slot matches nothing until reused
        ring.messages[i] = undefined;
      }
    }
  }

  /** Forgets everything remembered for `peer` (e.g. when it is removed from the deployment). */
  forget(peer: number): void {
    this.#peers.delete(peer);
  }

  /** Number of peers with remembered messages. */
  get peerCount(): number {
    return this.#peers.size;
  }
}
