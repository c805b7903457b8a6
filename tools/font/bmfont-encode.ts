/**
 * BMFont binary version 3 encoder: the one writer of the format decoded by `bmfont.ts` (layout
 * there). One page, glyphs sorted by id, no kerning (Moddable's engine kerns only when built
 * with MODDEF_CFE_KERN, and the layout's measured widths must equal what Poco draws).
 */
import { BMF_BLOCK, BMF_CHAR_BYTES, type BmFont } from "./bmfont.ts";

/** The bytes of `font` as a binary BMFont version 3. */
export function encodeBmFont(font: BmFont): Uint8Array {
  const enc = new TextEncoder();
  const name = enc.encode(font.name);
  const page = enc.encode(font.page);
  const glyphs = [...font.glyphs.values()].sort((a, b) => a.id - b.id);
  const infoSize = 14 + name.length + 1;
  const commonSize = 15;
  const pagesSize = page.length + 1;
  const charsSize = glyphs.length * BMF_CHAR_BYTES;
  const out = new Uint8Array(4 + 5 * 4 + infoSize + commonSize + pagesSize + charsSize);
  const v = new DataView(out.buffer);
  out.set([0x42, 0x4d, 0x46, 3], 0);
  let at = 4;
  const block = (type: number, size: number): number => {
    out[at] = type;
    v.setUint32(at + 1, size, true);
    at += 5;
    const start = at;
    at += size;
    return start;
  };
  let p = block(BMF_BLOCK.info, infoSize);
  v.setInt16(p, font.size, true);
  out[p + 2] = 0b1000_0010; // smooth, unicode
  out[p + 3] = 0; // charset (unused with unicode)
  v.setUint16(p + 4, 100, true); // stretchH %
  out[p + 6] = 1; // supersampling level
  // padding ×4, spacing ×2, outline: zero
  out.set(name, p + 14);
  p = block(BMF_BLOCK.common, commonSize);
  v.setUint16(p, font.lineHeight, true);
  v.setUint16(p + 2, font.base, true);
  v.setUint16(p + 4, font.scaleW, true);
  v.setUint16(p + 6, font.scaleH, true);
  v.setUint16(p + 8, 1, true); // pages
  out[p + 10] = 0; // not packed
  out[p + 11] = 0; // alpha channel holds the glyph
  out[p + 12] = 4; // red, green, blue: one (white)
  out[p + 13] = 4;
  out[p + 14] = 4;
  p = block(BMF_BLOCK.pages, pagesSize);
  out.set(page, p);
  p = block(BMF_BLOCK.chars, charsSize);
  for (const g of glyphs) {
    v.setUint32(p, g.id, true);
    v.setUint16(p + 4, g.x, true);
    v.setUint16(p + 6, g.y, true);
    v.setUint16(p + 8, g.width, true);
    v.setUint16(p + 10, g.height, true);
    v.setInt16(p + 12, g.xoffset, true);
    v.setInt16(p + 14, g.yoffset, true);
    v.setInt16(p + 16, g.xadvance, true);
    out[p + 18] = 0; // page
    out[p + 19] = 15; // all channels
    p += BMF_CHAR_BYTES;
  }
  return out;
}
