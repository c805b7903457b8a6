/**
 * Claim (issue 14, field finding 14): the post's screen shows that an unacknowledged alarm is
 * being escalated to the duty phones ("Đang báo điện thoại trực…"), and on the acknowledged one
 * who took it by phone ("Đ/c Bình nhận qua điện thoại"), so an officer coming back knows whether
 * someone is on the way; an alarm acknowledged at the post says nothing of phones.
 */
import test from "ava";
import { Annunciator, type AnnunciatorEvent, type View } from "../../firmware/core/annunciator/annunciator.ts";
import { runScenario } from "../../tools/sim/run.ts";
import { loadScenario } from "../../tools/sim/scenario.ts";

const WALL = 1_767_225_600;

function screen(events: AnnunciatorEvent[], lang: "vi" | "en" = "vi") {
  const a = new Annunciator({ lang });
  let t = 0;
  for (const e of events) a.apply(e, (t += 1000), WALL + t / 1000);
  return a.view(t, WALL + t / 1000);
}

const opened: AnnunciatorEvent[] = [
  { event: "boot", name: "Công an xã Xuân Phổ", open: 0 },
  { event: "caller_listed", caller: "clinic", name: "Trạm y tế" },
  { event: "incident_opened", caller: "clinic", incident: 1, name: "Trạm y tế" },
];
const escalated: AnnunciatorEvent[] = [...opened, { event: "escalation_started", escalation: 1, incidents: "clinic#1", places: "Trạm y tế" }];
const taken: AnnunciatorEvent[] = [
  ...escalated,
  { event: "escalation_taken", escalation: 1, by: "+84901000002", name: "Đ/c Bình", via: "dtmf", incidents: "clinic#1" },
  { event: "incident_acknowledged", caller: "clinic", incident: 1, by: "+84901000002" },
];

test("an alarm nobody took says nothing of phones until it is escalated, then 'Đang báo điện thoại trực…'", (t) => {
  t.false(screen(opened).details.some((d) => /điện thoại/.test(d)));
  const v = screen(escalated);
  t.is(v.screen, "alarm");
  t.true(v.details.includes("Đang báo điện thoại trực…"), v.details.join(" | "));
  t.true(screen(escalated, "en").details.includes("Calling the duty phones…"));
});

test("an alarm taken by phone shows who took it, in place of the escalation line", (t) => {
  const v = screen(taken);
  t.is(v.screen, "acknowledged");
  t.true(v.details.includes("Đ/c Bình nhận qua điện thoại"), v.details.join(" | "));
  t.false(v.details.includes("Đang báo điện thoại trực…"));
});

test("an escalated alarm acknowledged at the post no longer says the phones are being called", (t) => {
  const v = screen([...escalated, { event: "incident_acknowledged", caller: "clinic", incident: 1 }]);
  t.is(v.screen, "acknowledged");
  t.false(v.details.some((d) => /điện thoại/.test(d)), v.details.join(" | "));
});

test("an escalation joined by a second alarm marks that alarm too", (t) => {
  const v = screen([
    ...escalated,
    { event: "caller_listed", caller: "bank", name: "Ngân hàng" },
    { event: "incident_opened", caller: "bank", incident: 4, name: "Ngân hàng" },
    { event: "escalation_joined", escalation: 1, caller: "bank", incident: 4 },
  ]);
  t.is(v.headline, "Ngân hàng");
  t.true(v.details.includes("Đang báo điện thoại trực…"));
});

test("the empty-post fixture on the simulated post: its screen shows the escalation, then who took it by phone", (t) => {
  const views: View[] = [];
  runScenario(loadScenario("test/fixtures/scenarios/empty-post-escalates-to-the-duty-phones.json"), { screens: { open: () => ({ show: (v: View) => views.push(v) }) } });
  const calling = views.findIndex((v) => v.screen === "alarm" && v.details.includes("Đang báo điện thoại trực…"));
  t.true(calling >= 0);
  t.true(views.slice(calling).some((v) => v.screen === "acknowledged" && v.details.some((d) => /^Đ\/c .+ nhận qua điện thoại$/.test(d))));
});
