/**
 * Claim (issue 14, "done when"; the receiver wires its own escalation): with nobody at the post,
 * the timeline shows the alarm SMS (decoded Vietnamese text) on the duty phones, the calls, the
 * reply that takes the alarm, and then the post following it — the incident acknowledged with
 * the taker's phone, the siren off, the caller told help is coming — in that order, whatever the
 * run's seed (radio timing and loss draws differ; the escalation's order must not).
 */
import test from "ava";
import { runScenario, type SimEvent } from "../../tools/sim/run.ts";
import { loadScenario } from "../../tools/sim/scenario.ts";

const file = new URL("../fixtures/scenarios/empty-post-escalates-to-the-duty-phones.json", import.meta.url).pathname;
const BINH = "+84901000002";
const ALARM_TEXT = "BÁO ĐỘNG Trạm y tế lúc 01:00. Trạm Công an xã Xuân Phổ chưa ai xác nhận. Trả lời OK 1 để nhận vụ, hoặc bấm phím 1 khi được gọi.";

/** Index of the first event after `from` that `match` accepts, or -1. */
function next(ev: readonly SimEvent[], from: number, match: (e: SimEvent) => boolean): number {
  for (let i = from + 1; i < ev.length; i++) if (match(ev[i]!)) return i;
  return -1;
}

for (const seed of [14, 1, 2, 3, 4, 5]) {
  test(`seed ${seed}: SMS, calls, Bình's reply, taken, then acknowledged at the post, siren off, caller told`, (t) => {
    const ev = runScenario(loadScenario(file), { seed }).events;
    const steps: [string, (e: SimEvent) => boolean][] = [
      ["the siren sounds for the alarm", (e) => e.device === "post" && e.event === "siren" && e.on === true],
      ["the alarm SMS reaches a duty phone, decoded", (e) => e.event === "phone_sms" && e.text === ALARM_TEXT],
      ["a duty phone is called", (e) => e.device === "post" && e.event === "escalation_call"],
      ["Bình replies by SMS", (e) => e.device === BINH && e.event === "phone_sends_sms" && e.text === "OK 1"],
      ["the escalation is taken by Bình's SMS", (e) => e.device === "post" && e.event === "escalation_taken" && e.by === BINH && e.via === "sms"],
      ["the incident is acknowledged at the post, naming the taker", (e) => e.device === "post" && e.event === "incident_acknowledged" && e.caller === "clinic" && e.incident === 1 && e.by === BINH],
      ["the siren stops", (e) => e.device === "post" && e.event === "siren" && e.on === false],
      ["the caller is told help is coming", (e) => e.device === "clinic" && e.event === "alarm_acknowledged" && e.incident === 1],
    ];
    let at = -1;
    for (const [what, match] of steps) {
      const i = next(ev, at, match);
      t.true(i > at, `${what}, after the step before`);
      if (i < 0) return;
      at = i;
    }
    t.is(ev.filter((e) => e.event === "incident_acknowledged").length, 1, "acknowledged once");
    t.false(ev.some((e) => e.device === "post" && e.event === "siren" && e.t > ev[at]!.t), "the siren stays off");
  });
}
