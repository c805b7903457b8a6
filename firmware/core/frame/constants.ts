/**
 * Wire constants of the warning-bell frame, version 1. The layout, with reasons, is in
 * `docs/protocol.md`; a test checks that the sizes there match these tables.
 *
 * ```
 *  offset  size  field     (all multi-byte fields big-endian, network byte order)
 *  0       1     version   FRAME_VERSION
 *  1       1     kind      MessageKind code (types.ts)
 *  2       4     sender    sender's node id, u32
 *  6       4     counter   sender's frame counter, u32, new for every frame
 *  10      2     seq       link message id, u16
 *  12      n     body      per kind, BODY_BYTES[kind]
 *  12+n    16    tag       HMAC-SHA256(key, bytes 0 … 12+n−1), first 16 bytes
 * ```
 *
 * Compatibility: byte 0 is the version in every past and future version, so any receiver can
 * tell a frame it cannot read (reason `version`) from a damaged one (`malformed`). Kind codes are
 * never renumbered (types.ts); a kind this version does not know is `malformed`.
 */
import type { MessageKindName } from "./types.ts";

/** Protocol version carried in byte 0. Bump it on any change to the layout or the tag. */
export const FRAME_VERSION = 1;

/**
 * Largest ESP-NOW v1 payload, bytes (ESP-IDF `esp_now.h` `ESP_NOW_MAX_DATA_LEN`). ESP-NOW v2
 * carries 1470 bytes but a v1 device drops longer frames, so every frame stays within v1.
 */
export const ESP_NOW_MAX_DATA_LEN = 250;

/** Bytes of the unsigned integer field types used on the wire. */
export const FIELD_BYTES = { u8: 1, u16: 2, u32: 4 } as const;

const VERSION_OFFSET = 0;
const KIND_OFFSET = VERSION_OFFSET + FIELD_BYTES.u8;
const SENDER_OFFSET = KIND_OFFSET + FIELD_BYTES.u8;
const COUNTER_OFFSET = SENDER_OFFSET + FIELD_BYTES.u32;
const SEQ_OFFSET = COUNTER_OFFSET + FIELD_BYTES.u32;
const HEADER_BYTES = SEQ_OFFSET + FIELD_BYTES.u16;

/**
 * Length of the authentication tag, bytes: HMAC-SHA256 truncated to its leftmost 128 bits.
 * RFC 2104 §5 asks for at least half the hash output (128 bits for SHA-256) and at least 80
 * bits; RFC 4868 uses the same 128-bit truncation (HMAC-SHA-256-128) for IPsec.
 */
const TAG_BYTES = 16;

/** Header field offsets and the frame's fixed sizes, all in bytes. */
export const FRAME = {
  versionOffset: VERSION_OFFSET,
  kindOffset: KIND_OFFSET,
  senderOffset: SENDER_OFFSET,
  counterOffset: COUNTER_OFFSET,
  seqOffset: SEQ_OFFSET,
  /** Bytes before the body: version, kind, sender, counter, seq. */
  headerBytes: HEADER_BYTES,
  /** Bytes of the tag that ends every frame. */
  tagBytes: TAG_BYTES,
  /** Largest frame: one ESP-NOW v1 payload. */
  maxBytes: ESP_NOW_MAX_DATA_LEN,
  /** Largest body a frame can carry: max frame − header − tag. */
  maxBodyBytes: ESP_NOW_MAX_DATA_LEN - HEADER_BYTES - TAG_BYTES,
  /** Smallest frame of any kind: header + tag with an empty body (no kind has one today). */
  minBytes: HEADER_BYTES + TAG_BYTES,
} as const;

/**
 * Body field offsets, relative to the start of the body (`FRAME.headerBytes`), per kind.
 * - alarm, operator_ack, resolved: `incident` u32 at 0; alarm also `boot` u32 at 4.
 * - heartbeat: `status` u8 at 0 (HeartbeatStatus bits), `uptimeS` u32 at 1.
 * - ack: `ackKind` u8 at 0 (MessageKind code, never ack itself), `ackSeq` u16 at 1.
 */
export const BODY = {
  incidentOffset: 0,
  bootOffset: FIELD_BYTES.u32,
  statusOffset: 0,
  uptimeOffset: FIELD_BYTES.u8,
  ackKindOffset: 0,
  ackSeqOffset: FIELD_BYTES.u8,
} as const;

/** Body size of each kind, bytes, derived from its fields. */
export const BODY_BYTES: { readonly [K in MessageKindName]: number } = {
  alarm: FIELD_BYTES.u32 + FIELD_BYTES.u32,
  heartbeat: FIELD_BYTES.u8 + FIELD_BYTES.u32,
  operator_ack: FIELD_BYTES.u32,
  resolved: FIELD_BYTES.u32,
  ack: FIELD_BYTES.u8 + FIELD_BYTES.u16,
};

/** Whole frame size of each kind, bytes: header + body + tag. Every one is ≤ `FRAME.maxBytes`. */
export const FRAME_BYTES: { readonly [K in MessageKindName]: number } = {
  alarm: HEADER_BYTES + BODY_BYTES.alarm + TAG_BYTES,
  heartbeat: HEADER_BYTES + BODY_BYTES.heartbeat + TAG_BYTES,
  operator_ack: HEADER_BYTES + BODY_BYTES.operator_ack + TAG_BYTES,
  resolved: HEADER_BYTES + BODY_BYTES.resolved + TAG_BYTES,
  ack: HEADER_BYTES + BODY_BYTES.ack + TAG_BYTES,
};

/** Largest values of the unsigned wire fields. */
export const FIELD_MAX = { u8: 0xff, u16: 0xffff, u32: 0xffff_ffff } as const;
