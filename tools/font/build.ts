/**
 * Builds the screen fonts (issue 13): each font of each screen profile
 * (`firmware/core/screen/profiles.ts`) rendered from DejaVu Sans Condensed (Debian
 * fonts-dejavu-core) by FreeType (`rasterize.c`, compiled here with the machine's gcc and
 * libfreetype-dev) at its pixel size, for every character of `SCREEN_FONT_RANGES`, and packed
 * into a BMFont pair the Moddable resource tools take as a `-mask` font: `<resource>.fnt`
 * (binary v3) and `<resource>.png` (white, the glyph's coverage in the alpha channel, which is
 * what `png2bmp` reads). Output: build/font/ (ignored by git; rebuilt when its inputs change).
 *
 *   node --import tsx tools/font/build.ts      (make fonts)
 *
 * @throws Error naming the missing package when gcc, FreeType or the TTF is not there, and
 *   naming the character when the TTF lacks one the screen needs.
 */
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { encode } from "fast-png";
import { SCREEN_FONT_RANGES, screenFontCodePoints } from "../../firmware/core/screen/charset.ts";
import { SCREEN_PROFILES, type FontSpec } from "../../firmware/core/screen/profiles.ts";
import type { BmGlyph } from "./bmfont.ts";
import { encodeBmFont } from "./bmfont-encode.ts";

/** Where the Debian package fonts-dejavu-core puts the TrueType files. */
export const DEJAVU_DIR = "/usr/share/fonts/truetype/dejavu";
/** The folder of the built fonts. */
export const FONT_OUT = resolve(fileURLToPath(new URL("../../build/font/", import.meta.url)));
/** Width of a font's page image, px (Moddable needs one page). */
const PAGE_WIDTH = 512;
/** Empty pixels between glyphs in the page (no bleeding when a glyph is clipped). */
const GAP = 1;

const HERE = fileURLToPath(new URL(".", import.meta.url));

/** Every distinct font of every profile. */
export function screenFonts(): FontSpec[] {
  const all = new Map<string, FontSpec>();
  for (const p of Object.values(SCREEN_PROFILES)) for (const f of [p.fonts.small, p.fonts.large]) all.set(f.resource, f);
  return [...all.values()];
}

/**
 * Builds every screen font into `outDir` unless already built from the same inputs; returns
 * the folder. Safe when several processes run it at once (each file is written under a temporary
 * name and renamed).
 */
export function ensureScreenFonts(outDir: string = FONT_OUT): string {
  mkdirSync(outDir, { recursive: true });
  const source = readFileSync(join(HERE, "rasterize.c"));
  const key = createHash("sha256").update(source).update(readFileSync(join(HERE, "build.ts"))).update(readFileSync(join(HERE, "bmfont-encode.ts"))).update(JSON.stringify(SCREEN_FONT_RANGES)).digest("hex").slice(0, 16);
  let rasterizer: string | undefined;
  for (const spec of screenFonts()) {
    const stamp = join(outDir, `${spec.resource}.stamp`);
    const want = `${key} ${spec.ttf} ${spec.px}`;
    if (existsSync(stamp) && readFileSync(stamp, "utf8") === want && existsSync(join(outDir, `${spec.resource}.fnt`))) continue;
    rasterizer ??= compileRasterizer(outDir, key);
    buildFont(spec, rasterizer, outDir);
    atomicWrite(stamp, want);
  }
  return outDir;
}

function compileRasterizer(outDir: string, key: string): string {
  const exe = join(outDir, `rasterize-${key}`);
  if (existsSync(exe)) return exe;
  let flags: string[];
  try {
    flags = execFileSync("pkg-config", ["--cflags", "--libs", "freetype2"], { encoding: "utf8" }).trim().split(/\s+/);
  } catch {
    throw new Error("building the screen fonts needs FreeType: install the Debian packages pkg-config and libfreetype-dev (make fonts installs them)");
  }
  const tmp = `${exe}.${process.pid}.tmp`;
  try {
    execFileSync("gcc", ["-O2", "-Wall", "-Wextra", "-Werror", "-o", tmp, join(HERE, "rasterize.c"), ...flags], { stdio: ["ignore", "ignore", "pipe"] });
  } catch (e) {
    throw new Error(`building the screen fonts needs gcc and libfreetype-dev; compiling tools/font/rasterize.c failed: ${String((e as { stderr?: Buffer }).stderr ?? e)}`);
  }
  renameSync(tmp, exe);
  return exe;
}

function buildFont(spec: FontSpec, rasterizer: string, outDir: string): void {
  const ttf = join(DEJAVU_DIR, spec.ttf);
  if (!existsSync(ttf)) throw new Error(`the screen font needs ${ttf}: install the Debian package fonts-dejavu-core`);
  const cps = screenFontCodePoints();
  const raw = execFileSync(rasterizer, [ttf, String(spec.px)], { input: cps.join("\n") + "\n", maxBuffer: 64 << 20 });
  const { ascender, descender, height, glyphs } = parseRaster(raw);
  const missing = cps.filter((c) => !glyphs.has(c));
  if (missing.length > 0) throw new Error(`${spec.ttf} has no glyph for ${missing.map((c) => `"${String.fromCodePoint(c)}" (U+${c.toString(16).toUpperCase().padStart(4, "0")})`).join(", ")}`);
  // Line box: tall enough for every glyph, Vietnamese capitals with stacked marks (Ấ, Ỗ) rise
  // above the font's ascender; so no glyph has a negative yoffset and nothing is drawn outside
  // its line (the layout clips each text to its line).
  let ascent = ascender;
  let descent = -descender;
  for (const g of glyphs.values()) {
    ascent = Math.max(ascent, g.top);
    descent = Math.max(descent, g.rows - g.top);
  }
  const lineHeight = Math.max(height, ascent + descent);
  // Shelf packing in code point order.
  const placed: BmGlyph[] = [];
  let x = GAP;
  let y = GAP;
  let shelf = 0;
  for (const cp of cps) {
    const g = glyphs.get(cp) as RasterGlyph;
    if (x + g.width + GAP > PAGE_WIDTH) {
      x = GAP;
      y += shelf + GAP;
      shelf = 0;
    }
    placed.push({ id: cp, x, y, width: g.width, height: g.rows, xoffset: g.left, yoffset: ascent - g.top, xadvance: g.advance });
    x += g.width + GAP;
    shelf = Math.max(shelf, g.rows);
  }
  const pageHeight = nextPow2(y + shelf + GAP);
  const rgba = new Uint8Array(PAGE_WIDTH * pageHeight * 4);
  for (let i = 0; i < rgba.length; i += 4) rgba[i] = rgba[i + 1] = rgba[i + 2] = 255;
  for (const p of placed) {
    const g = glyphs.get(p.id) as RasterGlyph;
    for (let r = 0; r < g.rows; r++) for (let c = 0; c < g.width; c++) rgba[((p.y + r) * PAGE_WIDTH + p.x + c) * 4 + 3] = g.coverage[r * g.width + c];
  }
  const fnt = encodeBmFont({
    name: spec.ttf.replace(/\.ttf$/, ""),
    size: spec.px,
    lineHeight,
    base: ascent,
    scaleW: PAGE_WIDTH,
    scaleH: pageHeight,
    page: `${spec.resource}.png`,
    glyphs: new Map(placed.map((g) => [g.id, g])),
  });
  atomicWrite(join(outDir, `${spec.resource}.png`), encode({ width: PAGE_WIDTH, height: pageHeight, data: rgba, channels: 4, depth: 8 }));
  atomicWrite(join(outDir, `${spec.resource}.fnt`), fnt);
}

interface RasterGlyph {
  width: number;
  rows: number;
  left: number;
  top: number;
  advance: number;
  coverage: Uint8Array;
}

/** Reads the rasterizer's output (format in rasterize.c). */
function parseRaster(raw: Buffer): { ascender: number; descender: number; height: number; glyphs: Map<number, RasterGlyph> } {
  let at = 0;
  const line = (): string => {
    const nl = raw.indexOf(10, at);
    const s = raw.subarray(at, nl).toString("latin1");
    at = nl + 1;
    return s;
  };
  const face = line().split(" ");
  if (face[0] !== "face") throw new Error("the font rasterizer's output does not start with its face line");
  const glyphs = new Map<number, RasterGlyph>();
  while (at < raw.length) {
    const f = line().split(" ");
    if (f[0] === "missing") continue;
    const [cp, width, rows, left, top, advance] = f.slice(1).map(Number);
    glyphs.set(cp, { width, rows, left, top, advance, coverage: raw.subarray(at, at + width * rows) });
    at += width * rows;
  }
  return { ascender: Number(face[1]), descender: Number(face[2]), height: Number(face[3]), glyphs };
}

function nextPow2(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

function atomicWrite(path: string, data: string | Uint8Array): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.stdout.write(`screen fonts in ${ensureScreenFonts()}\n`);
}
