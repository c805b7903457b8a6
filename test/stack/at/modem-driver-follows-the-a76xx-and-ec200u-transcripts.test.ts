/**
 * Claim (issue 14): the AT driver and modem read the SIMCom A76XX and Quectel EC200U as their AT
 * manuals show them — start-up, health (CPIN, CEREG, CSQ), an SMS in PDU mode through the `> `
 * prompt, `+CMS ERROR`, an incoming `+CMT`, a call's `+CLCC` states and DTMF URCs — whether the
 * UART hands the bytes over whole or one at a time, with URCs in the middle of a response; a
 * modem that stops answering, has no SIM, no registration or no signal is a fault, and a
 * healthy one again is ok.
 *
 * The transcripts are written from the manuals' formats (3GPP TS 27.007 / 27.005 answers; DTMF
 * URCs: SIMCom `+RXDTMF: <key>` after `AT+DDET=1`, Quectel `+QTONEDET: <ASCII code>` after
 * `AT+QTONEDET=1`), not captured from a module: see the report.
 */
import test from "ava";
import { encodeDeliver } from "../../../firmware/core/sms/pdu-encode.ts";
import { pduToHex } from "../../../firmware/core/sms/pdu-hex.ts";
import { HEALTHY, byteByByte, playModem, withRules } from "./transcript.ts";

const SPLITS = { whole: undefined, "byte by byte": byteByByte };

for (const [name, split] of Object.entries(SPLITS)) {
  test(`start-up and a healthy check report the modem ok (${name})`, (t) => {
    const r = playModem({ rules: HEALTHY, split });
    t.deepEqual(r.reports, ["modem ok"]);
    t.deepEqual(r.written, ["ATE0", "AT+CMEE=2", "AT+CMGF=0", "AT+CNMI=2,2,0,0,0", "AT+CLCC=1", "AT+DDET=1", "AT+CPIN?", "AT+CEREG?", "AT+CSQ"]);
  });

  test(`an SMS goes through the > prompt as a PDU and +CMGS, with a RING URC in the middle (${name})`, (t) => {
    const rules = withRules(HEALTHY, [
      [/^AT\+CMGS=18$/, "\r\n> "],
      [/^0011000B914809214365F70008A704004F004B<\^Z>$/, "\r\n+CMGS: 12\r\n\r\nRING\r\n\r\nOK\r\n"],
    ]);
    const r = playModem({ rules, split, act: (m, now) => m.sendSms(now(), 7, "+84901234567", "OK") });
    t.deepEqual(r.reports, ["modem ok", "sms 7 ok"]);
    t.true(r.written.includes("0011000B914809214365F70008A704004F004B<^Z>"));
  });
}

test("a long Vietnamese text goes as two AT+CMGS, one per part; the result comes after the second", (t) => {
  const rules = withRules(HEALTHY, [
    [/^AT\+CMGS=\d+$/, "\r\n> "],
    [/<\^Z>$/, "\r\n+CMGS: 3\r\n\r\nOK\r\n"],
  ]);
  const text = "BÁO ĐỘNG Trạm y tế lúc 01:02. Trạm Công an xã Xuân Phổ chưa ai xác nhận. Trả lời OK 1 để nhận vụ.";
  const r = playModem({ rules, act: (m, now) => m.sendSms(now(), 1, "+84901234567", text) });
  t.is(r.written.filter((l) => l.startsWith("AT+CMGS=")).length, 2);
  t.deepEqual(r.reports, ["modem ok", "sms 1 ok"]);
});

test("+CMS ERROR refuses the SMS, in the modem's words", (t) => {
  const rules = withRules(HEALTHY, [
    [/^AT\+CMGS=18$/, "\r\n> "],
    [/<\^Z>$/, "\r\n+CMS ERROR: Unknown error\r\n"],
  ]);
  const r = playModem({ rules, act: (m, now) => m.sendSms(now(), 2, "+84901234567", "OK") });
  t.deepEqual(r.reports, ["modem ok", "sms 2 failed +CMS ERROR: Unknown error"]);
});

test("an incoming SMS (+CMT: ,<length> then the PDU line) is read as the number and its text", (t) => {
  const pdu = pduToHex(encodeDeliver("+84901000002", "OK 17", { smsc: "+84980200030", timestamp: { year: 26, month: 12, day: 5, hour: 1, minute: 3, second: 0, zoneQuarters: 28 } }));
  const r = playModem({ rules: HEALTHY, later: [`\r\n+CMT: ,${pdu.length / 2 - 8}\r\n${pdu}\r\n`], split: byteByByte });
  t.deepEqual(r.reports, ["modem ok", "sms from +84901000002: OK 17"]);
});

test("a call: OK, +CLCC dialling, alerting, active (reported as connected only), DTMF 1", (t) => {
  const rules = withRules(HEALTHY, [
    [/^ATD\+84901000001;$/, "\r\nOK\r\n"],
    [/^ATH$/, "\r\nVOICE CALL: END: 000012\r\n\r\n+CLCC: 1,0,6,0,0,\"+84901000001\",145\r\n\r\nOK\r\n"],
  ]);
  const r = playModem({
    rules,
    split: byteByByte,
    act: (m, now) => m.dial(now(), 5, "+84901000001"),
    later: ['\r\n+CLCC: 1,0,2,0,0,"+84901000001",145\r\n', '\r\n+CLCC: 1,0,3,0,0,"+84901000001",145\r\n', "\r\nVOICE CALL: BEGIN\r\n\r\n+CLCC: 1,0,0,0,0,\"+84901000001\",145\r\n", "\r\n+RXDTMF: 1\r\n"],
  });
  t.deepEqual(r.reports, ["modem ok", "call 5 alerting", "call 5 connected", "dtmf 1"]);
});

test("Quectel: +QTONEDET: 49 is the key 1; BUSY ends the call as busy", (t) => {
  const rules = withRules(HEALTHY, [[/^ATD\+84901000001;$/, "\r\nOK\r\n"]]);
  const r = playModem({
    vendor: "quectel",
    rules,
    act: (m, now) => m.dial(now(), 9, "+84901000001"),
    later: ['\r\n+CLCC: 1,0,0,0,0,"+84901000001",145\r\n', "\r\n+QTONEDET: 49\r\n", "\r\nBUSY\r\n"],
  });
  t.deepEqual(r.reports, ["modem ok", "call 9 connected", "dtmf 1", "call 9 ended busy"]);
  t.true(r.written.includes("AT+QTONEDET=1"));
});

test("dialling without VoLTE: +CME ERROR is a failed call, in words", (t) => {
  const rules = withRules(HEALTHY, [[/^ATD/, "\r\n+CME ERROR: operation not allowed\r\n"]]);
  const r = playModem({ rules, act: (m, now) => m.dial(now(), 3, "+84901000001") });
  t.deepEqual(r.reports, ["modem ok", "call 3 ended failed +CME ERROR: operation not allowed"]);
});

const FAULTS: [string, Parameters<typeof withRules>[1], string][] = [
  ["no SIM", [[/^AT\+CPIN\?$/, "\r\n+CME ERROR: SIM not inserted\r\n"]], "modem fault no_sim (+CME ERROR: SIM not inserted)"],
  ["searching, not registered", [[/^AT\+CEREG\?$/, "\r\n+CEREG: 0,2\r\n\r\nOK\r\n"]], "modem fault not_registered (CEREG stat 2)"],
  // a warning, not a fault (the escalation goes on: weak-signal-is-a-warning-and-the-calls-go-on.test.ts), checked as often
  ["no signal", [[/^AT\+CSQ$/, "\r\n+CSQ: 99,99\r\n\r\nOK\r\n"]], "modem warning weak_signal (CSQ 99)"],
  ["stops answering", [[/^AT\+CPIN\?$/, undefined]], "modem fault not_answering"],
];

for (const [name, change, report] of FAULTS) {
  test(`a modem with ${name} is a fault, checked again with backoff`, (t) => {
    const r = playModem({ rules: withRules(HEALTHY, change), runMs: 100_000 });
    t.is(r.reports[0], report);
    t.is(r.reports.length, 1, "reported once, not at every check");
    const checks = r.written.filter((l) => l === "AT+CPIN?").length;
    t.true(checks >= 3 && checks <= 6, `checked ${checks} times in 100 s (10, 20, 40 s …)`);
  });
}

test("garbage and overlong noise between answers are reported, never thrown, and do not break the next command", (t) => {
  const rules = withRules(HEALTHY, [
    [/^AT\+CMGS=18$/, "\r\n\u00ff\u00fe#?!\r\n> "],
    [/<\^Z>$/, `\r\n${"x".repeat(3000)}\r\n+CMGS: 4\r\n\r\nOK\r\n`],
  ]);
  const r = playModem({ rules, act: (m, now) => m.sendSms(now(), 1, "+84901234567", "OK") });
  t.deepEqual(r.reports.filter((x) => !x.startsWith("garbage")), ["modem ok", "sms 1 ok"]);
  t.true(r.reports.some((x) => x.startsWith("garbage")));
});
