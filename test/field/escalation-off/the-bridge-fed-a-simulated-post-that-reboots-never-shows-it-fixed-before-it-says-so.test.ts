/**
 * Claim (field finding 8, end to end without a broker): the event stream of a simulated post —
 * the real receiver app booted from its own flash, its LTE module answering AT after power-up —
 * fed line by line to the bridge's post model (`tools/mqtt/post-model.ts`, what Home Assistant
 * is shown) never shows a reboot as a fix:
 * - a post without a duty list rebooting three times (a brownout loop) is `fault` from its first
 *   `escalation_off` on, and every boot is followed by `escalation_off` no_duty_list once the
 *   module answers;
 * - when the installer provisions a list during a reboot, the post stays `fault` (unconfirmed)
 *   until the receiver says `escalation_ok` with the list's numbers, and `normal` only then;
 * - a post set up without phones (no list, no module answering) says `escalation_ok` phones 0
 *   after each boot and is never `fault`.
 * FAILS before branch esc8: the receiver said nothing positive (no `escalation_ok`) and the model
 * cleared `escalation` at each `boot`.
 */
import { readFileSync } from "node:fs";
import test from "ava";
import { writeIdentity } from "../../../firmware/stack/identity-writer.ts";
import { PostModel } from "../../../tools/mqtt/post-model.ts";
import { Simulation } from "../../../tools/sim/run.ts";
import { parseScenario } from "../../../tools/sim/scenario.ts";
import { identityOf } from "../../../tools/xs/identity-entries.ts";
import { LTE_FILE, noDutyList, type Receiver, type Rewrite } from "./post-world.ts";

const NOW = "2026-01-01T00:00:00.000Z";
const withList: Rewrite = (post) => writeIdentity(post.identityStore!, identityOf(post.config));

/** Runs the LTE fixture with no inputs; at each `[at_ms, rewrite]` the post's flash is rewritten and the post restarted. */
function run(restarts: [number, Rewrite][], modem?: object, durationMs = 200_000) {
  const raw = JSON.parse(readFileSync(LTE_FILE, "utf8")) as { inputs: object[]; duration_ms: number; lte: { modem?: object } };
  raw.inputs = [];
  raw.duration_ms = durationMs;
  if (modem !== undefined) raw.lte.modem = modem;
  const sim = new Simulation(parseScenario(raw, { file: LTE_FILE }));
  const post = sim.provisioned.find((p): p is Receiver => p.role === "receiver")!;
  const device = sim.devices.get(post.device.id)!;
  for (const [at, rewrite] of restarts) {
    sim.advanceTo(at);
    rewrite(post);
    device.powerOff();
    device.powerOn();
  }
  sim.advanceTo(sim.endMs);
  const events = sim.finish().events.filter((e) => e.device === post.device.id);
  // what Home Assistant is shown after each line
  const model = new PostModel({ post: "xuanpho", now: NOW });
  const shown = events.map((e) => {
    const r = model.apply(e, NOW);
    if (r.kind === "invalid") throw new Error(`${e.event}: ${r.reason}`);
    const s = model.postState();
    return { t: e.t, event: e.event, state: s.state, escalation: s.escalation, unconfirmed: s.escalation_unconfirmed === true };
  });
  return { events, shown };
}

test("a post without a duty list rebooting three times: fault from its first escalation_off on, each boot restated", (t) => {
  const { events, shown } = run([[1_000, noDutyList], [60_000, (_) => {}], [61_000, (_) => {}], [120_000, (_) => {}]]);
  const first = shown.findIndex((s) => s.event === "escalation_off");
  t.true(first >= 0);
  t.deepEqual(shown.slice(first).filter((s) => s.state !== "fault").map((s) => `${s.t} ${s.event} ${s.state}`), []);
  const boots = events.filter((e) => e.event === "boot").map((e) => e.t);
  t.is(boots.length, 5);
  for (const [i, at] of boots.slice(1).entries()) {
    const next = boots[i + 2] ?? Infinity;
    const said = events.filter((e) => (e.event === "escalation_off" || e.event === "escalation_ok") && e.t >= at && e.t < next);
    // the boot at 60 s lasts 1 s: cut before its module answered, it may say nothing
    if (next - at < 9_000) t.true(said.length <= 1);
    else t.deepEqual(said.map((e) => `${e.event} ${String(e.why)}`), ["escalation_off no_duty_list"], `boot at ${at}`);
  }
});

test("a duty list provisioned during a reboot: fault, unconfirmed, until escalation_ok, then normal", (t) => {
  const { shown } = run([[1_000, noDutyList], [60_000, withList]]);
  const reboot = shown.findIndex((s) => s.event === "boot" && s.t >= 60_000);
  const ok = shown.findIndex((s, i) => i > reboot && s.event === "escalation_ok");
  t.true(reboot > 0 && ok > reboot, JSON.stringify(shown.map((s) => s.event)));
  t.like(shown[reboot - 1], { state: "fault", escalation: "no_duty_list", unconfirmed: false });
  t.deepEqual(shown.slice(reboot, ok).filter((s) => s.state !== "fault" || !s.unconfirmed).map((s) => `${s.t} ${s.event} ${s.state}`), [], "kept, unconfirmed");
  t.like(shown[ok], { state: "normal", escalation: undefined, unconfirmed: false });
  t.is((shown[ok] as { t: number }).t, 60_000, "said at the boot: the list is read from flash");
});

test("a post set up without phones (no list, no module answering): escalation_ok phones 0 after each boot, never fault", (t) => {
  const { events, shown } = run([[1_000, noDutyList], [90_000, (_) => {}]], { silent: true });
  t.deepEqual(shown.filter((s) => s.state === "fault").map((s) => `${s.t} ${s.event}`), []);
  const oks = events.filter((e) => e.event === "escalation_ok" && e.t >= 1_000);
  t.deepEqual(oks.map((e) => e.phones), [0, 0]);
  for (const [i, at] of [1_000, 90_000].entries()) t.true(oks[i]!.t > at && oks[i]!.t <= at + 30_000, `said at ${oks[i]!.t}, boot at ${at}`);
  t.false(events.some((e) => e.event === "escalation_off"));
});
