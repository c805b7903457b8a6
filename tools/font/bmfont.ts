/**
 * BMFont binary format, version 3 (AngelCode; the format Moddable's font engine reads,
 * `modules/commodetto/cfeBMF.c`): the one decoder and the layout of the blocks. The encoder is
 * `bmfont-encode.ts`.
 *
 * Layout (little-endian): "BMF", version 3, then blocks of (type u8, size u32, content):
 *   1 info:   fontSize i16, bits u8, charSet u8, stretchH u16, aa u8, padding u8×4, spacing u8×2,
 *             outline u8, font name (NUL-terminated)
 *   2 common: lineHeight u16, base u16 (Moddable's ascent), scaleW u16, scaleH u16, pages u16
 *             (Moddable wants 1), bits u8, alpha/red/green/blue channel u8×4
 *   3 pages:  page file names, NUL-terminated
 *   4 chars:  20 bytes each: id u32, x u16, y u16, width u16, height u16, xoffset i16,
 *             yoffset i16, xadvance i16, page u8, channel u8 — sorted by id (cfeBMF searches)
 */

/** One glyph of a BMFont: where it is in the page image and how it is placed, px. */
export interface BmGlyph {
  readonly id: number;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  /** From the pen position: right, and down from the top of the line. */
  readonly xoffset: number;
  readonly yoffset: number;
  readonly xadvance: number;
}

/** A decoded BMFont. */
export interface BmFont {
  readonly name: string;
  readonly size: number;
  readonly lineHeight: number;
  /** Distance from the top of the line to the baseline, px. */
  readonly base: number;
  readonly scaleW: number;
  readonly scaleH: number;
  readonly page: string;
  readonly glyphs: ReadonlyMap<number, BmGlyph>;
}

/** The block types. */
export const BMF_BLOCK = { info: 1, common: 2, pages: 3, chars: 4 } as const;
/** Bytes of one char record. */
export const BMF_CHAR_BYTES = 20;

/**
 * Decodes a binary BMFont version 3.
 * @throws RangeError saying what is wrong when the bytes are not such a font.
 */
export function decodeBmFont(bytes: Uint8Array): BmFont {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 4 || bytes[0] !== 0x42 || bytes[1] !== 0x4d || bytes[2] !== 0x46) throw new RangeError("not a binary BMFont (no \"BMF\" signature)");
  if (bytes[3] !== 3) throw new RangeError(`BMFont version ${bytes[3]}, not 3`);
  let at = 4;
  const blocks = new Map<number, { start: number; size: number }>();
  while (at + 5 <= bytes.length) {
    const type = bytes[at];
    const size = v.getUint32(at + 1, true);
    if (at + 5 + size > bytes.length) throw new RangeError(`BMFont block ${type} runs past the end`);
    blocks.set(type, { start: at + 5, size });
    at += 5 + size;
  }
  const need = (t: number) => {
    const b = blocks.get(t);
    if (b === undefined) throw new RangeError(`BMFont has no block ${t}`);
    return b;
  };
  const info = need(BMF_BLOCK.info);
  const common = need(BMF_BLOCK.common);
  const pages = need(BMF_BLOCK.pages);
  const chars = need(BMF_BLOCK.chars);
  const cstring = (s: number, end: number) => {
    let e = s;
    while (e < end && bytes[e] !== 0) e++;
    return new TextDecoder().decode(bytes.subarray(s, e));
  };
  if (chars.size % BMF_CHAR_BYTES !== 0) throw new RangeError(`BMFont chars block of ${chars.size} bytes is not a whole number of ${BMF_CHAR_BYTES}-byte records`);
  const glyphs = new Map<number, BmGlyph>();
  for (let p = chars.start; p < chars.start + chars.size; p += BMF_CHAR_BYTES) {
    const g: BmGlyph = {
      id: v.getUint32(p, true),
      x: v.getUint16(p + 4, true),
      y: v.getUint16(p + 6, true),
      width: v.getUint16(p + 8, true),
      height: v.getUint16(p + 10, true),
      xoffset: v.getInt16(p + 12, true),
      yoffset: v.getInt16(p + 14, true),
      xadvance: v.getInt16(p + 16, true),
    };
    glyphs.set(g.id, g);
  }
  return {
    name: cstring(info.start + 14, info.start + info.size),
    size: Math.abs(v.getInt16(info.start, true)),
    lineHeight: v.getUint16(common.start, true),
    base: v.getUint16(common.start + 2, true),
    scaleW: v.getUint16(common.start + 4, true),
    scaleH: v.getUint16(common.start + 6, true),
    page: cstring(pages.start, pages.start + pages.size),
    glyphs,
  };
}
