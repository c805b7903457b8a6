/**
 * The link: reliable delivery of messages between two nodes with app-level acks,
 * retransmission with backoff and jitter, and duplicate suppression.
 *
 * An ESP-NOW "send success" is only a MAC-level ack: it comes back even when the peer's
 * application never saw the frame (`esp_now.rst`; alarm-field-facts §3.1, §7.1). So every
 * reliable message carries a link `seq`; the peer's link answers each copy with an `ack` naming
 * (kind, seq); the sender retransmits on the `RetryPolicy` of the message's kind until that ack
 * arrives, and the receiving link hands each message to its app once.
 *
 * Lanes (`LINK_KINDS`): each peer has three lanes, alarms, incident feedback (operator_ack and
 * resolved, which must stay in order) and heartbeats. A lane has at most one message in flight
 * and sends the rest first in, first out; lanes are independent, so an alarm never waits behind
 * a heartbeat's retransmissions, and the transmit queue sends alarm frames first
 * (`TRANSMIT_PRIORITY`). A newer heartbeat replaces an older one still queued or in flight to the
 * same peer (reported as given up, `reason: "superseded"`): only the freshest status matters.
 *
 * Seqs (u16, wrapping) come from one counter per link, started at a random value drawn from the
 * injected `RandomU32` (or at `firstSeq`). Not persisting it costs no flash writes; a caller
 * reboot cannot make the peer swallow a new message, because the peer's duplicate memory matches
 * content as well as seq (`dedup.ts`), and the random start keeps a rebooted sender's seqs away
 * from the ones its peer remembers and its stale acks (2^16 values).
 *
 * Passive (STYLE rule 7): call `poll(now)` at `nextDeadline()`; every method takes `now`.
 * Callbacks run after the link's state is updated and may call back into the link.
 */
import type { RandomU32 } from "../platform.ts";
import type { AckMessage, Frame, Message, Payload } from "../frame/types.ts";
import { type Ticks, checkU32, earliest, ticksAdd, ticksReached } from "../ticks.ts";
import { type RetryPolicy, checkRetryPolicy, retransmissionWaitMs } from "./backoff.ts";
import { DEDUP_DEFAULTS, DuplicateFilter } from "./dedup.ts";

/** A message the link delivers reliably (everything but an ack). */
export type ReliableMessage = Exclude<Message, AckMessage>;

/** The kinds of reliable messages. */
export type ReliableKind = ReliableMessage["kind"];

/**
 * Per kind: its lane (one in flight per peer and lane; 0 is the most urgent) and whether a newer
 * message of the kind supersedes an older one to the same peer.
 */
export const LINK_KINDS = {
  alarm: { lane: 0, supersede: false },
  operator_ack: { lane: 1, supersede: false },
  resolved: { lane: 1, supersede: false },
  heartbeat: { lane: 2, supersede: true },
} as const satisfies Record<ReliableKind, { lane: number; supersede: boolean }>;

/** Number of lanes per peer. */
export const LINK_LANE_COUNT = 3;

/** The retry policy of each reliable kind. */
export type LinkPolicies = Record<ReliableKind, RetryPolicy>;

/** Largest link seq: seqs are u16 on the wire (`frame/constants.ts`) and wrap. */
const SEQ_MASK = 0xffff;

/**
 * Defaults. Each figure's reasoning is in `firmware/core/link/README.md` (alarm, feedback) and
 * `firmware/core/supervision/README.md` (heartbeat).
 * - alarm (issue 15): first ack timeout 15 ms (about two app-level round trips of ~6.5 ms over
 *   ESP-NOW at 1 Mbps with ~2 ms of CPU per frame at each end), growing by 1.5 to a 100 ms cap,
 *   ± 50 % jitter, never gives up: a burst of copies at about 0, 15, 38, 72, 122, 198 ms, each
 *   only if no ack came, then an attempt at least every 150 ms (`longestWaitMs`) through any
 *   outage, far inside the 10 s hold-up notification delay EN 50131 installers quote
 *   (alarm-field-facts §2.1). Why, and what it costs in air time: `README.md`, "Fast through loss".
 * - heartbeat: 1 s, doubling to a 3 s cap, ± 25 %, 6 transmissions, all within 15 s of the first
 *   and given up by 18.75 s, before the next heartbeat (≥ 27 s later).
 * - operator_ack, resolved: 100 ms doubling to 5 s, ± 50 %, 40 transmissions (about 3 min). A
 *   caller unreachable that long is reported offline; the receiver app sends the incident's
 *   state again when it comes back online.
 * - dedupPerLane 16 (`DEDUP_DEFAULTS`).
 */
export const LINK_DEFAULTS = {
  alarm: { initialMs: 15, maxMs: 100, factor: 1.5, jitter: 0.5, maxAttempts: Infinity },
  heartbeat: { initialMs: 1000, maxMs: 3000, factor: 2, jitter: 0.25, maxAttempts: 6 },
  operator_ack: { initialMs: 100, maxMs: 5000, factor: 2, jitter: 0.5, maxAttempts: 40 },
  resolved: { initialMs: 100, maxMs: 5000, factor: 2, jitter: 0.5, maxAttempts: 40 },
  dedupPerLane: DEDUP_DEFAULTS.entriesPerLane,
} as const satisfies LinkPolicies & { dedupPerLane: number };

/** Facts about a delivered message, for `onDelivered`. */
export interface DeliveredInfo {
  seq: number;
  /** Transmissions made, ≥ 1. */
  attempts: number;
  /** Tick of the first transmission. */
  sentAt: Ticks;
  /** Tick the ack arrived. */
  ackedAt: Ticks;
}

/** Facts about a message the link stopped sending without an ack, for `onGaveUp`. */
export interface GaveUpInfo {
  seq: number;
  /** Transmissions made (0 when superseded before its first). */
  attempts: number;
  /** `attempts`: the policy's `maxAttempts` ran out; `superseded`: a newer heartbeat replaced it. */
  reason: "attempts" | "superseded";
  /** Tick the link gave up. */
  at: Ticks;
}

/** Options of a `Link`. */
export interface LinkOptions {
  /**
   * Hands one payload to the secure channel and transmit queue. Called for first sends,
   * retransmissions and acks. Must not throw. Every attempt of one message passes the same
   * `payload` object: read it, do not modify it.
   */
  transmit(peer: number, payload: Payload, now: Ticks): void;
  /** Uniform 32-bit randomness (hal `RandomU32`): jitter and the first seq. */
  random: RandomU32;
  /** The peer's app-level ack for a reliable message arrived (once per message). */
  onDelivered?(peer: number, message: ReliableMessage, info: DeliveredInfo): void;
  /** A bounded policy ran out of attempts, or a heartbeat was superseded (never for alarms). */
  onGaveUp?(peer: number, message: ReliableMessage, info: GaveUpInfo): void;
  /** A transmission of a reliable message (1-based `attempt`), e.g. for the `alarm_tx` event. */
  onAttempt?(peer: number, message: ReliableMessage, info: { seq: number; attempt: number; at: Ticks }): void;
  /** Per-kind retry policies, merged field by field over `LINK_DEFAULTS`. */
  policies?: Partial<Record<ReliableKind, Partial<RetryPolicy>>>;
  /** Messages remembered per peer and lane for duplicate suppression, 1 … 1024. Default 16. */
  dedupPerLane?: number;
  /** First seq, integer 0 … 65535. Default: drawn from `random`. */
  firstSeq?: number;
}

/** A reliable message the link holds, as `pending()` reports it. */
export interface PendingSend {
  readonly peer: number;
  readonly seq: number;
  readonly message: ReliableMessage;
  /** Transmissions so far; 0 while it waits behind another message of its lane. */
  readonly attempts: number;
}

interface Entry {
  peer: number;
  seq: number;
  message: ReliableMessage;
  /** `message` with its seq, made once and handed to `transmit` at every attempt (never modified). */
  payload: Payload;
  policy: RetryPolicy;
  attempts: number;
  sentAt: Ticks;
  deadline: Ticks;
}

/**
 * Reliable, duplicate-free delivery over a lossy, duplicating, reordering medium, for any number
 * of peers. See the module comment and `README.md` for the design.
 */
export class Link {
  readonly #transmit: LinkOptions["transmit"];
  readonly #random: RandomU32;
  readonly #onDelivered: LinkOptions["onDelivered"];
  readonly #onGaveUp: LinkOptions["onGaveUp"];
  readonly #onAttempt: LinkOptions["onAttempt"];
  readonly #policies: LinkPolicies;
  readonly #dedup: DuplicateFilter;
  /** Per peer, per lane, the messages in order; the head is in flight once `attempts ≥ 1`. */
  readonly #lanes = new Map<number, Entry[][]>();
  /**
   * Messages in all lanes (in flight or waiting). While it is 0, `nextDeadline` and `poll` need
   * not walk the lanes: a post runs them at every frame and usually has nothing pending to any of
   * its 20 callers (issue 15 §3).
   */
  #queued = 0;
  #seq: number;

  /**
   * @throws TypeError when `transmit` or `random` is not a function, or `policies` names an
   *   unknown kind; RangeError naming the field for a bad policy value, `dedupPerLane` or
   *   `firstSeq`.
   */
  constructor(options: LinkOptions) {
    if (typeof options?.transmit !== "function") throw new TypeError("transmit must be a function");
    if (typeof options.random !== "function") throw new TypeError("random must be a RandomU32 function");
    this.#transmit = options.transmit;
    this.#random = options.random;
    this.#onDelivered = options.onDelivered;
    this.#onGaveUp = options.onGaveUp;
    this.#onAttempt = options.onAttempt;
    const given = options.policies ?? {};
    for (const kind of Object.keys(given)) {
      if (!(kind in LINK_KINDS)) throw new TypeError(`policies.${kind}: not a reliable message kind (${Object.keys(LINK_KINDS).join(", ")})`);
    }
    const policies = {} as LinkPolicies;
    for (const kind of Object.keys(LINK_KINDS) as ReliableKind[]) {
      const d = LINK_DEFAULTS[kind];
      const g = given[kind] ?? {};
      // A field given as undefined takes its default, like a field left out.
      const policy: RetryPolicy = {
        initialMs: g.initialMs ?? d.initialMs,
        maxMs: g.maxMs ?? d.maxMs,
        factor: g.factor ?? d.factor,
        jitter: g.jitter ?? d.jitter,
        maxAttempts: g.maxAttempts ?? d.maxAttempts,
      };
      checkRetryPolicy(policy, `policies.${kind}`);
      policies[kind] = policy;
    }
    this.#policies = policies;
    const dedupPerLane = options.dedupPerLane ?? LINK_DEFAULTS.dedupPerLane;
    if (!Number.isInteger(dedupPerLane) || dedupPerLane < 1 || dedupPerLane > 1024) {
      throw new RangeError(`dedupPerLane must be an integer 1…1024, got ${dedupPerLane}`);
    }
    this.#dedup = new DuplicateFilter({ lanes: LINK_LANE_COUNT, entriesPerLane: dedupPerLane });
    const firstSeq = options.firstSeq ?? (this.#random() >>> 0) & SEQ_MASK;
    if (!Number.isInteger(firstSeq) || firstSeq < 0 || firstSeq > SEQ_MASK) {
      throw new RangeError(`firstSeq must be an integer 0…${SEQ_MASK}, got ${firstSeq}`);
    }
    this.#seq = firstSeq;
  }

  /** The retry policy in force for `kind` (defaults merged with the options). */
  policy(kind: ReliableKind): Readonly<RetryPolicy> {
    return this.#policies[kind];
  }

  /**
   * Queues a reliable message to `peer` and transmits it at once when its lane to that peer is
   * free. A heartbeat replaces any older heartbeat to the same peer (see the module comment).
   * @param peer the peer's node id, u32.
   * @param message any message but an ack. The link keeps a reference: do not modify it.
   * @param now the current tick.
   * @returns the message's seq, as `pending()`, `cancel()` and the callbacks report it.
   * @throws RangeError for a peer that is not a u32; TypeError for an ack or an unknown kind.
   */
  send(peer: number, message: ReliableMessage, now: Ticks): number {
    checkU32(peer, "peer", "a node id");
    const kind = message?.kind;
    if (!Object.prototype.hasOwnProperty.call(LINK_KINDS, kind)) {
      throw new TypeError(`send: ${String(kind)} is not a reliable message kind (${Object.keys(LINK_KINDS).join(", ")})`);
    }
    const rule = LINK_KINDS[kind];
    const lane = this.#lane(peer, rule.lane);
    // Made only when a message is superseded (a heartbeat still unacked when the next comes).
    let superseded: Entry[] | undefined;
    if (rule.supersede) {
      for (let i = lane.length - 1; i >= 0; i--) {
        if (lane[i]!.message.kind === kind) (superseded ??= []).unshift(...lane.splice(i, 1));
      }
      if (superseded !== undefined) this.#queued -= superseded.length;
    }
    const seq = this.#nextSeq();
    this.#queued += 1;
    lane.push({ peer, seq, message, payload: withSeq(message, seq), policy: this.#policies[kind], attempts: 0, sentAt: now, deadline: now });
    this.#pump(lane, now);
    if (superseded !== undefined) {
      for (const old of superseded) {
        this.#onGaveUp?.(peer, old.message, { seq: old.seq, attempts: old.attempts, reason: "superseded", at: now });
      }
    }
    return seq;
  }

  /**
   * An authenticated frame arrived from `frame.sender`.
   * - An ack finishes the matching message in flight (`onDelivered`, first time only); a stale
   *   or unknown ack is ignored.
   * - A reliable message is acked, every time, even when it is a duplicate; it is returned to
   *   the app the first time only.
   * @param frame a frame the secure channel accepted.
   * @param now the current tick.
   * @returns the message for the app (without seq, sender or counter), or undefined for an ack
   *   or a duplicate.
   */
  receive(frame: Frame, now: Ticks): ReliableMessage | undefined {
    const peer = frame.sender;
    if (frame.kind === "ack") {
      this.#acked(peer, frame, now);
      return undefined;
    }
    const rule = LINK_KINDS[frame.kind];
    if (rule === undefined) return undefined;
    this.#transmit(peer, { kind: "ack", ackKind: frame.kind, ackSeq: frame.seq, seq: this.#nextSeq() }, now);
    const message = toMessage(frame);
    return this.#dedup.admit(peer, rule.lane, frame.seq, message) ? message : undefined;
  }

  /**
   * Forgets that `frame` was delivered, so that its next copy is handed to the app again: for
   * an app that refused the message (it could not act on it) and whose caller withheld the ack
   * `receive` produced. Unknown frames and acks are ignored.
   * @param frame a frame `receive` returned a message for.
   */
  withdraw(frame: Frame): void {
    if (frame.kind === "ack") return;
    const rule = LINK_KINDS[frame.kind];
    if (rule === undefined) return;
    this.#dedup.withdraw(frame.sender, rule.lane, frame.seq, toMessage(frame));
  }

  /** Retransmits every message whose ack wait has run out, and gives up on exhausted ones. */
  poll(now: Ticks): void {
    if (this.#queued === 0) return;
    const due: Entry[] = [];
    for (const lanes of this.#lanes.values()) {
      for (const lane of lanes) {
        const head = lane[0];
        if (head !== undefined && head.attempts > 0 && ticksReached(now, head.deadline)) due.push(head);
      }
    }
    for (const entry of due) {
      const lane = this.#lanes.get(entry.peer)![LINK_KINDS[entry.message.kind].lane]!;
      if (lane[0] !== entry) continue; // finished by a callback meanwhile
      if (entry.attempts >= entry.policy.maxAttempts) {
        lane.shift();
        this.#queued -= 1;
        this.#pump(lane, now);
        this.#onGaveUp?.(entry.peer, entry.message, { seq: entry.seq, attempts: entry.attempts, reason: "attempts", at: now });
      } else {
        this.#attempt(entry, now);
      }
    }
  }

  /** The earliest tick at which `poll` has work, or undefined when nothing is in flight. */
  nextDeadline(): Ticks | undefined {
    if (this.#queued === 0) return undefined;
    let next: Ticks | undefined;
    for (const lanes of this.#lanes.values()) {
      for (const lane of lanes) {
        const head = lane[0];
        if (head !== undefined && head.attempts > 0) next = earliest(next, head.deadline);
      }
    }
    return next;
  }

  /**
   * The reliable messages not yet acked nor given up, in flight or waiting, most urgent lane
   * first; for status displays, and for the app to persist what must survive a reboot.
   * @param peer only this peer's; all peers when omitted.
   */
  pending(peer?: number): readonly PendingSend[] {
    const out: PendingSend[] = [];
    for (const [p, lanes] of this.#lanes) {
      if (peer !== undefined && p !== peer) continue;
      for (const lane of lanes) {
        for (const e of lane) out.push({ peer: e.peer, seq: e.seq, message: e.message, attempts: e.attempts });
      }
    }
    return out;
  }

  /**
   * Stops sending one message, with no callback (e.g. the app learned by other means that it is
   * moot). The next message of its lane starts at once.
   * @returns true when the message was pending.
   */
  cancel(peer: number, seq: number, now: Ticks): boolean {
    const lanes = this.#lanes.get(peer);
    if (lanes === undefined) return false;
    for (const lane of lanes) {
      const i = lane.findIndex((e) => e.seq === seq);
      if (i < 0) continue;
      lane.splice(i, 1);
      this.#queued -= 1;
      this.#pump(lane, now);
      return true;
    }
    return false;
  }

  /** Forgets a peer: drops its pending messages (no callbacks) and its duplicate memory. */
  forget(peer: number): void {
    for (const lane of this.#lanes.get(peer) ?? []) this.#queued -= lane.length;
    this.#lanes.delete(peer);
    this.#dedup.forget(peer);
  }

  #lane(peer: number, index: number): Entry[] {
    let lanes = this.#lanes.get(peer);
    if (lanes === undefined) {
      lanes = [];
      for (let i = 0; i < LINK_LANE_COUNT; i++) lanes.push([]);
      this.#lanes.set(peer, lanes);
    }
    return lanes[index]!;
  }

  #nextSeq(): number {
    const seq = this.#seq;
    this.#seq = (seq + 1) & SEQ_MASK;
    return seq;
  }

  /** Starts the head of a lane when it has not been transmitted yet. */
  #pump(lane: Entry[], now: Ticks): void {
    const head = lane[0];
    if (head === undefined || head.attempts > 0) return;
    head.sentAt = now;
    this.#attempt(head, now);
  }

  /** One transmission of `entry`, and its next deadline. */
  #attempt(entry: Entry, now: Ticks): void {
    entry.attempts += 1;
    entry.deadline = ticksAdd(now, retransmissionWaitMs(entry.policy, entry.attempts, this.#random));
    this.#transmit(entry.peer, entry.payload, now);
    this.#onAttempt?.(entry.peer, entry.message, { seq: entry.seq, attempt: entry.attempts, at: now });
  }

  #acked(peer: number, ack: AckMessage, now: Ticks): void {
    const rule = (LINK_KINDS as Record<string, { lane: number } | undefined>)[ack.ackKind];
    if (rule === undefined) return;
    const lane = this.#lanes.get(peer)?.[rule.lane];
    const head = lane?.[0];
    if (lane === undefined || head === undefined || head.attempts === 0) return;
    if (head.seq !== ack.ackSeq || head.message.kind !== ack.ackKind) return;
    lane.shift();
    this.#queued -= 1;
    this.#pump(lane, now);
    this.#onDelivered?.(peer, head.message, { seq: head.seq, attempts: head.attempts, sentAt: head.sentAt, ackedAt: now });
  }
}

/**
 * `message` with its link seq: `{ ...message, seq }` written out per kind (an object spread of
 * the apps' messages, of several shapes, took half of `send`'s time in the simulator's profile:
 * issue 15 §3). An alarm without a boot nonce stays without one (the encoder writes 0 for it).
 */
function withSeq(message: ReliableMessage, seq: number): Payload {
  switch (message.kind) {
    case "alarm":
      return message.boot === undefined ? { kind: "alarm", incident: message.incident, seq } : { kind: "alarm", incident: message.incident, boot: message.boot, seq };
    case "heartbeat":
      return { kind: "heartbeat", status: message.status, uptimeS: message.uptimeS, seq };
    case "operator_ack":
      return { kind: "operator_ack", incident: message.incident, seq };
    case "resolved":
      return { kind: "resolved", incident: message.incident, seq };
  }
}

/** The app's view of a received reliable frame: the message fields only. */
function toMessage(frame: Frame & { kind: ReliableKind }): ReliableMessage {
  switch (frame.kind) {
    case "alarm":
      return frame.boot === undefined ? { kind: "alarm", incident: frame.incident } : { kind: "alarm", incident: frame.incident, boot: frame.boot };
    case "heartbeat":
      return { kind: "heartbeat", status: frame.status, uptimeS: frame.uptimeS };
    case "operator_ack":
      return { kind: "operator_ack", incident: frame.incident };
    case "resolved":
      return { kind: "resolved", incident: frame.incident };
  }
}
