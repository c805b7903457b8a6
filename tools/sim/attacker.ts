/**
 * The scenario's attacker: someone near the post with a radio, who hears every frame on the
 * air and transmits frames with a spoofed source address (ESP-NOW source MACs are not
 * authenticated; alarm-field-facts §3.1). Two attacks, both injected straight into the
 * target's radio (no loss: the attacker stands close):
 * - `replay`: re-send, byte for byte, the `back`-th most recent frame captured from `from`;
 * - `forge`: a frame the attacker made, by `mode`:
 *   - `flip_tag` (default): a captured frame with bit 0 of its **last byte** flipped — the
 *     protocol puts the tag last (`firmware/core/frame/encode.ts`), so this is a bad tag;
 *   - `random`: random bytes, as long as a captured frame (32 bytes if none was captured);
 *   - `wrong_key`: a well-formed frame under a key the attacker guessed. Only a forger that
 *     knows the frame format can make one, so it must be supplied (`RunOptions.engine.forgers`);
 *     the engine itself knows no protocol.
 * The apps should raise nothing for any of these (ARCHITECTURE §1: `frame_rejected` only).
 */
import type { ForgeMode } from "./scenario.ts";
import type { Random } from "./random.ts";

/**
 * Makes a forged frame from the captured one (undefined if nothing was captured yet).
 * Returns the bytes to inject, or undefined if it cannot forge without a captured frame.
 */
export type Forger = (captured: Uint8Array | undefined, random: Random) => Uint8Array | undefined;

/** Forgers by mode; `wrong_key` has no built-in one. */
export type Forgers = Partial<Record<ForgeMode, Forger>>;

/** Bytes of a random frame when nothing was captured to copy the length from. */
export const RANDOM_FRAME_BYTES = 32;

/** The forgers that need no knowledge of the protocol. */
export const BUILTIN_FORGERS: Readonly<Forgers> = Object.freeze({
  flip_tag: (captured: Uint8Array | undefined) => {
    if (!captured) return undefined;
    const out = captured.slice();
    out[out.length - 1]! ^= 0x01;
    return out;
  },
  random: (captured: Uint8Array | undefined, random: Random) => random.bytes(captured?.length ?? RANDOM_FRAME_BYTES),
});
