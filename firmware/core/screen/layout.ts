/**
 * The screen layout (issue 13): one platform-free function from the annunciator's `View` to
 * draw commands, for every profile (`./profiles.ts`). Every size comes from the fonts' metrics
 * (line height, measured text width) and the screen size: no pixel position is written here.
 * Long place names wrap at spaces and the last line that fits is shortened with "…", by measured
 * width. The same code runs on the device (Poco, firmware/moddable/poco-screen.ts) and in the
 * simulator's framebuffer (tools/screen/), so the pixels are the device's.
 *
 * Screen, top to bottom: a title bar (small font, the tone's colour; "2/5" on the right when
 * several indications are up), the headline (large font, up to 2 lines), the details (small), then
 * the other indications one a line with a tone marker, and "+N" for those that do not fit.
 */
import type { View, Tone } from "../annunciator/annunciator.ts";
import { message } from "../messages/index.ts";
import type { PaletteName, ScreenProfile } from "./profiles.ts";

/** What the layout needs of a font: its line height and the width of a text, px. */
export interface FontMetrics {
  /** Line height, px (BMFont `lineHeight`; Poco `font.height`). */
  readonly height: number;
  /** Advance width of `text`, px (the sum of the glyphs' advances; Poco `getTextWidth`). */
  width(text: string): number;
}

/** The fonts a layout uses. */
export interface LayoutFonts {
  readonly small: FontMetrics;
  readonly large: FontMetrics;
}

/** One draw command. `text` draws inside the box (x, y, w, font height), clipped to it. */
export type DrawCommand =
  | { readonly op: "fill"; readonly color: PaletteName; readonly x: number; readonly y: number; readonly w: number; readonly h: number }
  | { readonly op: "text"; readonly font: "small" | "large"; readonly color: PaletteName; readonly x: number; readonly y: number; readonly w: number; readonly text: string };

/** The shortening mark of a name that does not fit. */
export const ELLIPSIS = "…";

/**
 * The longest start of `text` that fits `maxWidth` px with "…" after it (the whole text when it
 * fits as is). Cuts between characters (code points), never inside one.
 */
export function ellipsize(text: string, font: FontMetrics, maxWidth: number): string {
  if (font.width(text) <= maxWidth) return text;
  const chars = Array.from(text);
  let n = chars.length;
  while (n > 0 && font.width(chars.slice(0, n).join("").trimEnd() + ELLIPSIS) > maxWidth) n--;
  return n === 0 ? (font.width(ELLIPSIS) <= maxWidth ? ELLIPSIS : "") : chars.slice(0, n).join("").trimEnd() + ELLIPSIS;
}

/**
 * `text` broken into at most `maxLines` lines of at most `maxWidth` px: at spaces where it can,
 * inside a word too long for a line; the last line shortened with "…" when text remains.
 */
export function wrap(text: string, font: FontMetrics, maxWidth: number, maxLines: number): string[] {
  const words = text.split(" ").filter((w) => w !== "");
  const lines: string[] = [];
  let i = 0;
  while (i < words.length && lines.length < maxLines) {
    if (lines.length === maxLines - 1) {
      lines.push(ellipsize(words.slice(i).join(" "), font, maxWidth));
      return lines;
    }
    let line = words[i];
    if (font.width(line) > maxWidth) {
      // A word longer than the line: cut it by characters.
      const chars = Array.from(line);
      let n = chars.length;
      while (n > 1 && font.width(chars.slice(0, n).join("")) > maxWidth) n--;
      lines.push(chars.slice(0, n).join(""));
      words[i] = chars.slice(n).join("");
      continue;
    }
    i++;
    while (i < words.length && font.width(line + " " + words[i]) <= maxWidth) line += " " + words[i++];
    lines.push(line);
  }
  return lines;
}

const BAR: Record<Tone, PaletteName> = { alarm: "alarmBar", acknowledged: "ackBar", fault: "faultBar", status: "statusBar" };
const HEADLINE: Record<Tone, PaletteName> = { alarm: "alarmText", acknowledged: "ackText", fault: "faultText", status: "statusText" };

/**
 * The draw commands of `view` on `profile` with `fonts`: a full redraw, background first.
 * Every text fits its box by measured width and every box lies inside the screen.
 */
export function layout(view: View, profile: ScreenProfile, fonts: LayoutFonts): DrawCommand[] {
  const { width, height } = profile;
  const S = fonts.small.height;
  const L = fonts.large.height;
  const pad = Math.max(1, Math.round(S / 5));
  const out: DrawCommand[] = [];
  const body: PaletteName = view.tone === "alarm" ? "alarmBody" : "background";
  const text = (font: "small" | "large", color: PaletteName, x: number, y: number, w: number, s: string): void => {
    if (s !== "") out.push({ op: "text", font, color, x, y, w, text: s });
  };
  out.push({ op: "fill", color: body, x: 0, y: 0, w: width, h: height });

  // Title bar: inverse of its tone (dark text on the tone's colour).
  const barH = S + 2 * pad;
  out.push({ op: "fill", color: BAR[view.tone], x: 0, y: 0, w: width, h: barH });
  const posW = view.position === "" ? 0 : fonts.small.width(view.position) + pad;
  const barInk: PaletteName = view.tone === "alarm" ? "alarmBody" : view.tone === "status" ? "statusBarText" : "background";
  text("small", barInk, pad, pad, width - 2 * pad - posW, ellipsize(view.title, fonts.small, width - 2 * pad - posW));
  if (posW > 0) text("small", barInk, width - pad - posW + pad, pad, posW - pad, view.position);

  let y = barH + pad;
  const inner = width - 2 * pad;
  // Headline: the place, up to two lines, or one when the screen holds fewer than
  // (2 large + 2 small) lines below the bar.
  // A fault's reason (`view.wholeHeadline`) is never cut: it takes a second large line when one does
  // not hold it and the screen has room for two, before the details (field finding 6, SSD1306).
  const headLines =
    height - y >= 2 * L + 2 * S || (view.wholeHeadline === true && fonts.large.width(view.headline) > width - 2 * pad && height - y >= 2 * L) ? 2 : 1;
  for (const line of wrap(view.headline, fonts.large, inner, headLines)) {
    text("large", view.tone === "alarm" ? "alarmText" : HEADLINE[view.tone], pad, y, inner, line);
    y += L;
  }
  const ink: PaletteName = view.tone === "alarm" ? "alarmText" : "text";
  // On the status screen, when the details do not all fit, a line the width would cut gives its
  // place to the next one that is whole (field finding 6: the SSD1306's one detail line showed
  // "Không báo được điện t…" and never "Không có modem LTE"). Alarms and faults keep their order.
  const rows = Math.max(0, Math.floor((height - y) / S));
  const all = view.screen !== "status" || rows >= view.details.length;
  for (let k = 0, shown = 0; k < view.details.length && shown < rows; k++) {
    const d = view.details[k];
    const left = view.details.length - k;
    if (!all && left > rows - shown && fonts.small.width(d) > inner) continue;
    text("small", ink, pad, y, inner, ellipsize(d, fonts.small, inner));
    y += S;
    shown++;
  }

  // The other indications, then "+N" for what does not fit (EN 50131 "information pending").
  if (view.others.length > 0 && y + S <= height) {
    y += pad;
    out.push({ op: "fill", color: ink, x: 0, y: y - Math.ceil(pad / 2), w: width, h: 1 });
    const rows = Math.floor((height - y) / S);
    const shown = view.others.length <= rows ? view.others.length : Math.max(0, rows - 1);
    const marker = Math.max(2, Math.round(S / 2));
    for (let k = 0; k < shown; k++) {
      const it = view.others[k];
      out.push({ op: "fill", color: BAR[it.tone], x: pad, y: y + Math.round((S - marker) / 2), w: marker, h: marker });
      const x = pad + marker + pad;
      text("small", ink, x, y, width - x - pad, ellipsize(it.text, fonts.small, width - x - pad));
      y += S;
    }
    const rest = view.others.length - shown;
    if (rest > 0) {
      const more = moreText(view, rest);
      const w = fonts.small.width(more);
      text("small", ink, Math.max(pad, width - pad - w), y, Math.min(w, inner), ellipsize(more, fonts.small, inner));
    }
  }
  return out;
}

/** "+N nữa" in the view's language: the only string the layout adds (from the catalogue). */
function moreText(view: View, count: number): string {
  return message(view.lang, "screen.more", { count });
}
