/**
 * Claim (docs/vi/huong-dan-lap-dat.md "Trạm không có modem thì … không kêu"; the design rule of
 * firmware/core/escalation/unavailable.ts: "a post set up without phones must not chirp at every
 * boot"): a post installed without phones — no LTE module fitted and no duty list, or the duty
 * list taken away with `bell provision escalation --off` — gives no fault chirp and no fault
 * screen, whichever firmware build it runs.
 *
 * The standard receiver board (manifests/boards/devkit.json, and both screen boards that include
 * it) maps `modem_tx`/`modem_rx`, so the Moddable hal (firmware/moddable/hal.ts) always gives the
 * app `openModemSerial`, module fitted or not: on the real board the UART opens and nothing
 * answers. The simulator models that as a modem UART whose modem is `silent` from the start.
 *
 * FAILS on break14 (1099a87): the post says `escalation_off no_duty_list`, chirps `siren fault`
 * from the boot and shows "LỖI BÁO ĐIỆN THOẠI TRỰC / Chưa có danh sách trực" — the fault meant
 * for "a modem fitted but nobody provisioned" — at every boot of every post built without phones.
 */
import test from "ava";
import { readFileSync } from "node:fs";
import { noDutyList, runPost, text } from "./post-world.ts";

test("precondition: the standard board maps the modem UART, so a real post always 'has a modem'", (t) => {
  const board = JSON.parse(readFileSync(new URL("../../../manifests/boards/devkit.json", import.meta.url), "utf8")) as { config: { pins: Record<string, number> } };
  t.true("modem_tx" in board.config.pins && "modem_rx" in board.config.pins);
});

test("no LTE module fitted (the UART answers nothing), no duty list: no fault chirp, no fault screen", (t) => {
  const r = runPost({ rewrite: noDutyList, modem: { silent: true } });
  const off = r.events.filter((e) => e.event === "escalation_off" && e.t >= 1_000);
  t.false(r.sirens(1_000).includes("fault"), `the post chirps a fault at boot: ${JSON.stringify(off)}`);
  const v = r.shown(119_000);
  t.not(v.screen, "fault", text(v));
  t.is(v.led, "ok", text(v));
});

// Added with the fix (fix14b): the probe keeps asking, so a module fitted later without a duty
// list is still found and reported as the fault it is; nothing before it answers.
test("no duty list, a module fitted 5 minutes after boot: nothing until it answers, then no_duty_list and the fault chirp", (t) => {
  const FITTED = 300_000;
  const r = runPost({ rewrite: noDutyList, modem: { silent: true }, durationMs: 900_000, inputs: [{ at_ms: FITTED, device: "post", modem: { silent: false } }] });
  const off = r.events.filter((e) => e.event === "escalation_off" && e.t >= 1_000);
  t.is(off.length, 1, JSON.stringify(off));
  t.like(off[0], { why: "no_duty_list" });
  // the probe's wait has doubled up to at most 300 s: found within one wait of being fitted
  t.true(off[0]!.t >= FITTED && off[0]!.t <= FITTED + 300_000 + 9_000, `said at ${off[0]!.t}`);
  t.false(r.sirens(1_000, FITTED).includes("fault"), "no chirp before the module is there");
  t.true(r.sirens(off[0]!.t).includes("fault"), "the fault chirp once it answers");
  t.false(r.events.some((e) => e.event === "modem_fault"), "no modem fault for a module nobody needs");
});
