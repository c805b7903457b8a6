/**
 * Moddable's font engine silently skips a glyph the font lacks ("Trạm" would show as "Trm";
 * ../shared/reference/post-side-facts.md §1). So: every character of every string the screen can
 * show — each `screen.*` catalogue text in both languages, the place names of the default
 * deployment and of every fixture scenario — is in every built screen font of both profiles, and
 * the fonts hold the whole declared character set (the set `bell provision` checks names
 * against).
 */
import test from "ava";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { MESSAGES } from "../../firmware/core/messages/index.ts";
import { screenFontCodePoints } from "../../firmware/core/screen/charset.ts";
import { SCREEN_PROFILES } from "../../firmware/core/screen/profiles.ts";
import { hostFonts } from "../../tools/screen/framebuffer.ts";

const SCENARIOS = fileURLToPath(new URL("../fixtures/scenarios/", import.meta.url));
const DEFAULT = fileURLToPath(new URL("../../tools/sim/default-deployment.json", import.meta.url));

function shownStrings(): string[] {
  const out: string[] = [];
  for (const [id, texts] of Object.entries(MESSAGES)) if (id.startsWith("screen.")) out.push(texts.vi.replace(/\{[a-z_]+\}/g, ""), texts.en.replace(/\{[a-z_]+\}/g, ""));
  const files = [DEFAULT, ...readdirSync(SCENARIOS).filter((f) => f.endsWith(".json")).map((f) => SCENARIOS + f)];
  for (const f of files) {
    const s = JSON.parse(readFileSync(f, "utf8")) as { devices?: { name?: string }[] };
    for (const d of s.devices ?? []) if (typeof d.name === "string") out.push(d.name);
  }
  return out;
}

test("the strings checked include Vietnamese letters outside Latin-1 (the test sees what matters)", (t) => {
  const all = shownStrings().join("");
  for (const ch of ["ạ", "ộ", "ư", "đ", "Đ", "ỗ", "…"]) t.true(all.includes(ch), ch);
});

for (const profile of Object.values(SCREEN_PROFILES)) {
  for (const size of ["small", "large"] as const) {
    test(`${profile.id} ${size} (${profile.fonts[size].resource}) draws every shown string and the whole character set`, (t) => {
      const font = hostFonts(profile)[size].font;
      const missing = new Set<string>();
      for (const s of shownStrings()) for (const ch of s) if (!font.glyphs.has(ch.codePointAt(0) as number)) missing.add(ch);
      t.deepEqual([...missing], [], `characters the font lacks: ${[...missing].join(" ")}`);
      t.deepEqual(screenFontCodePoints().filter((c) => !font.glyphs.has(c)), []);
    });
  }
}
