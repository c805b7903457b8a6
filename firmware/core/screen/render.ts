/**
 * The small render interface the screen layout draws against (issue 13), and `paint`, which
 * plays draw commands (`./layout.ts`) on it. Implemented by the Poco adapter on the device
 * (firmware/moddable/poco-screen.ts: one Poco call a method) and by the simulator's framebuffer
 * (tools/screen/framebuffer.ts).
 */
import type { DrawCommand } from "./layout.ts";
import type { PaletteName } from "./profiles.ts";

/** A surface to draw on: coordinates in px from the top-left corner. */
export interface RenderTarget {
  /** Starts a frame covering the whole screen (Poco `begin()`). */
  begin(): void;
  /** Ends the frame and sends it to the panel (Poco `end()`). */
  end(): void;
  /** Fills a rectangle with a palette colour. */
  fillRectangle(color: PaletteName, x: number, y: number, w: number, h: number): void;
  /** Draws `text` in one of the profile's fonts, its line's top-left at (x, y). */
  drawText(text: string, font: "small" | "large", color: PaletteName, x: number, y: number): void;
  /** Restricts drawing to a rectangle until `unclip` (Poco `clip(x, y, w, h)` / `clip()`). */
  clip(x: number, y: number, w: number, h: number): void;
  unclip(): void;
}

/**
 * Plays `commands` on `target` as one frame; each text is clipped to its box (x, y, w, line
 * height of its font).
 * @param lineHeight the line height of each font, px.
 */
export function paint(commands: readonly DrawCommand[], target: RenderTarget, lineHeight: { readonly small: number; readonly large: number }): void {
  target.begin();
  for (const c of commands) {
    if (c.op === "fill") {
      target.fillRectangle(c.color, c.x, c.y, c.w, c.h);
    } else {
      target.clip(c.x, c.y, c.w, lineHeight[c.font]);
      target.drawText(c.text, c.font, c.color, c.x, c.y);
      target.unclip();
    }
  }
  target.end();
}
