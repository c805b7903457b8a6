/**
 * The simulator's screen (issue 13): a software renderer of the render interface
 * (firmware/core/screen/render.ts) into a framebuffer, with the device's font resources
 * (tools/font/build.ts) and the device's layout, so a PNG of it shows the device's pixels.
 *
 * Pixel model: colours are stored as the panel holds them — rgb565 (each channel cut to 5/6/5
 * bits, as Poco's rgb565le) for the ILI9341; gray256 for the SSD1306, shown one bit a pixel
 * (≥ 128 lit, as its driver's threshold). Text: each glyph's 4-bit mask blends the colour over
 * what is there (alpha = mask / 15), as Poco draws a `-mask` font. Not bit-exact with Poco's
 * fixed-point blend: a rounding of one step in a channel may differ on antialiased edges.
 */
import { createHash } from "node:crypto";
import { encode } from "fast-png";
import { layout, type DrawCommand } from "../../firmware/core/screen/layout.ts";
import { paint, type RenderTarget } from "../../firmware/core/screen/render.ts";
import type { PaletteName, ScreenProfile } from "../../firmware/core/screen/profiles.ts";
import type { View } from "../../firmware/core/annunciator/annunciator.ts";
import { HostFont } from "./host-font.ts";
import { ensureScreenFonts } from "../font/build.ts";

/** The two fonts of a profile, loaded. */
export interface HostFonts {
  readonly small: HostFont;
  readonly large: HostFont;
}

const loaded = new Map<string, HostFonts>();

/** The fonts of `profile`, built first if need be (tools/font/build.ts), loaded once a process. */
export function hostFonts(profile: ScreenProfile): HostFonts {
  let f = loaded.get(profile.id);
  if (f === undefined) {
    const dir = ensureScreenFonts();
    f = { small: new HostFont(dir, profile.fonts.small.resource), large: new HostFont(dir, profile.fonts.large.resource) };
    loaded.set(profile.id, f);
  }
  return f;
}

/** A framebuffer of one screen: RGB, 3 bytes a pixel, row-major. */
export class Framebuffer implements RenderTarget {
  readonly rgb: Uint8Array;
  private clipRect: [number, number, number, number];

  constructor(
    readonly profile: ScreenProfile,
    private readonly fonts: HostFonts,
  ) {
    this.rgb = new Uint8Array(profile.width * profile.height * 3);
    this.clipRect = [0, 0, profile.width, profile.height];
  }

  begin(): void {
    this.clipRect = [0, 0, this.profile.width, this.profile.height];
  }

  end(): void {}

  clip(x: number, y: number, w: number, h: number): void {
    const [cx, cy, cw, ch] = this.clipRect;
    const x0 = Math.max(x, cx);
    const y0 = Math.max(y, cy);
    this.clipRect = [x0, y0, Math.max(0, Math.min(x + w, cx + cw) - x0), Math.max(0, Math.min(y + h, cy + ch) - y0)];
  }

  unclip(): void {
    this.clipRect = [0, 0, this.profile.width, this.profile.height];
  }

  fillRectangle(color: PaletteName, x: number, y: number, w: number, h: number): void {
    const c = this.native(this.profile.palette[color]);
    const [cx, cy, cw, ch] = this.clipRect;
    for (let j = Math.max(y, cy); j < Math.min(y + h, cy + ch); j++)
      for (let i = Math.max(x, cx); i < Math.min(x + w, cx + cw); i++) this.rgb.set(c, (j * this.profile.width + i) * 3);
  }

  drawText(text: string, font: "small" | "large", color: PaletteName, x: number, y: number): void {
    const f = this.fonts[font];
    const c = this.native(this.profile.palette[color]);
    const [cx, cy, cw, ch] = this.clipRect;
    const W = this.profile.width;
    let penX = x;
    for (const chr of text) {
      const g = f.font.glyphs.get(chr.codePointAt(0) as number);
      if (g === undefined) continue; // Moddable skips a glyph the font lacks
      for (let r = 0; r < g.height; r++) {
        const py = y + g.yoffset + r;
        if (py < cy || py >= cy + ch) continue;
        for (let k = 0; k < g.width; k++) {
          const px = penX + g.xoffset + k;
          if (px < cx || px >= cx + cw) continue;
          const a = f.mask[(g.y + r) * f.font.scaleW + g.x + k];
          if (a === 0) continue;
          const o = (py * W + px) * 3;
          const mixed = [0, 1, 2].map((n) => Math.round(((c[n] as number) * a + (this.rgb[o + n] as number) * (15 - a)) / 15));
          this.rgb.set(this.native(mixed as unknown as readonly [number, number, number]), o);
        }
      }
      penX += g.xadvance;
    }
  }

  /** The colour as the panel stores it, expanded back to 8 bits a channel. */
  private native(rgb: readonly [number, number, number]): [number, number, number] {
    if (this.profile.pixelFormat === "gray256") {
      const gray = Math.round(0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2]);
      return [gray, gray, gray];
    }
    const r5 = rgb[0] >> 3;
    const g6 = rgb[1] >> 2;
    const b5 = rgb[2] >> 3;
    return [(r5 << 3) | (r5 >> 2), (g6 << 2) | (g6 >> 4), (b5 << 3) | (b5 >> 2)];
  }

  /** What the panel shows, RGB: the SSD1306's one bit a pixel applied. */
  shown(): Uint8Array {
    if (!this.profile.monochrome) return this.rgb;
    const out = new Uint8Array(this.rgb.length);
    for (let i = 0; i < out.length; i++) out[i] = (this.rgb[i] as number) >= 128 ? 255 : 0;
    return out;
  }

  /** SHA-256 (hex) of the shown pixels with the size: the golden-image checksum. */
  checksum(): string {
    return createHash("sha256").update(`${this.profile.width}x${this.profile.height}\n`).update(this.shown()).digest("hex");
  }

  /** The shown pixels as a PNG (fast-png). */
  png(): Uint8Array {
    return encode({ width: this.profile.width, height: this.profile.height, data: this.shown(), channels: 3, depth: 8 });
  }

}

/** Lays out `view` on `profile` and paints it into a new framebuffer. */
export function renderView(view: View, profile: ScreenProfile): { fb: Framebuffer; commands: DrawCommand[] } {
  const fonts = hostFonts(profile);
  const commands = layout(view, profile, fonts);
  const fb = new Framebuffer(profile, fonts);
  paint(commands, fb, { small: fonts.small.height, large: fonts.large.height });
  return { fb, commands };
}
