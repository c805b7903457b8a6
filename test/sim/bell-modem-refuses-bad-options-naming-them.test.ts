/**
 * Claim: `bell modem`'s options are checked before anything starts; a bad one is a UsageError
 * E_MODEM_OPTION (exit 2) naming the option and what it expects, and good ones give the phones and
 * the modem state they say, over a scenario's `lte` (options last).
 */
import test from "ava";
import { UsageError } from "../../tools/errors.ts";
import { modemSetup, type ModemCommandOptions } from "../../tools/sim/modem-command.ts";
import { repoRoot } from "../support/console-pty.ts";

const FIXTURE = `${repoRoot}/test/fixtures/scenarios/empty-post-escalates-to-the-duty-phones.json`;
const NO_LTE = `${repoRoot}/test/fixtures/scenarios/lost-acks.json`;

const REFUSED: [ModemCommandOptions, RegExp][] = [
  [{ answers: ["0901000002=no"] }, /^--answers 0901000002=no: .*E\.164.*"\+84901000002".*\(E_MODEM_OPTION\)$/],
  [{ answers: ["+84901000002"] }, /^--answers \+84901000002: expected PHONE=…/],
  [{ answers: ["+84901000002=maybe"] }, /^--answers \+84901000002=maybe: expected yes, no, busy, reject/],
  [{ press: ["+84901000002=12"] }, /^--press \+84901000002=12: expected one DTMF key/],
  [{ answers: ["+84901000002=busy"], press: ["+84901000002=1"] }, /^--press \+84901000002=1: \+84901000002 does not answer \(busy\), so it presses nothing/],
  [{ reply: ["+84901000002="] }, /^--reply \+84901000002=: the text must be 1…70 characters/],
  [{ reply: [`+84901000002=${"x".repeat(71)}`] }, /the text must be 1…70 characters/],
  [{ reply: ["+84901000002=OK 1", "+84901000002=OK 2"] }, /^--reply \+84901000002=OK 2: \+84901000002 already has a reply/],
  [{ replyAfter: "-3" }, /^--reply-after -3: expected seconds ≥ 0/],
  [{ fault: ["no-battery"] }, /^--fault no-battery: expected one of no-sim, not-registered, no-signal, no-volte, silent/],
  [{ smsError: " " }, /^--sms-error: give the words/],
  [{ number: "84912000000" }, /^--number 84912000000: --number must be a phone number in E\.164 form/],
  [{ scenario: NO_LTE }, /the scenario has no "lte"/],
];

for (const [options, expected] of REFUSED) {
  test(`refused: ${JSON.stringify(options).replace(repoRoot, "")}`, (t) => {
    const err = t.throws(() => modemSetup(options), { instanceOf: UsageError });
    t.is(err?.id, "E_MODEM_OPTION");
    t.regex(err?.message ?? "", expected);
  });
}

test("a scenario's lte, then the options over it", (t) => {
  const s = modemSetup({
    scenario: FIXTURE,
    answers: ["+84901000001=reject", "+84905555555=busy"],
    press: ["+84901000002=1"],
    reply: ["+84901000003=OK 1"],
    replyAfter: "2.5",
    fault: ["not-registered", "no-volte"],
    vendor: "quectel",
  });
  t.is(s.vendor, "quectel");
  t.is(s.number, "+84912000000");
  t.deepEqual(s.state, { registered: false, volte: false });
  t.deepEqual(s.phones, [
    { phone: "+84901000001", behaviour: { answers: "reject" } },
    { phone: "+84901000002", behaviour: { answers: "yes", ringMs: 6000, press: "1" } },
    { phone: "+84901000003", behaviour: { answers: "busy" } },
    { phone: "+84905555555", behaviour: { answers: "busy" } },
  ]);
  t.deepEqual(s.replies, [{ phone: "+84901000003", text: "OK 1", afterMs: 2500 }]);
  t.deepEqual(
    s.phoneNames,
    new Map([
      ["+84912000000", "Công an xã Xuân Phổ"],
      ["+84901000001", "Đ/c An"],
      ["+84901000002", "Đ/c Bình"],
      ["+84901000003", "Đ/c Cường"],
    ]),
    "the log names the duty officers and the post",
  );
  t.deepEqual(
    s.inputs!.map((i) => [i.kind, i.atUs, i.kind === "phone" ? i.sms : undefined]),
    [
      ["phone", 60_000_000, "OK 1"],
      ["phone", 125_000_000, "OK 1"],
    ],
  );
});

test("no options: a SIMCom modem, all well, the default post number, nobody described", (t) => {
  t.deepEqual(modemSetup({}), { vendor: "simcom", number: "+84912000000", state: {}, phones: [], replies: [], inputs: [], phoneNames: new Map() });
});
