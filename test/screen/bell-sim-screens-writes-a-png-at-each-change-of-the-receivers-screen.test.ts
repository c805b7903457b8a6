/**
 * `bell sim --screens DIR` (issue 13): the default deployment's receiver screen, as the receiver
 * app shows it on its hal screen, is written as one PNG per change, in order — status, the clinic's alarm, its
 * acknowledgement, status after the reset, the café offline, status again — each picture the
 * device's layout and fonts drawn into the framebuffer; the place name is on the panel within
 * 100 ms of `incident_opened` (bus transfer modelled) on both profiles; the README's pictures of
 * the alarm screen are the ones the tool draws.
 */
import test from "ava";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { decode } from "fast-png";
import { SCREEN_PROFILES } from "../../firmware/core/screen/profiles.ts";
import { runScenario } from "../../tools/sim/run.ts";
import { loadScenario } from "../../tools/sim/scenario.ts";
import { DEFAULT_DEPLOYMENT } from "../../tools/sim/command.ts";
import { ScreenRecorder } from "../../tools/screen/recorder.ts";
import { BellChild } from "../support/bell-child.ts";

const scenario = loadScenario(DEFAULT_DEPLOYMENT);

for (const profile of Object.values(SCREEN_PROFILES)) {
  test(`${profile.id}: one picture per screen change, in the order of the deployment's story`, (t) => {
    const dir = mkdtempSync(join(tmpdir(), "wb-screens-"));
    try {
      const rec = new ScreenRecorder({ dir, profile, lang: "vi" });
      const run = runScenario(scenario, { screens: rec });
      rec.finish();
      // The acknowledged and the fault screens last over a minute: their "how long ago" moves once, a new picture each.
      t.deepEqual(rec.frames.map((f) => f.screen), ["status", "alarm", "acknowledged", "acknowledged", "status", "fault", "fault", "status"]);
      const opened = run.events.find((e) => e.event === "incident_opened");
      const alarm = rec.frames.find((f) => f.screen === "alarm");
      t.is(alarm?.headline, "Trạm y tế");
      t.is(alarm?.t, opened?.t);
      t.true((alarm?.shownAt ?? Infinity) - (opened?.t ?? 0) <= 100, `place name on screen ${(alarm?.shownAt ?? 0) - (opened?.t ?? 0)} ms after the alarm`);
      const files = readdirSync(dir).sort();
      t.deepEqual(files, rec.frames.map((f) => f.file?.slice(dir.length + 1)));
      // The README shows this picture: it must be the one the tool draws today.
      const readme = fileURLToPath(new URL(`../../docs/images/receiver-alarm-${profile.id}.png`, import.meta.url));
      t.true(readFileSync(alarm!.file!).equals(readFileSync(readme)), `${readme} is not what bell sim --screens draws now`);
      for (const f of files) {
        const png = decode(readFileSync(join(dir, f)));
        t.deepEqual([png.width, png.height], [profile.width, profile.height], f);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test("the bell command takes --screens and --screen-profile and says how many pictures it wrote", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "wb-screens-cli-"));
  try {
    const bell = new BellChild(["sim", "--screens", dir, "--screen-profile", "ssd1306", "--until-ms", "90000", "--lang", "en"]);
    t.is(await bell.exited, 0, bell.stderr);
    t.deepEqual(readdirSync(dir).sort(), ["post-001-0ms-status.png", "post-002-62133ms-alarm.png"]);
    t.regex(bell.stderr, /wrote 2 pictures of the receiver's screen/);
    t.is(decode(readFileSync(join(dir, "post-002-62133ms-alarm.png"))).width, 128);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("--screens with --engine xs is refused as bad usage, naming the Node engine (the receiver has no screen under XS)", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "wb-screens-xs-"));
  try {
    const bell = new BellChild(["sim", "--screens", dir, "--engine", "xs", "--until-ms", "1000"]);
    t.is(await bell.exited, 2, bell.stderr);
    t.regex(bell.stderr, /--screens runs on the Node engine only/);
    t.deepEqual(readdirSync(dir), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
