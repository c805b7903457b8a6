/**
 * A screen font on the PC: the BMFont pair built by tools/font/build.ts (the same resource the
 * device's Poco draws with), as layout metrics and 4-bit glyph masks for the framebuffer.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { decode } from "fast-png";
import { decodeBmFont, type BmFont } from "../font/bmfont.ts";
import type { FontMetrics } from "../../firmware/core/screen/layout.ts";

/** A loaded screen font. */
export class HostFont implements FontMetrics {
  readonly height: number;
  readonly font: BmFont;
  /** Per glyph pixel of the page, the mask value 0…15 as Moddable's `-mask` resource holds it. */
  readonly mask: Uint8Array;

  /** Reads `<dir>/<resource>.fnt` and its page image. @throws Error when a file is missing or bad. */
  constructor(dir: string, resource: string) {
    this.font = decodeBmFont(readFileSync(join(dir, `${resource}.fnt`)));
    this.height = this.font.lineHeight;
    const png = decode(readFileSync(join(dir, this.font.page)));
    if (png.channels !== 4 || png.width !== this.font.scaleW) throw new Error(`${this.font.page}: expected an RGBA page ${this.font.scaleW} px wide`);
    this.mask = new Uint8Array(png.width * png.height);
    // png2bmp: gray256 = 255 − alpha, then gray16 keeps the top 4 bits; the mask is its inverse.
    for (let i = 0; i < this.mask.length; i++) this.mask[i] = 15 - ((255 - (png.data[i * 4 + 3] as number)) >> 4);
  }

  /** Sum of the advances; a character the font lacks adds nothing (as Moddable's engine). */
  width(text: string): number {
    let w = 0;
    for (const ch of text) w += this.font.glyphs.get(ch.codePointAt(0) as number)?.xadvance ?? 0;
    return w;
  }
}
