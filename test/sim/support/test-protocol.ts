/**
 * A tiny authenticated frame format for the simulator's test apps (not the real protocol):
 * `[kind u8][sender u32 BE][seq u32 BE][tag 8 bytes]`, tag = first 8 bytes of
 * HMAC-SHA256(key, first 9 bytes).
 */
import type { HmacSha256 } from "../../../firmware/hal/crypto.ts";

export const TEST_KIND = { ping: 1, alarm: 2, echo: 3 } as const;
export const TEST_FRAME_BYTES = 17;

export interface TestFrame {
  kind: number;
  sender: number;
  seq: number;
}

export function encodeTestFrame(f: TestFrame, key: Uint8Array, hmac: HmacSha256): Uint8Array {
  const out = new Uint8Array(TEST_FRAME_BYTES);
  const view = new DataView(out.buffer);
  view.setUint8(0, f.kind);
  view.setUint32(1, f.sender);
  view.setUint32(5, f.seq);
  out.set(hmac(key, out.subarray(0, 9)).subarray(0, 8), 9);
  return out;
}

/** The frame, or a reason it was refused. `keyOf` finds the sender's key. */
export function decodeTestFrame(
  bytes: Uint8Array,
  keyOf: (sender: number) => Uint8Array | undefined,
  hmac: HmacSha256,
): TestFrame | "malformed" | "unknown_peer" | "bad_tag" {
  if (bytes.length !== TEST_FRAME_BYTES) return "malformed";
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const f = { kind: view.getUint8(0), sender: view.getUint32(1), seq: view.getUint32(5) };
  const key = keyOf(f.sender);
  if (!key) return "unknown_peer";
  const tag = hmac(key, bytes.subarray(0, 9));
  for (let i = 0; i < 8; i++) if (tag[i] !== bytes[9 + i]) return "bad_tag";
  return f;
}
