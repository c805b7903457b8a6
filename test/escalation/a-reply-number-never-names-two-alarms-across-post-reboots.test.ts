/**
 * Claim (issue 14, field finding 1: a missed alarm otherwise): the number an officer replies with
 * (`OK N`) never names two different alarms, even across power cuts at the post. The field
 * tester's scenario (test/field/escalation/old-reply-after-post-reboot-takes-new-alarm.json): alarm
 * 1 is taken and reset, the post loses power, a new clinic alarm is escalated, and a late "OK 1"
 * meant for the first alarm arrives before any SMS about the new one. The numbers persist in
 * flash (`esc_next`, one write per new number, written before the SMS naming it is submitted).
 * Also run with the power cut at several moments, including between the first escalation's start
 * and its first SMS, and with two cuts.
 */
import test from "ava";
import { readFileSync } from "node:fs";
import { runScenario } from "../../tools/sim/run.ts";
import { parseScenario } from "../../tools/sim/scenario.ts";
import { ALARM_NUMBER_MAX, Escalation } from "../../firmware/core/escalation/escalation.ts";
import { SETTINGS } from "./support/table.ts";

const file = new URL("../field/escalation/old-reply-after-post-reboot-takes-new-alarm.json", import.meta.url).pathname;
const C = "+84901000003";

type Input = Record<string, unknown>;
function run(edit: (inputs: Input[]) => Input[]) {
  const raw = JSON.parse(readFileSync(file, "utf8")) as { inputs: Input[] };
  raw.inputs = edit(raw.inputs);
  return runScenario(parseScenario(raw, { file })).events;
}

test("the field scenario: the late OK 1 takes nothing and the new alarm is texted to everyone", (t) => {
  const ev = run((i) => i);
  const started = ev.filter((e) => e.event === "escalation_started");
  t.is(started.length, 2);
  t.not(started[1]!.escalation, started[0]!.escalation, "the new alarm has a new number after the reboot");
  t.false(ev.some((e) => e.event === "escalation_taken" && e.by === C), "Cường's late OK 1 takes nothing");
  const late = ev.find((e) => e.event === "sms_ignored" && e.from === C);
  t.true(late?.why === "already_taken" || late?.why === "no_such_alarm", `the late OK 1 is ignored: ${String(late?.why)}`);
  const newAlarm = ev.filter((e) => e.event === "phone_sms" && e.t > started[1]!.t && String(e.text).startsWith("BÁO ĐỘNG"));
  t.deepEqual(newAlarm.map((e) => e.device).sort(), ["+84901000001", "+84901000002", C], "every phone gets the new alarm");
  for (const e of newAlarm) t.true(String(e.text).includes(`OK ${String(started[1]!.escalation)} `), `names the new number: ${String(e.text)}`);
});

for (const offs of [[200_000], [32_200], [32_500], [33_000], [100_000, 300_000], [431_500]]) {
  test(`power cut(s) at ${offs.map((o) => o / 1000).join(", ")} s: no number is used for two alarms`, (t) => {
    const ev = run((inputs) => [
      ...inputs.filter((i) => i.power === undefined),
      ...offs.flatMap((o) => [
        { at_ms: o, device: "post", power: "off" },
        { at_ms: o + 5000, device: "post", power: "on" },
      ]),
    ]);
    // every escalation the post starts gets a number no earlier one had, reboots or not
    const numbers = ev.filter((x) => x.event === "escalation_started").map((x) => x.escalation);
    t.true(numbers.length >= 2, "escalated at least twice");
    t.is(new Set(numbers).size, numbers.length, `numbers ${numbers.join(", ")}`);
  });
}

test("the core asks to persist the next number before the alarm SMS, and wraps after ALARM_NUMBER_MAX", (t) => {
  const e = new Escalation({ ...SETTINGS, postName: "Xuân Phổ", firstNumber: ALARM_NUMBER_MAX });
  e.incidentOpened(0, { caller: "clinic", incident: 1, place: "Trạm y tế" });
  const step = e.tick(SETTINGS.escalateAfterMs);
  t.is(step.nextNumber, 1, "after the largest number comes 1");
  t.true(step.commands.some((c) => c.op === "sms" && c.text.includes(`OK ${ALARM_NUMBER_MAX} `)));
  t.throws(() => new Escalation({ ...SETTINGS, postName: "Xuân Phổ", firstNumber: ALARM_NUMBER_MAX + 1 }), { instanceOf: RangeError });
});
