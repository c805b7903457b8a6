/**
 * The only frame encoder (STYLE rule 11): a `Frame` object → bytes, version `FRAME_VERSION`.
 * The byte layout is in `constants.ts` and `docs/protocol.md`; `decode.ts` is its inverse.
 */
import { BODY, FIELD_MAX, FRAME, FRAME_BYTES, FRAME_VERSION } from "./constants.ts";
import { MessageKind, type Frame, type MessageKindName, type Payload } from "./types.ts";

/**
 * Computes the tag of a frame: given the authenticated bytes (header + body), returns at least
 * `FRAME.tagBytes` bytes, of which the first `FRAME.tagBytes` are written to the wire.
 */
export type TagFunction = (authenticated: Uint8Array) => Uint8Array;

function checkUint(field: string, value: unknown, max: number): void {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > max) {
    throw new RangeError(`frame ${field} must be an integer 0…${max}, got ${String(value)}`);
  }
}

function isKindName(kind: unknown): kind is MessageKindName {
  return typeof kind === "string" && Object.prototype.hasOwnProperty.call(MessageKind, kind);
}

/** Writes `value` (u16, checked) big-endian at `at`. */
function putU16(bytes: Uint8Array, at: number, value: number): void {
  bytes[at] = value >>> 8;
  bytes[at + 1] = value;
}

/** Writes `value` (u32, checked) big-endian at `at`. */
function putU32(bytes: Uint8Array, at: number, value: number): void {
  bytes[at] = value >>> 24;
  bytes[at + 1] = value >>> 16;
  bytes[at + 2] = value >>> 8;
  bytes[at + 3] = value;
}

/**
 * Encodes one frame and appends its tag.
 * @param frame the payload plus `sender` (u32) and `counter` (u32); `seq` is u16, `incident`
 *   and `uptimeS` u32, `status` u8, `ackSeq` u16, `ackKind` any kind but "ack".
 * @param tagOf called once with the header and body (a view of the new frame's first
 *   `FRAME_BYTES[kind] − FRAME.tagBytes` bytes); its first `FRAME.tagBytes` bytes become the tag.
 * @returns a new buffer of exactly `FRAME_BYTES[frame.kind]` bytes (≤ 250).
 * @throws TypeError for an unknown kind; RangeError naming the field for a value out of range,
 *   or when `tagOf` returns fewer than `FRAME.tagBytes` bytes. These are programmer errors.
 */
export function encodeFrame(frame: Frame, tagOf: TagFunction): Uint8Array {
  const bytes = encodeUntagged(frame, frame.sender, frame.counter);
  const tagAt = bytes.length - FRAME.tagBytes;
  const tag = tagOf(bytes.subarray(0, tagAt));
  if (!(tag instanceof Uint8Array) || tag.length < FRAME.tagBytes) {
    throw new RangeError(`tagOf must return at least ${FRAME.tagBytes} bytes`);
  }
  for (let i = 0; i < FRAME.tagBytes; i++) bytes[tagAt + i] = tag[i]!;
  return bytes;
}

/**
 * The frame of `payload` from `sender` with `counter`, its last `FRAME.tagBytes` bytes left 0 for
 * the caller to fill with the tag. `sender` and `counter` are given apart, so that the channel
 * seals the link's payload without first copying it into a `Frame` object, and it writes the tag
 * straight from `HmacSha256.into` over the frame's first bytes (`auth/tag.ts` `writeTag`), with
 * no view, no closure and no result array per frame (issue 15 §3). Same checks in the same order
 * and same errors as `encodeFrame`, but for the tag function's.
 * @param payload the link's payload (`Frame` fields other than `sender` and `counter`; those of
 *   the object, if any, are ignored). @param sender u32. @param counter u32.
 * @returns a new buffer of exactly `FRAME_BYTES[payload.kind]` bytes (≤ 250).
 * @throws TypeError for an unknown kind; RangeError naming the field for a value out of range
 *   (programmer errors).
 */
export function encodeUntagged(payload: Payload, sender: number, counter: number): Uint8Array {
  const kind: unknown = payload.kind;
  if (!isKindName(kind)) throw new TypeError(`frame kind ${String(kind)} is not a MessageKind`);
  checkUint("sender", sender, FIELD_MAX.u32);
  checkUint("counter", counter, FIELD_MAX.u32);
  checkUint("seq", payload.seq, FIELD_MAX.u16);

  // Plain byte stores (big-endian, as a DataView with littleEndian = false would write them): a
  // Uint8Array store keeps the low 8 bits of the value, and every value was range-checked first.
  const bytes = new Uint8Array(FRAME_BYTES[kind]);
  const body = FRAME.headerBytes;
  bytes[FRAME.versionOffset] = FRAME_VERSION;
  bytes[FRAME.kindOffset] = MessageKind[kind];
  putU32(bytes, FRAME.senderOffset, sender);
  putU32(bytes, FRAME.counterOffset, counter);
  putU16(bytes, FRAME.seqOffset, payload.seq);

  switch (payload.kind) {
    case "alarm":
      checkUint("incident", payload.incident, FIELD_MAX.u32);
      checkUint("boot", payload.boot ?? 0, FIELD_MAX.u32);
      putU32(bytes, body + BODY.incidentOffset, payload.incident);
      putU32(bytes, body + BODY.bootOffset, payload.boot ?? 0);
      break;
    case "operator_ack":
    case "resolved":
      checkUint("incident", payload.incident, FIELD_MAX.u32);
      putU32(bytes, body + BODY.incidentOffset, payload.incident);
      break;
    case "heartbeat":
      checkUint("status", payload.status, FIELD_MAX.u8);
      checkUint("uptimeS", payload.uptimeS, FIELD_MAX.u32);
      bytes[body + BODY.statusOffset] = payload.status;
      putU32(bytes, body + BODY.uptimeOffset, payload.uptimeS);
      break;
    case "ack": {
      const acked: unknown = payload.ackKind;
      if (!isKindName(acked) || acked === "ack") {
        throw new RangeError(`frame ackKind must be a MessageKind other than "ack", got ${String(acked)}`);
      }
      checkUint("ackSeq", payload.ackSeq, FIELD_MAX.u16);
      bytes[body + BODY.ackKindOffset] = MessageKind[acked];
      putU16(bytes, body + BODY.ackSeqOffset, payload.ackSeq);
      break;
    }
  }
  return bytes;
}
