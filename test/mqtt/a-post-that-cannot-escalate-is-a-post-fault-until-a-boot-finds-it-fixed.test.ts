/**
 * Claim (issue 14, the post's `escalation_off`; field finding 8): Home Assistant sees what the
 * post's screen shows. A post that was meant to reach the duty phones and cannot (`no_duty_list`,
 * `bad_setting`: a fault, `firmware/core/escalation/unavailable.ts`) has the post state `fault`
 * with `escalation` naming why, while no incident is open (an alarm still wins); a post set up
 * without a modem (`no_modem`: a notice) stays `normal` and still names why. A receiver's `boot`
 * keeps what it said, marked `escalation_unconfirmed`, until it states its escalation again:
 * `escalation_off` (the same or another reason) or `escalation_ok` (fixed: the fault clears only
 * then). The saved snapshot keeps both.
 *
 * Changed on purpose with field finding 8 (test/field/escalation-off/README.md): before, the rows
 * after each `boot` expected `normal` with no `escalation` — the flap Home Assistant showed at
 * every reboot of a post that cannot escalate.
 */
import test from "ava";
import { POST_ATTRIBUTES_TEMPLATE } from "../../tools/mqtt/discovery.ts";
import { PostModel, type PostStateName } from "../../tools/mqtt/post-model.ts";
import { renderTemplate } from "./support/ha-template.ts";

const NOW = "2025-01-01T00:00:00.000Z";
const boot = { event: "boot", role: "receiver", name: "Công an xã" };
const ok = (phones: number) => ({ event: "escalation_ok", phones });

/** [event, state, escalation, escalation_unconfirmed] after it. */
const rows: [Record<string, unknown>, PostStateName, string | undefined, true | undefined][] = [
  [boot, "normal", undefined, undefined],
  [{ event: "caller_online", caller: "clinic" }, "normal", undefined, undefined],
  [ok(0), "normal", undefined, undefined],
  [{ event: "escalation_off", why: "no_duty_list" }, "fault", "no_duty_list", undefined],
  [{ event: "incident_opened", caller: "clinic", incident: 1 }, "alarm", "no_duty_list", undefined],
  [{ event: "incident_resolved", caller: "clinic", incident: 1 }, "fault", "no_duty_list", undefined],
  [boot, "fault", "no_duty_list", true],
  [boot, "fault", "no_duty_list", true], // a reboot loop: still the fault, still unconfirmed
  [{ event: "escalation_off", why: "no_duty_list" }, "fault", "no_duty_list", undefined],
  [boot, "fault", "no_duty_list", true],
  [ok(3), "normal", undefined, undefined], // the installer provisioned a list during the reboot
  [{ event: "escalation_off", why: "bad_setting", key: "d1.phone", reason: "not E.164" }, "fault", "bad_setting", undefined],
  [boot, "fault", "bad_setting", true],
  [{ event: "escalation_off", why: "no_modem" }, "normal", "no_modem", undefined],
  [boot, "normal", "no_modem", true],
  [ok(0), "normal", undefined, undefined],
  [boot, "normal", undefined, undefined],
];

test("escalation_off is a post fault or a notice as at the post; a boot keeps it unconfirmed until the post says it again or escalation_ok", (t) => {
  const model = new PostModel({ post: "xuanpho", now: NOW });
  rows.forEach(([event, state, why, unconfirmed], i) => {
    const r = model.apply(event, NOW);
    t.not(r.kind, "invalid", `row ${i}`);
    t.is(model.postState().state, state, `row ${i}`);
    t.is(model.postState().escalation as string | undefined, why, `row ${i}`);
    t.is(model.postState().escalation_unconfirmed, unconfirmed, `row ${i}`);
  });
  model.apply({ event: "escalation_off", why: "no_duty_list" }, NOW);
  model.apply(boot, NOW);
  const resumed = new PostModel({ post: "xuanpho", now: NOW, snapshot: JSON.parse(JSON.stringify(model.snapshot())) });
  t.like(resumed.postState(), { state: "fault", escalation: "no_duty_list", escalation_unconfirmed: true });
  t.is(model.apply({ event: "escalation_off", why: "lunch" }, NOW).kind, "invalid");
  t.is(model.apply({ event: "escalation_ok" }, NOW).kind, "invalid");
  t.is(model.apply({ event: "escalation_ok", phones: -1 }, NOW).kind, "invalid");
});

test("a model saved by an older bridge (no escalation_unconfirmed) resumes its reason as said since the last boot", (t) => {
  const older = { version: 1 as const, post: "xuanpho", callers: [], since: NOW, escalation: "no_duty_list" as const };
  const model = new PostModel({ post: "xuanpho", now: NOW, snapshot: older });
  t.like(model.postState(), { state: "fault", escalation: "no_duty_list" });
  t.is(model.postState().escalation_unconfirmed, undefined);
  model.apply(boot, NOW);
  t.like(model.postState(), { state: "fault", escalation: "no_duty_list", escalation_unconfirmed: true });
});

test("a change of the modem's fault or of escalation_off asks the bridge to publish the post state again", (t) => {
  const model = new PostModel({ post: "xuanpho", now: NOW });
  const post = (e: Record<string, unknown>) => {
    const r = model.apply(e, NOW);
    return r.kind === "applied" ? r.post : undefined;
  };
  t.is(post({ event: "modem_fault", reason: "no_sim" }), true);
  t.is(post({ event: "modem_fault", reason: "no_sim" }), false, "the same reason again changes nothing");
  t.is(post({ event: "modem_ok" }), true);
  t.is(post({ event: "escalation_off", why: "no_duty_list" }), true);
  t.is(post({ event: "escalation_off", why: "no_duty_list" }), false);
  t.is(post(boot), true, "a boot marks it unconfirmed (and names the post)");
  t.is(post({ event: "escalation_off", why: "no_duty_list" }), true, "said again: confirmed");
  t.is(post({ event: "escalation_off", why: "no_modem" }), true);
  t.is(post({ ...boot }), true, "a boot with the same name still marks it");
  t.is(model.apply({ ...boot }, NOW).kind, "ignored", "already unconfirmed: nothing changes");
  t.is(post(ok(0)), true, "escalation_ok clears it");
  t.is(post(ok(0)), false);
  t.is(model.apply({ ...boot }, NOW).kind, "ignored", "nothing to keep");
});

test("Home Assistant's post attributes say why and whether it is unconfirmed, and render on an older bridge's payload", (t) => {
  const model = new PostModel({ post: "xuanpho", now: NOW });
  model.apply({ event: "escalation_off", why: "no_duty_list" }, NOW);
  model.apply(boot, NOW);
  const attributes = (payload: unknown) => JSON.parse(renderTemplate(POST_ATTRIBUTES_TEMPLATE, { value_json: payload })) as Record<string, unknown>;
  t.like(attributes(model.postState()), { post_state: "fault", escalation: "no_duty_list", escalation_unconfirmed: true });
  model.apply({ event: "escalation_ok", phones: 0 }, NOW);
  t.like(attributes(model.postState()), { post_state: "normal", escalation: null, escalation_unconfirmed: false });
  // retained by an older bridge: no escalation fields at all
  const older = { post: "xuanpho", state: "normal", open_incidents: 0, unacknowledged: 0, callers: 1, offline: [], since: NOW };
  t.like(attributes(older), { post_state: "normal", escalation: null, escalation_unconfirmed: false });
});

test("a reason recalled from a retained state counts only while nothing is known, and stays unconfirmed until the post speaks", (t) => {
  const fresh = new PostModel({ post: "xuanpho", now: NOW });
  t.true(fresh.recallEscalation("bad_setting", NOW));
  t.like(fresh.postState(), { state: "fault", escalation: "bad_setting", escalation_unconfirmed: true });
  t.false(fresh.recallEscalation("no_duty_list", NOW), "its own word wins over a retained one");
  fresh.apply({ event: "escalation_off", why: "no_modem" }, NOW);
  t.like(fresh.postState(), { state: "normal", escalation: "no_modem" });
  t.false(fresh.recallEscalation("no_duty_list", NOW));
  fresh.apply(ok(0), NOW);
  t.like(fresh.postState(), { state: "normal", escalation: undefined });
});
