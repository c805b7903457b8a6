/**
 * The only frame encoder (STYLE rule 11): a `Frame` object → bytes, version `FRAME_VERSION`.
 * The byte layout is in `constants.ts` and `docs/protocol.md`; `decode.ts` is its inverse.
 */
import { BODY, FIELD_MAX, FRAME, FRAME_BYTES, FRAME_VERSION } from "./constants.ts";
import { MessageKind, type Frame, type MessageKindName } from "./types.ts";

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
  const kind: unknown = frame.kind;
  if (!isKindName(kind)) throw new TypeError(`frame kind ${String(kind)} is not a MessageKind`);
  checkUint("sender", frame.sender, FIELD_MAX.u32);
  checkUint("counter", frame.counter, FIELD_MAX.u32);
  checkUint("seq", frame.seq, FIELD_MAX.u16);

  const bytes = new Uint8Array(FRAME_BYTES[kind]);
  const view = new DataView(bytes.buffer);
  const body = FRAME.headerBytes;
  view.setUint8(FRAME.versionOffset, FRAME_VERSION);
  view.setUint8(FRAME.kindOffset, MessageKind[kind]);
  view.setUint32(FRAME.senderOffset, frame.sender, false);
  view.setUint32(FRAME.counterOffset, frame.counter, false);
  view.setUint16(FRAME.seqOffset, frame.seq, false);

  switch (frame.kind) {
    case "alarm":
      checkUint("incident", frame.incident, FIELD_MAX.u32);
      checkUint("boot", frame.boot ?? 0, FIELD_MAX.u32);
      view.setUint32(body + BODY.incidentOffset, frame.incident, false);
      view.setUint32(body + BODY.bootOffset, frame.boot ?? 0, false);
      break;
    case "operator_ack":
    case "resolved":
      checkUint("incident", frame.incident, FIELD_MAX.u32);
      view.setUint32(body + BODY.incidentOffset, frame.incident, false);
      break;
    case "heartbeat":
      checkUint("status", frame.status, FIELD_MAX.u8);
      checkUint("uptimeS", frame.uptimeS, FIELD_MAX.u32);
      view.setUint8(body + BODY.statusOffset, frame.status);
      view.setUint32(body + BODY.uptimeOffset, frame.uptimeS, false);
      break;
    case "ack": {
      const acked: unknown = frame.ackKind;
      if (!isKindName(acked) || acked === "ack") {
        throw new RangeError(`frame ackKind must be a MessageKind other than "ack", got ${String(acked)}`);
      }
      checkUint("ackSeq", frame.ackSeq, FIELD_MAX.u16);
      view.setUint8(body + BODY.ackKindOffset, MessageKind[acked]);
      view.setUint16(body + BODY.ackSeqOffset, frame.ackSeq, false);
      break;
    }
  }

  const tagAt = bytes.length - FRAME.tagBytes;
  const tag = tagOf(bytes.subarray(0, tagAt));
  if (!(tag instanceof Uint8Array) || tag.length < FRAME.tagBytes) {
    throw new RangeError(`tagOf must return at least ${FRAME.tagBytes} bytes`);
  }
  bytes.set(tag.subarray(0, FRAME.tagBytes), tagAt);
  return bytes;
}
