/**
 * A simulated police post booted from its own flash, as the field tests of this folder meet it
 * (the pattern of test/escalation/a-post-that-cannot-escalate-shows-why-on-its-screen-until-it-can.test.ts):
 * the scenario's post with an LTE modem UART, its identity rewritten before a restart at 1 s,
 * the screen recorded, any inputs (presses, keys, modem states, power) played.
 */
import { readFileSync } from "node:fs";
import type { View } from "../../../firmware/core/annunciator/annunciator.ts";
import { writeIdentity } from "../../../firmware/stack/identity-writer.ts";
import type { Provisioned } from "../../../tools/sim/provision.ts";
import { Simulation } from "../../../tools/sim/run.ts";
import { parseScenario } from "../../../tools/sim/scenario.ts";
import { identityOf } from "../../../tools/xs/identity-entries.ts";

/** The fixture with a post, an LTE modem on its UART, a duty list and a clinic's caller. */
export const LTE_FILE = new URL("../../fixtures/scenarios/empty-post-escalates-to-the-duty-phones.json", import.meta.url).pathname;

export type Receiver = Extract<Provisioned, { role: "receiver" }>;
/** Rewrites the post's identity in its flash (before the restart at 1 s). */
export type Rewrite = (post: Receiver) => void;

/** The identity `bell provision` writes with no duty list (never given, or taken away with `--off`). */
export const noDutyList: Rewrite = (post) => writeIdentity(post.identityStore!, identityOf({ ...post.config, escalation: undefined }));

/** One line of a view, to match texts against. */
export const text = (v: View) => [v.title, v.headline, ...v.details, ...v.others.map((o) => o.text)].join(" | ");

/**
 * Runs the LTE fixture for `durationMs` with `inputs` only (scenario input objects), the post's
 * identity rewritten by `rewrite` before a restart at 1 s; `modem` (scenario `lte.modem`) is the
 * modem's state from the start. Returns the post's and the clinic's events, the screen shown at
 * a time, and the siren patterns in a window.
 */
export function runPost(o: { rewrite: Rewrite; inputs?: object[]; durationMs?: number; modem?: object }) {
  const raw = JSON.parse(readFileSync(LTE_FILE, "utf8")) as { inputs: object[]; duration_ms: number; lte: { modem?: object } };
  raw.inputs = o.inputs ?? [];
  raw.duration_ms = o.durationMs ?? 120_000;
  if (o.modem !== undefined) raw.lte.modem = o.modem;
  const views: { t: number; view: View }[] = [];
  const sim = new Simulation(parseScenario(raw, { file: LTE_FILE }), { screens: { open: (_id, nowMs) => ({ show: (view: View) => views.push({ t: nowMs(), view }) }) } });
  const post = sim.provisioned.find((p): p is Receiver => p.role === "receiver")!;
  const device = sim.devices.get(post.device.id)!;
  sim.advanceTo(1_000);
  o.rewrite(post);
  device.powerOff();
  device.powerOn();
  sim.advanceTo(sim.endMs);
  const all = sim.finish().events;
  const events = all.filter((e) => e.device === post.device.id);
  const clinic = all.filter((e) => e.device === "clinic");
  const shown = (at: number) => views.filter((v) => v.t <= at).at(-1)!.view;
  const sirens = (from: number, to = Infinity) => events.filter((e) => e.event === "siren" && e.t >= from && e.t < to).map((e) => e.pattern);
  return { events, clinic, shown, sirens };
}
