/**
 * The only frame decoder (STYLE rules 10, 11): bytes → a `Frame`, or a typed rejection.
 * It never throws on bytes and reads no field before checking that the bytes hold it.
 * It does not check the tag: `SecureChannel.open` (`../channel.ts`) authenticates the frame.
 * The byte layout is in `constants.ts` and `docs/protocol.md`; `encode.ts` is its inverse.
 */
import { BODY, FRAME, FRAME_BYTES, FRAME_VERSION } from "./constants.ts";
import { MessageKind, type DecodeResult, type Frame, type MessageKindName, type RejectReason } from "./types.ts";

/** The kind named by a wire code, or undefined for a code this version does not know. */
export function kindOfCode(code: number): MessageKindName | undefined {
  switch (code) {
    case MessageKind.alarm:
      return "alarm";
    case MessageKind.heartbeat:
      return "heartbeat";
    case MessageKind.operator_ack:
      return "operator_ack";
    case MessageKind.resolved:
      return "resolved";
    case MessageKind.ack:
      return "ack";
    default:
      return undefined;
  }
}

function reject(reason: RejectReason, detail: string): DecodeResult {
  return { ok: false, reason, detail };
}

/** The big-endian u16 at `at` (the caller checked the bounds). */
function u16At(bytes: Uint8Array, at: number): number {
  return (bytes[at]! << 8) | bytes[at + 1]!;
}

/** The big-endian u32 at `at` (the caller checked the bounds), 0 … 2^32 − 1. */
function u32At(bytes: Uint8Array, at: number): number {
  return ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0;
}

function hex(byte: number): string {
  return "0x" + (byte < 0x10 ? "0" : "") + byte.toString(16);
}

/**
 * Decodes one frame (version `FRAME_VERSION`) without checking its tag.
 *
 * Checks, in order (the first that fails gives the reason):
 * 1. `oversize`: more than `FRAME.maxBytes` (250) bytes.
 * 2. `malformed`: not a Uint8Array, or empty.
 * 3. `version`: byte 0 is not `FRAME_VERSION`.
 * 4. `malformed`: no kind byte, a kind code this version does not know, a length other than
 *    `FRAME_BYTES[kind]` (short or trailing bytes), or an ack whose `ackKind` is not a known
 *    kind other than ack.
 *
 * @param bytes one received radio payload; it is only read, never kept.
 * @returns `{ ok: true, frame }` (unauthenticated) or `{ ok: false, reason, detail }`. Never throws.
 */
export function decodeFrame(bytes: Uint8Array): DecodeResult {
  if (!(bytes instanceof Uint8Array)) return reject("malformed", "not a byte array");
  const length = bytes.length;
  if (length > FRAME.maxBytes) return reject("oversize", `${length} bytes > ${FRAME.maxBytes}`);
  if (length === 0) return reject("malformed", "empty frame");
  const version = bytes[FRAME.versionOffset]!;
  if (version !== FRAME_VERSION) return reject("version", `version ${version}, this device reads ${FRAME_VERSION}`);
  if (length <= FRAME.kindOffset) return reject("malformed", `${length} byte(s): no kind`);
  const code = bytes[FRAME.kindOffset]!;
  const kind = kindOfCode(code);
  if (kind === undefined) return reject("malformed", `unknown kind ${hex(code)}`);
  const expected = FRAME_BYTES[kind];
  if (length !== expected) {
    const what = length < expected ? "short" : "trailing bytes";
    return reject("malformed", `${kind} frame is ${expected} bytes, got ${length} (${what})`);
  }

  // From here on the length is exactly that of `kind`, so every field below is in bounds.
  // Big-endian reads by hand (as DataView.getUint32(…, false)): no DataView per frame.
  const body = FRAME.headerBytes;
  const sender = u32At(bytes, FRAME.senderOffset);
  const counter = u32At(bytes, FRAME.counterOffset);
  const seq = u16At(bytes, FRAME.seqOffset);
  let frame: Frame;
  switch (kind) {
    case "alarm": {
      const boot = u32At(bytes, body + BODY.bootOffset);
      frame = { kind, incident: u32At(bytes, body + BODY.incidentOffset), seq, sender, counter };
      if (boot !== 0) frame.boot = boot; // 0: no nonce (`AlarmMessage`)
      break;
    }
    case "operator_ack":
    case "resolved":
      frame = { kind, incident: u32At(bytes, body + BODY.incidentOffset), seq, sender, counter };
      break;
    case "heartbeat":
      frame = {
        kind,
        status: bytes[body + BODY.statusOffset]!,
        uptimeS: u32At(bytes, body + BODY.uptimeOffset),
        seq,
        sender,
        counter,
      };
      break;
    case "ack": {
      const ackCode = bytes[body + BODY.ackKindOffset]!;
      const ackKind = kindOfCode(ackCode);
      if (ackKind === undefined || ackKind === "ack") return reject("malformed", `ack names kind ${hex(ackCode)}`);
      frame = { kind, ackKind, ackSeq: u16At(bytes, body + BODY.ackSeqOffset), seq, sender, counter };
      break;
    }
  }
  return { ok: true, frame };
}
