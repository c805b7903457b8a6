/**
 * Claim (issue 14 leftover, `escalation_off` on the screen): a post that cannot text or call the
 * duty phones shows it on its screen for as long as it lasts, not only as an event at boot,
 * in the officer's language, with the reason:
 * - a modem fitted but no duty list, or a duty list corrupt in flash, is a **fault** the installer
 *   must fix: the fault chirp (quieted by acknowledge, like any fault), the fault LED, a standing
 *   fault line naming what is wrong and what to do (the corrupt key);
 * - a duty list on a post built without a modem is a **notice**: the post was set up without
 *   phones on purpose, so no chirp, the LED stays "all clear", and the status screen says that
 *   the duty phones are not alerted;
 * - re-provisioned right (a new identity and the restart `bell provision` asks for), the line is
 *   gone.
 * Each case boots the simulated post from its own flash, rewritten at 1 s, as a board does.
 */
import test from "ava";
import { readFileSync } from "node:fs";
import type { View } from "../../firmware/core/annunciator/annunciator.ts";
import { parseEscalationSettings } from "../../firmware/core/escalation/settings.ts";
import { writeIdentity } from "../../firmware/stack/identity-writer.ts";
import type { Provisioned } from "../../tools/sim/provision.ts";
import { Simulation } from "../../tools/sim/run.ts";
import { parseScenario } from "../../tools/sim/scenario.ts";
import { identityOf } from "../../tools/xs/identity-entries.ts";

const lteFile = new URL("../fixtures/scenarios/empty-post-escalates-to-the-duty-phones.json", import.meta.url).pathname;
const plainFile = new URL("../fixtures/scenarios/two-callers-at-once.json", import.meta.url).pathname;

type Receiver = Extract<Provisioned, { role: "receiver" }>;
type Rewrite = (post: Receiver) => void;

const noDutyList: Rewrite = (post) => writeIdentity(post.identityStore!, identityOf({ ...post.config, escalation: undefined }));
const dutyList: Rewrite = (post) => writeIdentity(post.identityStore!, identityOf({ ...post.config, escalation: parseEscalationSettings({ duty: [{ phone: "+84901000001", name: "Đ/c An" }] }) }));
const corruptNumber: Rewrite = (post) => post.identityStore!.set("d1.phone", "0901000002");

/**
 * Runs `file` with no input but `inputs`, the post's flash rewritten by `first` before a restart
 * at 1 s, and (when given) by `then` before a second restart at `thenAtMs`; the screen recorded.
 */
function run(file: string, first: Rewrite, inputs: object[] = [], then?: { atMs: number; rewrite: Rewrite }) {
  const raw = JSON.parse(readFileSync(file, "utf8")) as { inputs: object[]; duration_ms: number };
  raw.inputs = inputs;
  raw.duration_ms = 120_000;
  const views: { t: number; view: View }[] = [];
  const sim = new Simulation(parseScenario(raw, { file }), { screens: { open: (_id, nowMs) => ({ show: (view: View) => views.push({ t: nowMs(), view }) }) } });
  const post = sim.provisioned.find((p): p is Receiver => p.role === "receiver")!;
  const device = sim.devices.get(post.device.id)!;
  const restart = (atMs: number, rewrite: Rewrite) => {
    sim.advanceTo(atMs);
    rewrite(post);
    device.powerOff();
    device.powerOn();
  };
  restart(1_000, first);
  if (then !== undefined) restart(then.atMs, then.rewrite);
  sim.advanceTo(sim.endMs);
  const events = sim.finish().events.filter((e) => e.device === post.device.id);
  const shown = (at: number) => views.filter((v) => v.t <= at).at(-1)!.view;
  const sirens = (from: number, to = Infinity) => events.filter((e) => e.event === "siren" && e.t >= from && e.t < to).map((e) => e.pattern);
  return { events, shown, sirens };
}

const text = (v: View) => [v.title, v.headline, ...v.details, ...v.others.map((o) => o.text)].join(" | ");

test("a modem but no duty list: a fault — chirp, fault LED and 'Chưa có danh sách trực' until acknowledged, the line stays after", (t) => {
  const r = run(lteFile, noDutyList, [{ at_ms: 60_000, device: "post", button: "acknowledge" }]);
  const off = r.events.find((e) => e.event === "escalation_off" && e.t >= 1_000)!;
  t.like(off, { why: "no_duty_list" });
  t.deepEqual(r.sirens(off.t, 60_000), ["fault"], "the fault chirp from the boot");
  const before = r.shown(59_000);
  t.is(before.screen, "fault");
  t.is(before.led, "fault");
  t.regex(text(before), /Không báo được điện thoại trực/);
  t.regex(text(before), /Chưa có danh sách trực/);
  t.regex(text(before), /bell provision/, "says what to do");
  t.true(r.events.some((e) => e.event === "fault_acknowledged" && e.t >= 60_000));
  t.deepEqual(r.sirens(60_000), ["quiet"], "acknowledge quiets it");
  const after = r.shown(119_000);
  t.is(after.screen, "fault", "still shown after the acknowledgement: it still applies");
  t.regex(text(after), /Chưa có danh sách trực/);
});

test("a duty list corrupt in flash: a fault naming the key", (t) => {
  const r = run(lteFile, corruptNumber);
  const off = r.events.find((e) => e.event === "escalation_off" && e.t >= 1_000)!;
  t.like(off, { why: "bad_setting", key: "d1.phone" });
  t.deepEqual(r.sirens(off.t), ["fault"]);
  const v = r.shown(119_000);
  t.is(v.screen, "fault");
  t.is(v.led, "fault");
  t.regex(text(v), /Danh sách trực bị hỏng/);
  t.regex(text(v), /d1\.phone/);
});

test("a duty list but no modem: a notice — no chirp, the LED all clear, the status screen says the phones are not alerted", (t) => {
  const r = run(plainFile, dutyList);
  const off = r.events.find((e) => e.event === "escalation_off" && e.t >= 1_000)!;
  t.like(off, { why: "no_modem" });
  t.false(r.sirens(off.t).includes("fault"), "never the fault chirp");
  const v = r.shown(119_000);
  t.is(v.screen, "status");
  t.is(v.led, "ok");
  t.deepEqual(v.details.slice(0, 2), ["Không báo được điện thoại trực", "Không có modem LTE"], text(v));
});

test("re-provisioned with a duty list, the fault line and the chirp are gone after the restart", (t) => {
  const r = run(lteFile, noDutyList, [], { atMs: 40_000, rewrite: (post) => writeIdentity(post.identityStore!, identityOf(post.config)) });
  t.regex(text(r.shown(39_000)), /Chưa có danh sách trực/, "shown before");
  t.false(r.events.some((e) => e.event === "escalation_off" && e.t >= 40_000));
  const v = r.shown(119_000);
  t.notRegex(text(v), /danh sách trực|điện thoại trực/);
  t.false(r.sirens(40_000).includes("fault"));
});

test("in English: the same lines from the one catalogue", (t) => {
  // the annunciator alone, with the events the post emits
  return import("../../firmware/core/annunciator/annunciator.ts").then(({ Annunciator }) => {
    const screen = (why: string, extra: object = {}) => {
      const a = new Annunciator({ lang: "en" });
      a.apply({ event: "boot", name: "Post" }, 0);
      a.apply({ event: "escalation_off", why, ...extra }, 0);
      return a.view(1_000);
    };
    t.regex(text(screen("no_duty_list")), /No duty list/);
    t.regex(text(screen("bad_setting", { key: "d1.phone", reason: "must be E.164" })), /d1\.phone/);
    t.deepEqual(screen("no_modem").details.slice(0, 2), ["The duty phones cannot be alerted", "No LTE modem"], text(screen("no_modem")));
  });
});
