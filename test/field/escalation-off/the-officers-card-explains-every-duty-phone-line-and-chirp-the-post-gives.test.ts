/**
 * Claim (docs/vi/khi-chuong-keu.md is the one-page card stuck beside the receiver; the officer
 * matches what he hears and reads against it): for a post that cannot reach the duty phones,
 * the card
 * - quotes the fault screen's title exactly as the screen shows it (catalogue
 *   `screen.escalation_off.title`) — and that title is shown whole on both screens;
 * - names the duty-phone fault among the causes of the short "bíp" in its siren table (the
 *   chirp the officer hears first, at every boot of such a post);
 * - explains the standing status line of a post without a modem (`screen.escalation_off`,
 *   "Không báo được điện thoại trực"), which the officer reads on the status screen every day.
 *
 * On break14 (1099a87): the first PASSES (what held: the card and the screen agree on the
 * title, and it fits the SSD1306); the other two FAIL: the siren table's "bíp" row says only
 * "a caller lost contact or is stuck" (an officer hearing the boot chirp calls the callers), and
 * the card never mentions the status line.
 */
import test from "ava";
import { readFileSync } from "node:fs";
import { Annunciator } from "../../../firmware/core/annunciator/annunciator.ts";
import { message } from "../../../firmware/core/messages/index.ts";
import { layout, type DrawCommand } from "../../../firmware/core/screen/layout.ts";
import { SCREEN_PROFILES } from "../../../firmware/core/screen/profiles.ts";
import { hostFonts } from "../../../tools/screen/framebuffer.ts";

const card = readFileSync(new URL("../../../docs/vi/khi-chuong-keu.md", import.meta.url), "utf8");
const lower = (s: string) => s.toLocaleLowerCase("vi");

test("the card quotes the fault title as the screen says it, and both screens show it whole", (t) => {
  const title = message("vi", "screen.escalation_off.title");
  t.true(card.includes(`**${title}**`), `the card does not quote "${title}"`);
  for (const profile of Object.values(SCREEN_PROFILES)) {
    const a = new Annunciator({ lang: "vi" });
    a.apply({ event: "boot", name: "Công an xã Xuân Phổ" }, 0);
    a.apply({ event: "escalation_off", why: "no_duty_list" }, 0);
    const texts = layout(a.view(5_000), profile, hostFonts(profile)).filter((d): d is Extract<DrawCommand, { op: "text" }> => d.op === "text").map((d) => d.text);
    t.true(texts.includes(title), `${profile.id}: ${JSON.stringify(texts)}`);
  }
});

test("the card's siren table names the duty-phone fault among the causes of the short 'bíp'", (t) => {
  const row = card.split("\n").find((l) => l.startsWith("|") && l.includes("bíp"));
  t.truthy(row, "the siren table has a 'bíp' row");
  t.true(lower(row!).includes("điện thoại trực"), `the 'bíp' row names only: ${row}`);
});

test("the card explains the standing status line of a post that cannot alert the duty phones", (t) => {
  const line = message("vi", "screen.escalation_off");
  t.true(lower(card).includes(lower(line)), `the card never mentions "${line}", shown on the status screen of a post without a modem`);
});
