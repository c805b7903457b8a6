/**
 * Claim (issue 14): the bridge publishes the post's LTE modem fault like any post fault — the
 * post state is `fault` with `modem` naming the reason while no incident is open (an alarm
 * still wins), and `modem_ok` takes it back; the saved snapshot keeps it.
 */
import test from "ava";
import { PostModel, type PostStateName } from "../../tools/mqtt/post-model.ts";

const NOW = "2025-01-01T00:00:00.000Z";

const rows: [Record<string, unknown>, PostStateName, string | undefined][] = [
  [{ event: "caller_online", caller: "clinic" }, "normal", undefined],
  [{ event: "modem_fault", reason: "no_sim" }, "fault", "no_sim"],
  [{ event: "incident_opened", caller: "clinic", incident: 1 }, "alarm", "no_sim"],
  [{ event: "incident_resolved", caller: "clinic", incident: 1 }, "fault", "no_sim"],
  [{ event: "modem_fault", reason: "sms_refused", detail: "+CMS ERROR: 500 (unknown error)" }, "fault", "sms_refused"],
  [{ event: "modem_ok" }, "normal", undefined],
];

test("modem_fault and modem_ok move the post state and name the reason", (t) => {
  const model = new PostModel({ post: "xuanpho", now: NOW });
  rows.forEach(([event, state, modem], i) => {
    const r = model.apply(event, NOW);
    t.is(r.kind, "applied", `row ${i}`);
    t.is(model.postState().state, state, `row ${i}`);
    t.is(model.postState().modem, modem, `row ${i}`);
  });
  model.apply({ event: "modem_fault", reason: "weak_signal" }, NOW);
  const resumed = new PostModel({ post: "xuanpho", now: NOW, snapshot: JSON.parse(JSON.stringify(model.snapshot())) });
  t.is(resumed.postState().modem, "weak_signal");
  t.is(model.apply({ event: "modem_fault" }, NOW).kind, "invalid");
});
