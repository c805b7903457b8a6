/**
 * Claim (docs/mqtt.md §2.2–2.3 and finding 8's fix; the alarm must never be hidden by the
 * unconfirmed window): in the bridge's post model (`tools/mqtt/post-model.ts`, what Home Assistant
 * is shown), after every line of every receiver stream of 5 lines drawn from boots (with the open
 * count a consistent receiver gives), escalation statements (`escalation_off` no_duty_list /
 * no_modem, `escalation_ok` 3 / 0 phones) and one caller's incident opened, acknowledged and
 * resolved: the post state is `alarm` while an incident is unacknowledged, `acknowledged` while
 * incidents are open and all acknowledged, else `fault` if the last statement was
 * `escalation_off no_duty_list`, else `normal`. 8^5 = 32,768 streams, exhaustively.
 *
 * PASSES on break15 (9e474ba): kept as what held (an alarm during the unconfirmed window is
 * `alarm` at once, and the fault comes back, unconfirmed, after it is resolved).
 */
import test from "ava";
import { PostModel } from "../../../tools/mqtt/post-model.ts";

const NOW = "2026-01-01T00:00:00.000Z";
type Line = Record<string, unknown> & { event: string };
/** The lines a stream is drawn from; `open` is the receiver's count of open incidents, `last` its last incident number. */
const LINES: ((r: { open: number; last: number }) => Line)[] = [
  (r) => ({ event: "boot", role: "receiver", open: r.open, name: "Công an xã Xuân Phổ" }),
  () => ({ event: "escalation_off", why: "no_duty_list" }),
  () => ({ event: "escalation_off", why: "no_modem" }),
  () => ({ event: "escalation_ok", phones: 3 }),
  () => ({ event: "escalation_ok", phones: 0 }),
  (r) => ({ event: "incident_opened", caller: "clinic", incident: r.last + 1, name: "Trạm y tế" }),
  (r) => ({ event: "incident_acknowledged", caller: "clinic", incident: r.last }),
  (r) => ({ event: "incident_resolved", caller: "clinic", incident: r.last }),
];
const LENGTH = 5;

test("every stream of 5 boots, statements and incident lines: alarm while unacknowledged, fault while no duty list, else normal", (t) => {
  const wrong: string[] = [];
  for (let code = 0; code < LINES.length ** LENGTH; code++) {
    const model = new PostModel({ post: "xuanpho", now: NOW });
    model.apply({ event: "caller_listed", caller: "clinic", name: "Trạm y tế" }, NOW);
    // the receiver's own truth: incident number → acknowledged
    const open = new Map<number, boolean>();
    let last = 0;
    let noDutyList = false;
    const trail: string[] = [];
    for (let i = 0, c = code; i < LENGTH; i++, c = Math.floor(c / LINES.length)) {
      const line = LINES[c % LINES.length]!({ open: open.size, last });
      if (line.event === "incident_opened") open.set(++last, false);
      else if (line.event === "incident_acknowledged") {
        if (open.get(last) !== false) continue; // a receiver acknowledges only an open, unacknowledged incident
        open.set(last, true);
      } else if (line.event === "incident_resolved") {
        if (open.get(last) !== true) continue; // and resolves only an acknowledged one
        open.delete(last);
      } else if (line.event === "escalation_off") noDutyList = line.why === "no_duty_list";
      else if (line.event === "escalation_ok") noDutyList = false;
      const result = model.apply(line, NOW);
      const shown = model.postState().state;
      trail.push(`${line.event}${line.why === undefined ? "" : ` ${String(line.why)}`}${line.phones === undefined ? "" : ` ${String(line.phones)}`} → ${shown}`);
      t.not(result.kind, "invalid", trail.join(" | "));
      const expected = [...open.values()].includes(false) ? "alarm" : open.size > 0 ? "acknowledged" : noDutyList ? "fault" : "normal";
      if (shown !== expected && wrong.length < 10) wrong.push(`${trail.join(" | ")} (expected ${expected})`);
    }
  }
  t.deepEqual(wrong, []);
});
