/**
 * Golden images of the receiver's screen (issue 13): every screen state of
 * `tools/screen/states.ts` on both profiles (ILI9341 320×240, SSD1306 128×64), laid out by the
 * device's layout and drawn with the device's font resources into the simulator's framebuffer,
 * has the SHA-256 recorded in test/fixtures/screens/golden.json. A few are also kept as PNGs a
 * person can open (test/fixtures/screens/*.png) and must decode to the same pixels.
 *
 * A change on purpose: `UPDATE_GOLDEN=1 npx ava test/screen/every-screen-state*` rewrites both;
 * look at the PNGs before committing. On a mismatch the actual PNG is written to
 * build/screens-actual/ and named in the failure.
 */
import test from "ava";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { decode } from "fast-png";
import { SCREEN_PROFILES } from "../../firmware/core/screen/profiles.ts";
import { renderView } from "../../tools/screen/framebuffer.ts";
import { SCREEN_STATES, viewOf } from "../../tools/screen/states.ts";

const DIR = fileURLToPath(new URL("../fixtures/screens/", import.meta.url));
const GOLDEN = join(DIR, "golden.json");
const ACTUAL = fileURLToPath(new URL("../../build/screens-actual/", import.meta.url));
/** The states kept as PNG files as well as checksums. */
const KEPT = new Set(["alarm", "alarm-and-faults", "alarm-long-name", "ten-open-incidents"]);
const update = process.env.UPDATE_GOLDEN === "1";
const golden: Record<string, string> = existsSync(GOLDEN) ? JSON.parse(readFileSync(GOLDEN, "utf8")) : {};

for (const profile of Object.values(SCREEN_PROFILES)) {
  for (const state of SCREEN_STATES) {
    const key = `${profile.id}/${state.name}`;
    test.serial(key, (t) => {
      const { fb } = renderView(viewOf(state), profile);
      const sum = fb.checksum();
      if (update) {
        golden[key] = sum;
        if (KEPT.has(state.name)) writeFileSync(join(DIR, `${state.name}-${profile.id}.png`), fb.png());
      } else if (golden[key] !== sum) {
        mkdirSync(ACTUAL, { recursive: true });
        writeFileSync(join(ACTUAL, `${state.name}-${profile.id}.png`), fb.png());
      }
      t.is(sum, golden[key], `${key}: the screen changed; look at ${join(ACTUAL, `${state.name}-${profile.id}.png`)}`);
      if (KEPT.has(state.name)) {
        const png = decode(readFileSync(join(DIR, `${state.name}-${profile.id}.png`)));
        t.deepEqual([png.width, png.height], [profile.width, profile.height]);
        t.true(Buffer.from(png.data as Uint8Array).equals(Buffer.from(fb.shown())), `${key}: the kept PNG is not the rendered screen`);
      }
    });
  }
}

test.after.always(() => {
  if (update) writeFileSync(GOLDEN, JSON.stringify(golden, null, 2) + "\n");
});
