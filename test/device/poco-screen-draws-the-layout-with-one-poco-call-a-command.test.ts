/**
 * Claim (issue 13): the Poco adapter (firmware/moddable/poco-screen.ts) draws a view as the
 * layout says — one frame (begin … end), each fill one `fillRectangle` in the colour Poco made
 * from the profile's palette, each text one `drawText` clipped to its box — measuring with
 * Poco's own `getTextWidth`; and it refuses a screen whose size is not the profile's, naming both.
 * Poco is faked at the edge (its text widths are the built font's advances, as Poco's are).
 */
import test from "ava";
import { layout } from "../../firmware/core/screen/layout.ts";
import { SCREEN_PROFILES } from "../../firmware/core/screen/profiles.ts";
import { PocoScreen, type PocoLike } from "../../firmware/moddable/poco-screen.ts";
import { hostFonts } from "../../tools/screen/framebuffer.ts";
import type { HostFont } from "../../tools/screen/host-font.ts";
import { SCREEN_STATES, viewOf } from "../../tools/screen/states.ts";

class FakePoco implements PocoLike<HostFont> {
  readonly calls: unknown[][] = [];
  constructor(
    readonly width: number,
    readonly height: number,
  ) {}
  begin() { this.calls.push(["begin"]); }
  end() { this.calls.push(["end"]); }
  makeColor(r: number, g: number, b: number) { return (r << 16) | (g << 8) | b; }
  fillRectangle(...a: number[]) { this.calls.push(["fill", ...a]); }
  drawText(text: string, font: HostFont, color: number, x: number, y: number) { this.calls.push(["text", text, font.height, color, x, y]); }
  getTextWidth(text: string, font: HostFont) { return font.width(text); }
  clip(...a: (number | undefined)[]) { this.calls.push(a.length === 0 ? ["unclip"] : ["clip", ...a]); }
}

for (const profile of Object.values(SCREEN_PROFILES)) {
  test(`${profile.id}: every golden state is drawn as its commands, one Poco call each`, (t) => {
    const fonts = hostFonts(profile);
    for (const state of SCREEN_STATES) {
      const poco = new FakePoco(profile.width, profile.height);
      const view = viewOf(state);
      new PocoScreen(poco, profile, fonts).show(view);
      const rgb = (name: keyof typeof profile.palette) => { const [r, g, b] = profile.palette[name]; return poco.makeColor(r, g, b); };
      const want: unknown[][] = [["begin"]];
      for (const c of layout(view, profile, fonts)) {
        if (c.op === "fill") want.push(["fill", rgb(c.color), c.x, c.y, c.w, c.h]);
        else want.push(["clip", c.x, c.y, c.w, fonts[c.font].height], ["text", c.text, fonts[c.font].height, rgb(c.color), c.x, c.y], ["unclip"]);
      }
      want.push(["end"]);
      t.deepEqual(poco.calls, want, state.name);
    }
  });
}

test("a screen of another size than the profile's is refused, naming both", (t) => {
  const p = SCREEN_PROFILES.ili9341;
  const err = t.throws(() => new PocoScreen(new FakePoco(240, 320), p, hostFonts(p)), { instanceOf: RangeError });
  t.regex(err!.message, /240×320.*ili9341.*320×240.*rotation/);
});
