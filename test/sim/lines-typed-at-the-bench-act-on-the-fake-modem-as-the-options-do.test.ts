/**
 * Claim: a line typed on `bell modem`'s standard input (`parseBenchLine`) is checked by the same
 * rules as the options and acts on the running modem: `sms PHONE TEXT` reaches the post as a
 * `+CMT` after the network's delivery time, `fault no-sim` makes the SIM missing and `fault none`
 * puts it back; a bad line is an E_MODEM_OPTION error naming the line and the form expected.
 */
import test from "ava";
import { UsageError } from "../../tools/errors.ts";
import { FakeModem } from "../../tools/sim/fake-modem.ts";
import { MODEM_STATE_DEFAULTS } from "../../tools/sim/modem.ts";
import { parseBenchLine } from "../../tools/sim/modem-command.ts";
import { waitUntil } from "../support/console-pty.ts";

test("good lines", (t) => {
  t.is(parseBenchLine("   "), undefined);
  t.deepEqual(parseBenchLine("sms +84901000002 OK 1"), { act: "sms", phone: "+84901000002", text: "OK 1" });
  t.deepEqual(parseBenchLine("answers +84901000001 no"), { act: "phone", phone: "+84901000001", behaviour: { answers: "no" } });
  t.deepEqual(parseBenchLine("press +84901000001 1"), { act: "phone", phone: "+84901000001", behaviour: { answers: "yes", press: "1" } });
  t.deepEqual(parseBenchLine("fault no-sim"), { act: "modem", state: { sim: false } });
  t.deepEqual(parseBenchLine("fault none"), { act: "modem", state: { ...MODEM_STATE_DEFAULTS } });
  t.deepEqual(parseBenchLine("sms-error unknown error"), { act: "modem", state: { smsError: "unknown error" } });
  t.deepEqual(parseBenchLine("sms-error none"), { act: "modem", state: { smsError: undefined } });
  t.deepEqual(parseBenchLine("help"), { act: "help" });
});

const BAD: [string, RegExp][] = [
  ["sms +84901000002", /^sms \+84901000002: expected sms PHONE TEXT/],
  ["sms 0901000002 OK 1", /^sms 0901000002 OK 1: the phone must be a phone number in E\.164 form.*"\+84901000002" \(E_MODEM_OPTION\)$/],
  ["answers +84901000001 maybe", /^answers \+84901000001 maybe: expected yes, no, busy, reject/],
  ["answers +84901000001", /^answers \+84901000001: expected answers PHONE yes\|no\|busy\|reject/],
  ["press +84901000001 12", /one DTMF key/],
  ["fault", /^fault: expected fault no-sim\|not-registered\|no-signal\|no-volte\|silent\|none/],
  ["fault no-battery", /^fault no-battery: expected one of no-sim/],
  ["reboot", /^reboot: unknown; type help/],
];
for (const [line, expected] of BAD) {
  test(`refused: ${line}`, (t) => {
    const err = t.throws(() => parseBenchLine(line), { instanceOf: UsageError });
    t.is(err?.id, "E_MODEM_OPTION");
    t.regex(err?.message ?? "", expected);
  });
}

test("typed actions act on the running modem", async (t) => {
  let out = "";
  const modem = new FakeModem({ vendor: "simcom", number: "+84912000000", toTerminal: (b) => (out += String.fromCharCode(...b)), log: () => undefined, speed: 1000 });
  modem.start();
  try {
    const sms = parseBenchLine("sms +84901000002 OK 1");
    if (sms?.act !== "sms") return t.fail();
    modem.phoneSends(sms.phone, sms.text);
    t.true(await waitUntil(() => out.includes("+CMT: ,"), 2_000), out);

    const pulled = parseBenchLine("fault no-sim");
    if (pulled?.act !== "modem") return t.fail();
    modem.setModem(pulled.state);
    out = "";
    modem.receive(Uint8Array.from("AT+CPIN?\r", (c) => c.charCodeAt(0)));
    t.true(await waitUntil(() => out.includes("\r\n"), 2_000));
    t.true(await waitUntil(() => out === "\r\n+CME ERROR: SIM not inserted\r\n", 2_000), JSON.stringify(out));

    const back = parseBenchLine("fault none");
    if (back?.act !== "modem") return t.fail();
    modem.setModem(back.state);
    out = "";
    modem.receive(Uint8Array.from("AT+CPIN?\r", (c) => c.charCodeAt(0)));
    t.true(await waitUntil(() => out === "\r\n+CPIN: READY\r\n\r\nOK\r\n", 2_000), JSON.stringify(out));
  } finally {
    modem.stop();
  }
});
