/**
 * The layout (firmware/core/screen/layout.ts) on both profiles, with the device fonts' metrics:
 * every text fits its box by measured width and every box lies inside the screen, for every
 * golden screen state and for random Vietnamese place names of any length; a name that fits is
 * shown whole, and one that does not is cut at a character and ends with "…" — never silently.
 */
import test from "ava";
import fc from "fast-check";
import { Annunciator } from "../../firmware/core/annunciator/annunciator.ts";
import { ELLIPSIS, layout, wrap, type DrawCommand } from "../../firmware/core/screen/layout.ts";
import { SCREEN_PROFILES, type ScreenProfile } from "../../firmware/core/screen/profiles.ts";
import { hostFonts } from "../../tools/screen/framebuffer.ts";
import { SCREEN_STATES, viewOf } from "../../tools/screen/states.ts";

function inside(cmds: DrawCommand[], p: ScreenProfile): string | undefined {
  const fonts = hostFonts(p);
  for (const c of cmds) {
    const h = c.op === "fill" ? c.h : fonts[c.font].height;
    if (c.x < 0 || c.y < 0 || c.x + c.w > p.width || c.y + h > p.height) return `${JSON.stringify(c)} leaves the ${p.width}×${p.height} screen`;
    if (c.op === "text" && fonts[c.font].width(c.text) > c.w) return `"${c.text}" is ${fonts[c.font].width(c.text)} px in a ${c.w} px box`;
  }
  return undefined;
}

for (const p of Object.values(SCREEN_PROFILES)) {
  test(`${p.id}: every golden state's texts fit and stay on screen`, (t) => {
    for (const s of SCREEN_STATES) t.is(inside(layout(viewOf(s), p, hostFonts(p)), p), undefined, s.name);
  });

  test(`${p.id}: any place name is shown whole when it fits, else cut with "…", always on screen`, (t) => {
    const letters = Array.from("aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵĐẤỖ ");
    const name = fc.array(fc.constantFrom(...letters), { minLength: 1, maxLength: 90 }).map((a) => a.join("").trim()).filter((s) => s.length > 0);
    t.notThrows(() =>
      fc.assert(
        fc.property(name, (place) => {
          const a = new Annunciator();
          a.apply({ event: "boot", name: place }, 0);
          a.apply({ event: "incident_opened", caller: "x", incident: 1, name: place }, 0);
          const cmds = layout(a.view(0), p, hostFonts(p));
          if (inside(cmds, p) !== undefined) return false;
          const large = cmds.filter((c): c is Extract<DrawCommand, { op: "text" }> => c.op === "text" && c.font === "large").map((c) => c.text);
          const shown = large.join(" ");
          const words = place.split(" ").filter((w) => w !== "").join(" ");
          if (shown === words) return true;
          // Cut: the shown text (without the "…") is a start of the name, and ends with "…".
          return shown.endsWith(ELLIPSIS) && words.replace(/ /g, "").startsWith(shown.slice(0, -1).replace(/ /g, ""));
        }),
        { seed: 13, numRuns: 200 },
      ),
    );
  });
}

test("wrap keeps whole words when they fit, breaks at spaces, and cuts only the last line", (t) => {
  const mono = { height: 10, width: (s: string) => Array.from(s).length * 10 };
  t.deepEqual(wrap("Trạm y tế xã", mono, 60, 2), ["Trạm y", "tế xã"]);
  t.deepEqual(wrap("Trạm y tế xã Xuân Phổ", mono, 60, 2), ["Trạm y", "tế xã…"]);
  t.deepEqual(wrap("Phòngkhámđakhoa", mono, 60, 2), ["Phòngk", "hámđa…"]);
});
