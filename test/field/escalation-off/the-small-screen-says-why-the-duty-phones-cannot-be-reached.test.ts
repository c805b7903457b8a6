/**
 * Claim (issue 13: the SSD1306 128×64 is the low-cost screen a post may have; docs/deploying.md
 * §8.3 and receiver/README.md promise "Chưa có danh sách trực" / "Danh sách trực bị hỏng" /
 * "Không có modem LTE" on the screen): on both screen profiles, in Vietnamese and English, the
 * screen of a post that cannot reach the duty phones shows the reason whole — the words that
 * tell an officer or installer whether the list is missing, corrupt, or the post has no modem —
 * laid out by the device's own layout with the device fonts' metrics.
 *
 * FAILED on break14 (1099a87) and on fix6 before its fix, on the SSD1306 only: the fault headline is cut ("Chưa có danh sá…",
 * "Danh sách trực…": "bị hỏng", the words that tell corrupt from missing, are lost; only the next line "Mục hỏng: d1.phone" hints at it), and the no_modem notice
 * shows only "Không báo được điện t…": its reason line ("Không có modem LTE") is never on the
 * screen, and it pushes the clock and the last event off the status screen for as long as the
 * post runs. On the ILI9341 every reason is whole (that part passes). Fixed on fix6: the layout
 * gives a fault's reason (`View.wholeHeadline`) a second large line, and the status screen's one
 * detail line is the first whole one ("Không có modem LTE").
 */
import test from "ava";
import { Annunciator } from "../../../firmware/core/annunciator/annunciator.ts";
import { message, type MessageId } from "../../../firmware/core/messages/index.ts";
import { layout, type DrawCommand } from "../../../firmware/core/screen/layout.ts";
import { SCREEN_PROFILES } from "../../../firmware/core/screen/profiles.ts";
import { hostFonts } from "../../../tools/screen/framebuffer.ts";

const CASES = [
  { why: "no_duty_list", extra: {} },
  { why: "bad_setting", extra: { key: "d1.phone", reason: "must be E.164" } },
  { why: "no_modem", extra: {} },
] as const;

for (const profile of Object.values(SCREEN_PROFILES)) {
  for (const lang of ["vi", "en"] as const) {
    for (const c of CASES) {
      test(`${profile.id}, ${lang}: ${c.why} — the reason is on the screen whole`, (t) => {
        const a = new Annunciator({ lang });
        a.apply({ event: "boot", name: "Công an xã Xuân Phổ" }, 0);
        a.apply({ event: "caller_listed", caller: "clinic", name: "Trạm y tế" }, 0);
        a.apply({ event: "escalation_off", why: c.why, ...c.extra }, 0);
        const cmds = layout(a.view(5_000), profile, hostFonts(profile)).filter((d): d is Extract<DrawCommand, { op: "text" }> => d.op === "text");
        const reason = message(lang, `screen.escalation_off.${c.why}` as MessageId, {});
        // the reason may be wrapped over lines of one font, never cut
        const byFont = (font: string) => cmds.filter((d) => d.font === font).map((d) => d.text);
        const shown = [byFont("large").join(" "), byFont("small").join(" "), ...cmds.map((d) => d.text)];
        t.true(
          shown.some((s) => s.includes(reason)),
          `"${reason}" is not on the ${profile.id} screen; it shows: ${JSON.stringify(cmds.map((d) => d.text))}`,
        );
      });
    }
  }
}
