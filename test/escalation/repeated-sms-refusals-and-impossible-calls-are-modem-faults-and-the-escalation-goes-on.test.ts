/**
 * Claim (issue 14, field findings "sms-refused-is-not-a-modem-fault" and
 * "no-volte-is-not-a-modem-fault"): SMS refused several times in a row (`+CMS ERROR`, e.g. a line
 * out of credit) and calls that cannot be made several times in a row (no VoLTE on the line) are
 * modem faults of the post naming the error in words — and the escalation goes on with what
 * still works: the calls when SMS are refused, the SMS when calls are impossible.
 */
import test from "ava";
import { readFileSync } from "node:fs";
import { loadScenario, parseScenario } from "../../tools/sim/scenario.ts";
import { runScenario } from "../../tools/sim/run.ts";
import { playModem } from "../stack/at/transcript.ts";

test("the field scenario: every SMS refused with +CMS ERROR: 500 is an sms_refused fault in words; the phones are still called", (t) => {
  const ev = runScenario(loadScenario("test/field/escalation/sms-refused-is-not-a-modem-fault.json")).events;
  const fault = ev.find((e) => e.event === "modem_fault");
  t.like(fault, { reason: "sms_refused" });
  t.regex(String(fault?.detail), /500.*unknown error/i);
  const firstFailure = ev.find((e) => e.event === "escalation_sms_failed")!;
  t.true(fault!.t - firstFailure.t < 60_000, "within a minute of the first refusal");
  t.true(ev.some((e) => e.event === "escalation_call" && e.t > fault!.t), "calls go on");
});

test("the field scenario: calls impossible without VoLTE are a calls_refused fault; the SMS still go", (t) => {
  const ev = runScenario(loadScenario("test/field/escalation/no-volte-is-not-a-modem-fault.json")).events;
  const fault = ev.find((e) => e.event === "modem_fault");
  t.like(fault, { reason: "calls_refused" });
  t.regex(String(fault?.detail), /operation not allowed/);
  t.true(ev.some((e) => e.event === "phone_sms"), "SMS delivered");
  t.true(ev.some((e) => e.event === "escalation_call" && e.t > fault!.t), "still tries to call");
});

const HEALTHY: [RegExp, string | undefined][] = [
  [/^AT\+CPIN\?$/, "\r\n+CPIN: READY\r\n\r\nOK\r\n"],
  [/^AT\+CEREG\?$/, "\r\n+CEREG: 0,1\r\n\r\nOK\r\n"],
  [/^AT\+CSQ$/, "\r\n+CSQ: 20,99\r\n\r\nOK\r\n"],
  [/^AT\+CMGS=/, "\r\n> "],
  [/^AT/, "\r\nOK\r\n"],
];

for (const [code, words] of [["500", "unknown error"], ["330", "SMSC address unknown"], ["38", "network out of order"], ["Unknown error", undefined]] as const) {
  test(`three SMS refused in a row with +CMS ERROR: ${code} are one sms_refused warning in words; two are not; a sent SMS clears it`, (t) => {
    const detail = words === undefined ? `+CMS ERROR: ${code}` : `+CMS ERROR: ${code} (${words})`;
    t.deepEqual(health(playRefusals(code, 3)), ["modem ok", `modem warning sms_refused (${detail})`, "modem ok"]);
    t.deepEqual(health(playRefusals(code, 2)), ["modem ok"]);
  });
}

test("VoLTE turned on: the next call rings and the calls_refused fault clears (modem_ok)", (t) => {
  const json = JSON.parse(readFileSync("test/field/escalation/no-volte-is-not-a-modem-fault.json", "utf8")) as { inputs: object[] };
  const ev = runScenario(parseScenario({ ...json, inputs: [...json.inputs, { at_ms: 300_000, device: "post", modem: { volte: true } }] })).events;
  const fault = ev.find((e) => e.event === "modem_fault")!;
  t.like(fault, { reason: "calls_refused" });
  t.true(fault.t < 300_000);
  const ok = ev.find((e) => e.event === "modem_ok" && e.t > fault.t);
  t.true(ok !== undefined && ok.t >= 300_000);
  t.true(ev.some((e) => e.event === "escalation_call_state" && e.state === "alerting" && e.t >= 300_000 && e.t <= ok!.t));
});

const health = (r: { reports: string[] }) => r.reports.filter((x) => x.startsWith("modem"));

/** A rule for `re` whose reply is `first` to its first `n` matches, then `then`. */
function nthReply(re: RegExp, n: number, first: string, then: string): [RegExp, string] {
  let matched = 0;
  const counting = new RegExp(re.source);
  counting.test = (s: string) => re.test(s) && ++matched > 0;
  const rule: [RegExp, string] = [counting, ""];
  Object.defineProperty(rule, 1, { get: () => (matched <= n ? first : then) });
  return rule;
}

/** `refused` SMS refused with `+CMS ERROR: code`, then one sent. */
function playRefusals(code: string, refused: number) {
  const submit = nthReply(/<\^Z>$/, refused, `\r\n+CMS ERROR: ${code}\r\n`, "\r\n+CMGS: 7\r\n\r\nOK\r\n");
  return playModem({ rules: [submit, ...HEALTHY], act: (m, now) => [1, 2, 3, 4].forEach((id) => m.sendSms(now(), id, "+84901000001", "BÁO ĐỘNG")) });
}
