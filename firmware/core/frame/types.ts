/**
 * What travels on the link, as the layers above the codec see it.
 *
 * Layering (ARCHITECTURE §2), from the app down:
 *   app ── Message ──► link (adds `seq`, retransmits, acks, dedups)
 *       ── Payload ──► secure channel (adds `sender`, `counter`, tag; encodes; checks replay)
 *       ── bytes ────► Radio
 *
 * - `seq` is the link's message id: the same for every retransmission of one message, so the
 *   receiving link can suppress duplicates and the ack can name what it acknowledges.
 * - `counter` is the sender's 32-bit monotonic frame counter: new for *every* frame, so a
 *   retransmission is never a replay, and a captured frame can never be accepted twice.
 * - Incident numbers are the caller's own, persisted and monotonic: the receiver's idempotency
 *   key for alarms, which survives a receiver reboot (the link's dedup memory does not).
 *
 * The byte layout is in `docs/protocol.md`.
 */

/** Message kinds, each with its wire code. Codes are part of the protocol: never renumber. */
export const MessageKind = {
  /** caller → receiver, reliable: a press raised an alarm. */
  alarm: 0x01,
  /** caller → receiver, reliable with few retries: supervision heartbeat. */
  heartbeat: 0x02,
  /** receiver → caller, reliable: an officer acknowledged the caller's incident. */
  operator_ack: 0x03,
  /** receiver → caller, reliable: the incident was reset (closed) at the post. */
  resolved: 0x04,
  /** either way, never acked itself: app-level acknowledgement of one reliable message. */
  ack: 0x7f,
} as const;

export type MessageKindName = keyof typeof MessageKind;

/** Heartbeat status bits (a bit set = condition present). */
export const HeartbeatStatus = {
  /** An alarm is waiting for its ack (the receiver should already be hearing it). */
  alarmPending: 0x01,
  /** The button has been held far longer than any real press (stuck or shorted). */
  stuckButton: 0x02,
  /** The caller has lost contact with its receiver in the recent past. */
  linkFault: 0x04,
} as const;

/**
 * A caller's alarm. `incident` is the caller's own alarm number (u32, monotonic, persisted);
 * `boot` the caller's boot nonce when it raised the alarm (u32, random at each boot, kept with
 * the pending alarm): (caller, boot, incident) identifies an alarm, so a number handed out again
 * after a failed write and a reboot is still a new alarm (docs/protocol.md §3.2). On the wire it
 * is always present; absent here (and decoded so) means 0, the nonce of alarms raised before
 * nonces existed, which callers never draw.
 */
export interface AlarmMessage {
  kind: "alarm";
  incident: number;
  boot?: number;
}

/** A heartbeat: `status` is a set of `HeartbeatStatus` bits, `uptimeS` seconds since boot (u32). */
export interface HeartbeatMessage {
  kind: "heartbeat";
  status: number;
  uptimeS: number;
}

/** An officer acknowledged `incident` (help is coming). */
export interface OperatorAckMessage {
  kind: "operator_ack";
  incident: number;
}

/** The post reset (closed) `incident`. */
export interface ResolvedMessage {
  kind: "resolved";
  incident: number;
}

/** Acknowledges the message `ackSeq` of kind `ackKind` from the peer this ack is sent to. */
export interface AckMessage {
  kind: "ack";
  ackKind: Exclude<MessageKindName, "ack">;
  ackSeq: number;
}

/** Anything the app layer hands the link, or the link hands the app. */
export type Message = AlarmMessage | HeartbeatMessage | OperatorAckMessage | ResolvedMessage | AckMessage;

/** A message as the link sends it: `seq` is the link's message id (u16, wraps). */
export type Payload = Message & { seq: number };

/** A decoded, authenticated frame: the payload plus the sender's node id and frame counter. */
export type Frame = Payload & {
  /** Sender's node id (u32), assigned at provisioning. */
  sender: number;
  /** Sender's frame counter (u32), strictly increasing per sender and key. */
  counter: number;
};

/**
 * Why a frame was dropped; the `reason` of the `frame_rejected` event (ARCHITECTURE §3).
 * `duplicate`: the sender's latest accepted frame heard again, with a valid tag, moments later
 * (`DUPLICATE_WINDOW_MS`): the radio delivered it twice (an ESP-NOW MAC retransmission whose
 * first ack was lost). `replay`: any other counter already accepted or too old.
 */
export type RejectReason = "malformed" | "oversize" | "version" | "unknown_peer" | "bad_tag" | "replay" | "duplicate";

/** Result of decoding: never a throw for bad bytes (STYLE rule 10). */
export type DecodeResult = { ok: true; frame: Frame } | { ok: false; reason: RejectReason; detail: string };
