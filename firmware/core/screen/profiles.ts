/**
 * The two screen profiles of the receiver (issue 13; wiring in docs/deploying.md, pins in
 * manifests/boards/): one layout (`./layout.ts`) serves both, driven by the fonts' metrics.
 *
 * - `ili9341`: 2.8" ILI9341 TFT, 320×240, SPI, Poco pixel format rgb565le (the default: colour
 *   tells alarm from fault, readable across a desk).
 * - `ssd1306`: 0.96" SSD1306 OLED, 128×64, I²C at 400 kHz, pixel format gray256; the panel shows
 *   one bit a pixel (the Moddable driver thresholds), so its palette is black and white.
 *
 * Fonts: DejaVu Sans Condensed (regular for small text, bold for the place name), rendered at
 * the pixel sizes below into BMFont resources by `tools/font/build.ts` (licence and source:
 * tools/font/README.md). `resource` is the resource name on the device and the file stem in
 * build/font/.
 */

/** One font of a profile. */
export interface FontSpec {
  /** Resource / file stem (`<resource>.fnt` + `<resource>.png`). */
  readonly resource: string;
  /** TrueType file of the DejaVu family (Debian fonts-dejavu-core) it is rendered from. */
  readonly ttf: string;
  /** Pixel size (FreeType `FT_Set_Pixel_Sizes`), px. */
  readonly px: number;
}

/** Colour names the layout uses; each profile maps them to RGB. */
export type PaletteName = "background" | "text" | "alarmBar" | "alarmBody" | "alarmText" | "ackBar" | "ackText" | "faultBar" | "faultText" | "statusBar" | "statusBarText" | "statusText" | "dim";

/** A screen profile. */
export interface ScreenProfile {
  readonly id: "ili9341" | "ssd1306";
  /** Width and height, px (landscape). */
  readonly width: number;
  readonly height: number;
  /** Poco pixel format of the build (`mcconfig -f`). */
  readonly pixelFormat: "rgb565le" | "gray256";
  /** Whether the panel shows one bit a pixel (the driver thresholds gray at 128). */
  readonly monochrome: boolean;
  readonly fonts: { readonly small: FontSpec; readonly large: FontSpec };
  /** RGB 0…255 of each palette name. */
  readonly palette: Readonly<Record<PaletteName, readonly [number, number, number]>>;
  /** The bus and its clock, Hz: what a full-screen transfer costs (bench "screen"). */
  readonly bus: "spi" | "i2c";
  readonly busHz: number;
}

const BLACK = [0, 0, 0] as const;
const WHITE = [255, 255, 255] as const;

/** The screen profiles, by id. */
export const SCREEN_PROFILES = {
  ili9341: {
    id: "ili9341",
    width: 320,
    height: 240,
    pixelFormat: "rgb565le",
    monochrome: false,
    fonts: {
      small: { resource: "wb-sans-16", ttf: "DejaVuSansCondensed.ttf", px: 16 },
      large: { resource: "wb-sans-bold-28", ttf: "DejaVuSansCondensed-Bold.ttf", px: 28 },
    },
    palette: {
      background: BLACK,
      text: WHITE,
      alarmBar: [255, 255, 255],
      alarmBody: [200, 0, 0],
      alarmText: WHITE,
      ackBar: [255, 200, 0],
      ackText: [255, 200, 0],
      faultBar: [255, 120, 0],
      faultText: [255, 160, 64],
      statusBar: [0, 64, 160],
      statusBarText: WHITE,
      statusText: WHITE,
      dim: [160, 160, 160],
    },
    // The Moddable ILI9341 driver's default SPI clock (modules/drivers/ili9341/manifest.json: 40 MHz).
    bus: "spi",
    busHz: 40_000_000,
  },
  ssd1306: {
    id: "ssd1306",
    width: 128,
    height: 64,
    pixelFormat: "gray256",
    monochrome: true,
    fonts: {
      small: { resource: "wb-sans-10", ttf: "DejaVuSansCondensed.ttf", px: 10 },
      large: { resource: "wb-sans-bold-13", ttf: "DejaVuSansCondensed-Bold.ttf", px: 13 },
    },
    palette: {
      background: BLACK,
      text: WHITE,
      alarmBar: WHITE,
      alarmBody: BLACK,
      alarmText: WHITE,
      ackBar: WHITE,
      ackText: WHITE,
      faultBar: WHITE,
      faultText: WHITE,
      statusBar: WHITE,
      statusBarText: BLACK,
      statusText: WHITE,
      dim: WHITE,
    },
    // I²C fast mode, 400 kHz (the SSD1306's rated rate; the Moddable driver's own default is
    // 600 kHz, so the manifest sets 400 000).
    bus: "i2c",
    busHz: 400_000,
  },
} as const satisfies Record<string, ScreenProfile>;

/** A profile id. */
export type ScreenProfileId = keyof typeof SCREEN_PROFILES;

/** The profile `id`. @throws RangeError naming the known ids for another. */
export function screenProfile(id: string): ScreenProfile {
  const p = (SCREEN_PROFILES as Record<string, ScreenProfile | undefined>)[id];
  if (p === undefined) throw new RangeError(`screen profile "${id}" is not one of ${Object.keys(SCREEN_PROFILES).join(", ")}`);
  return p;
}
