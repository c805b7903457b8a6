/**
 * Claim (issue 14, field finding "modem-hangs-mid-escalation"): a command the modem does not
 * answer in time is proof it is not answering — the fault is reported at once, not at the next
 * health check; the longest wait is an `AT+CMGS` (60 s: the network's own RP-ACK timer TR1M is
 * 35…45 s, 3GPP TS 24.011 §10, plus margin). The module is then set up again (echo, PDU mode,
 * SMS and call reports, DTMF) at each check, with backoff, and once it answers the escalation
 * resumes where it was: the SMS it could not send go out and an officer can still take the alarm.
 */
import { readFileSync } from "node:fs";
import test from "ava";
import { parseScenario } from "../../tools/sim/scenario.ts";
import { runScenario } from "../../tools/sim/run.ts";
import { HEALTHY, playModem, withRules } from "../stack/at/transcript.ts";

const FIELD = "test/field/escalation/modem-hangs-mid-escalation.json";
const HANG_MS = 33_000;

function run(extra: object[] = []) {
  const json = JSON.parse(readFileSync(FIELD, "utf8")) as { inputs: object[] };
  return runScenario(parseScenario({ ...json, inputs: [...json.inputs, ...extra] })).events;
}

test("the field scenario: the hung modem is a not_answering fault within 65 s, not 2.5 min", (t) => {
  const ev = run();
  const fault = ev.find((e) => e.event === "modem_fault");
  t.like(fault, { reason: "not_answering" });
  t.true(fault!.t - HANG_MS <= 65_000, `fault ${fault!.t - HANG_MS} ms after the hang`);
});

test("the module answers again: it is set up again, modem_ok, and the escalation resumes: every phone texted, then called", (t) => {
  const ev = run([{ at_ms: 120_000, device: "post", modem: { silent: false } }]);
  const ok = ev.find((e) => e.event === "modem_ok" && e.t >= 120_000);
  t.truthy(ok, "modem_ok after the module answers again");
  t.true(ok!.t - 120_000 <= 90_000, `back ${ok!.t - 120_000} ms after it answers (backoff)`);
  for (const phone of ["+84901000001", "+84901000002", "+84901000003"]) {
    t.true(ev.some((e) => e.event === "phone_sms" && e.device === phone), `${phone} texted`);
  }
  t.true(ev.some((e) => e.event === "escalation_call" && e.t > ok!.t), "calls after the return");
});

test("an AT+CMGS left unanswered is cancelled with ESC before the next command, and is not_answering at once", (t) => {
  const r = playModem({
    rules: withRules(HEALTHY, [[/^AT\+CMGS=/, "\r\n> "]]), // the PDU is never answered
    act: (m, now) => m.sendSms(now(), 1, "+84901000001", "OK"),
    runMs: 70_000,
  });
  const pdu = r.written.findIndex((l) => l.endsWith("<^Z>"));
  t.is(r.written[pdu + 1], "<ESC>");
  t.deepEqual(r.reports.slice(0, 3), ["modem ok", "modem fault not_answering", "sms 1 failed no answer from the modem"]);
});
