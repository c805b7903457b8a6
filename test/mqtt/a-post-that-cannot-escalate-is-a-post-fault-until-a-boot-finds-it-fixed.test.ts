/**
 * Claim (issue 14, the post's `escalation_off`): Home Assistant sees what the post's screen shows.
 * A post that was meant to reach the duty phones and cannot (`no_duty_list`, `bad_setting`: a
 * fault, `firmware/core/escalation/unavailable.ts`) has the post state `fault` with `escalation`
 * naming why, while no incident is open (an alarm still wins); a post set up without a modem
 * (`no_modem`: a notice) stays `normal` and still names why. The receiver says it again at every
 * boot while it applies, so its next `boot` clears it; the saved snapshot keeps it.
 */
import test from "ava";
import { PostModel, type PostStateName } from "../../tools/mqtt/post-model.ts";

const NOW = "2025-01-01T00:00:00.000Z";
const boot = { event: "boot", role: "receiver", name: "Công an xã" };

const rows: [Record<string, unknown>, PostStateName, string | undefined][] = [
  [boot, "normal", undefined],
  [{ event: "caller_online", caller: "clinic" }, "normal", undefined],
  [{ event: "escalation_off", why: "no_duty_list" }, "fault", "no_duty_list"],
  [{ event: "incident_opened", caller: "clinic", incident: 1 }, "alarm", "no_duty_list"],
  [{ event: "incident_resolved", caller: "clinic", incident: 1 }, "fault", "no_duty_list"],
  [boot, "normal", undefined],
  [{ event: "escalation_off", why: "bad_setting", key: "d1.phone", reason: "not E.164" }, "fault", "bad_setting"],
  [boot, "normal", undefined],
  [{ event: "escalation_off", why: "no_modem" }, "normal", "no_modem"],
  [boot, "normal", undefined],
];

test("escalation_off is a post fault or a notice as at the post, and the next boot clears it", (t) => {
  const model = new PostModel({ post: "xuanpho", now: NOW });
  rows.forEach(([event, state, why], i) => {
    const r = model.apply(event, NOW);
    t.is(r.kind, "applied", `row ${i}`);
    t.is(model.postState().state, state, `row ${i}`);
    t.is(model.postState().escalation as string | undefined, why, `row ${i}`);
  });
  model.apply({ event: "escalation_off", why: "no_duty_list" }, NOW);
  const resumed = new PostModel({ post: "xuanpho", now: NOW, snapshot: JSON.parse(JSON.stringify(model.snapshot())) });
  t.is(resumed.postState().state, "fault");
  t.is(resumed.postState().escalation, "no_duty_list");
  t.is(model.apply({ event: "escalation_off", why: "lunch" }, NOW).kind, "invalid");
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
  t.is(post(boot), true, "a boot clears it (and names the post)");
  t.is(post({ event: "escalation_off", why: "no_modem" }), true);
  t.is(post({ ...boot }), true, "a boot with the same name still clears it");
  t.is(model.apply({ ...boot }, NOW).kind, "ignored", "nothing left to clear");
});
