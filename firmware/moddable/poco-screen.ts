/**
 * The render interface (firmware/core/screen/render.ts) on Moddable's Poco renderer (issue 13):
 * one Poco call a method, colours made once per palette entry with `poco.makeColor`, fonts the
 * BMFont `-mask` resources built by tools/font/build.ts (`parseBMF(new Resource("….bf4"))`),
 * measured with `poco.getTextWidth` — the metrics the layout is driven by. Takes Poco and the
 * fonts as arguments (the real ones come from `screen-sdk.ts`), so it runs on Node with a fake
 * at that edge (test/device/).
 *
 * Memory: Poco allocates two scanlines of the screen's width plus a 1024-byte display list
 * (`modules/commodetto/commodettoPocoCore.js`): about 2.3 KB for the ILI9341 (rgb565, 320 px),
 * 1.3 KB for the SSD1306 (gray256, 128 px); the fonts stay in flash.
 */
import type { View } from "../core/annunciator/annunciator.ts";
import { layout, type LayoutFonts } from "../core/screen/layout.ts";
import type { PaletteName, ScreenProfile } from "../core/screen/profiles.ts";
import { paint, type RenderTarget } from "../core/screen/render.ts";

/** What the adapter needs of a Poco font (`commodetto/parseBMF`'s result). */
export interface PocoFontLike {
  /** Line height, px (the BMFont's lineHeight). */
  readonly height: number;
}

/** What the adapter needs of a Poco instance (`commodetto/Poco`). */
export interface PocoLike<F extends PocoFontLike> {
  readonly width: number;
  readonly height: number;
  begin(): void;
  end(): void;
  makeColor(r: number, g: number, b: number): number;
  fillRectangle(color: number, x: number, y: number, width: number, height: number): void;
  drawText(text: string, font: F, color: number, x: number, y: number): void;
  getTextWidth(text: string, font: F): number;
  clip(x?: number, y?: number, width?: number, height?: number): void;
}

/** The receiver's screen on Poco. */
export class PocoScreen<F extends PocoFontLike> implements RenderTarget {
  /** The fonts' metrics, from Poco itself: what the layout measures with. */
  readonly metrics: LayoutFonts;
  private readonly colors = new Map<PaletteName, number>();

  /**
   * @throws RangeError when Poco's screen is not the profile's size (a wrong `screen` or
   *   `rotation` in the manifest would otherwise draw off the panel).
   */
  constructor(
    private readonly poco: PocoLike<F>,
    readonly profile: ScreenProfile,
    private readonly fonts: { readonly small: F; readonly large: F },
  ) {
    if (poco.width !== profile.width || poco.height !== profile.height) throw new RangeError(`the screen is ${poco.width}×${poco.height}, not the ${profile.id} profile's ${profile.width}×${profile.height}: check the manifest's screen and rotation`);
    for (const [name, [r, g, b]] of Object.entries(profile.palette) as [PaletteName, readonly [number, number, number]][]) this.colors.set(name, poco.makeColor(r, g, b));
    this.metrics = {
      small: { height: fonts.small.height, width: (text) => poco.getTextWidth(text, fonts.small) },
      large: { height: fonts.large.height, width: (text) => poco.getTextWidth(text, fonts.large) },
    };
  }

  /** Lays `view` out and draws it: one full frame. */
  show(view: View): void {
    paint(layout(view, this.profile, this.metrics), this, { small: this.fonts.small.height, large: this.fonts.large.height });
  }

  begin(): void {
    this.poco.begin();
  }

  end(): void {
    this.poco.end();
  }

  fillRectangle(color: PaletteName, x: number, y: number, w: number, h: number): void {
    this.poco.fillRectangle(this.colors.get(color) as number, x, y, w, h);
  }

  drawText(text: string, font: "small" | "large", color: PaletteName, x: number, y: number): void {
    this.poco.drawText(text, this.fonts[font], this.colors.get(color) as number, x, y);
  }

  clip(x: number, y: number, w: number, h: number): void {
    this.poco.clip(x, y, w, h);
  }

  unclip(): void {
    this.poco.clip();
  }
}
