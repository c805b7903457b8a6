/**
 * Claim (issue 14): an alarm nobody at the post acknowledges within escalate_after_ms (30 s) is
 * texted to every duty number, then the numbers are called one at a time down the list, in
 * rounds, until someone takes it — by an SMS "OK N" from a duty number, a DTMF 1 during a call
 * (never by "connected" alone), or the post's button; the taker is confirmed, the others told
 * who took it. Tables in virtual time, each played from 0 and from just before the 32-bit wrap.
 */
import test from "ava";
import { A, B, C, STRANGER, acked, connected, dtmf, ended, opened, play, ringing, sms, smsOk, type Row } from "./support/table.ts";

const WRAP = 0x1_0000_0000 - 45_000;

function both(t: import("ava").ExecutionContext, rows: Row[], expected: string[], tailMs = 0): void {
  const trace = play(rows, { tailMs });
  t.deepEqual(trace, expected);
  t.deepEqual(play(rows, { start: WRAP, tailMs }), trace, "the same near the 32-bit wrap");
}

test("acknowledged at the post within 30 s: nobody is texted or called", (t) => {
  both(t, [[0, opened("clinic", 1, "Trạm y tế")], [29_999, acked("clinic", 1)]], [], 3_600_000);
});

test("not acknowledged: SMS to A, B, C at 30 s, then calls; B takes it with DTMF 1 on the call", (t) => {
  both(
    t,
    [
      [0, opened("clinic", 1, "Trạm y tế")],
      [31_000, smsOk],
      [32_000, smsOk],
      [33_000, smsOk],
      [36_000, ringing],
      [40_000, connected], // ringback reported as "connected": not an answer
      [58_000, ended("no_answer")],
      [62_000, ringing],
      [70_000, dtmf("1")],
      [71_000, ended("hung_up")],
    ],
    [
      "30000 sms +84901000001",
      "30000 escalation_started escalation=1 places=Trạm y tế",
      "31000 sms +84901000002",
      "31000 escalation_sms_sent escalation=1 to=+84901000001 kind=alarm",
      "32000 sms +84901000003",
      "32000 escalation_sms_sent escalation=1 to=+84901000002 kind=alarm",
      "33000 dial +84901000001",
      "33000 escalation_sms_sent escalation=1 to=+84901000003 kind=alarm",
      "33000 escalation_call escalation=1 to=+84901000001 round=1",
      "36000 escalation_call_state to=+84901000001 state=alerting",
      "40000 escalation_call_state to=+84901000001 state=connected",
      "58000 dial +84901000002",
      "58000 escalation_call_ended escalation=1 to=+84901000001 outcome=no_answer",
      "58000 escalation_call escalation=1 to=+84901000002 round=1",
      "62000 escalation_call_state to=+84901000002 state=alerting",
      "70000 hang_up",
      "70000 escalation_taken escalation=1 by=+84901000002 via=dtmf",
      // field finding 3: a text the rate limit holds back is announced
      "70000 escalation_sms_held to=+84901000001 kind=taken why=per_minute",
      "70000 escalation_sms_held to=+84901000002 kind=confirm why=per_minute",
      "70000 escalation_sms_held to=+84901000003 kind=taken why=per_minute",
      "71000 escalation_call_ended escalation=1 to=+84901000002 outcome=hung_up",
      // rate limit: one SMS a minute per number, so the news waits until 60 s after the alarm text
      "91000 sms +84901000001",
    ],
    20_000,
  );
});

test("connected without a key is not an answer: the call is hung up at 40 s and the list goes on", (t) => {
  const trace = play([
    [0, opened("clinic", 1, "Trạm y tế")],
    [30_500, smsOk],
    [30_600, smsOk],
    [30_700, smsOk],
    [31_000, connected],
  ], { tailMs: 60_000 });
  t.true(trace.includes("70700 hang_up"), trace.join("\n"));
  t.false(trace.some((l) => l.includes("escalation_taken")));
});

test("an SMS from a number not on the duty list takes nothing; OK 1 from a duty number takes it", (t) => {
  const trace = play(
    [
      [0, opened("bank", 4, "Ngân hàng")],
      [30_100, smsOk],
      [30_200, smsOk],
      [30_300, smsOk],
      [31_000, sms(STRANGER, "OK 1")],
      [32_000, sms(C, "ok 2")],
      [33_000, sms(C, "đang tới")],
      [34_000, sms(C, "Ok 1.")],
    ],
    { tailMs: 100_000 },
  );
  t.deepEqual(
    trace.filter((l) => /sms_ignored|escalation_taken/.test(l)),
    [
      "31000 sms_ignored why=not_on_duty_list from=+84987654321",
      "32000 sms_ignored why=no_such_alarm from=+84901000003",
      "33000 sms_ignored why=not_understood from=+84901000003",
      "34000 escalation_taken escalation=1 by=+84901000003 via=sms",
    ],
  );
  t.true(trace.includes("34000 hang_up"), "the call under way to A is hung up");
});

test("the taker is confirmed and the others are told who took it, in Vietnamese", (t) => {
  const trace = play(
    [
      [0, opened("bank", 4, "Ngân hàng")],
      [30_100, smsOk],
      [30_200, smsOk],
      [30_300, smsOk],
      [34_000, sms(B, "OK 1")],
      [35_000, ended("hung_up")],
      [90_100, smsOk],
      [90_200, smsOk],
      [90_300, smsOk],
    ],
    { texts: true },
  );
  const texts = trace.filter((l) => / sms \+/.test(l));
  t.deepEqual(texts, [
    "30000 sms +84901000001 BÁO ĐỘNG Ngân hàng lúc 01:02. Trạm Công an xã Xuân Phổ chưa ai xác nhận. Trả lời OK 1 để nhận vụ, hoặc bấm phím 1 khi được gọi.",
    "30100 sms +84901000002 BÁO ĐỘNG Ngân hàng lúc 01:02. Trạm Công an xã Xuân Phổ chưa ai xác nhận. Trả lời OK 1 để nhận vụ, hoặc bấm phím 1 khi được gọi.",
    "30200 sms +84901000003 BÁO ĐỘNG Ngân hàng lúc 01:02. Trạm Công an xã Xuân Phổ chưa ai xác nhận. Trả lời OK 1 để nhận vụ, hoặc bấm phím 1 khi được gọi.",
    "90100 sms +84901000001 Đ/c Bình (+84901000002) đã nhận vụ 1 (Ngân hàng).",
    "90200 sms +84901000002 Đã ghi nhận: đồng chí nhận vụ 1 (Ngân hàng).",
    "90300 sms +84901000003 Đ/c Bình (+84901000002) đã nhận vụ 1 (Ngân hàng).",
  ]);
});

test("acknowledged at the post during the escalation: calls stop and everyone is told the post took it", (t) => {
  const trace = play(
    [
      [0, opened("cafe", 2, "Quán cà phê Sen")],
      [30_100, smsOk],
      [30_200, smsOk],
      [30_300, smsOk],
      [40_000, acked("cafe", 2)],
      [41_000, ended("hung_up")],
    ],
    { texts: true, tailMs: 200_000 },
  );
  t.true(trace.includes("40000 escalation_taken escalation=1 by=post via=post"), trace.join("\n"));
  t.true(trace.includes("40000 hang_up"));
  t.is(trace.filter((l) => l.includes("Trạm Công an xã Xuân Phổ đã xác nhận vụ 1 (Quán cà phê Sen).")).length, 1, "the SMS waits for the call to end");
  t.false(trace.some((l) => / dial /.test(l) && Number(l.split(" ")[0]) > 40_000), "no call after the post took it");
});

test("nobody answers: the list is called again in rounds, 60 s apart, until someone takes it", (t) => {
  const rows: Row[] = [[0, opened("clinic", 1, "Trạm y tế")], [30_100, smsOk], [30_200, smsOk], [30_300, smsOk]];
  // every call: rings, then the modem reports no answer 25 s after the dial
  let at = 30_300;
  for (let call = 0; call < 9; call++) {
    rows.push([at + 25_000, ended("no_answer")]);
    at += 25_000;
    if (call % 3 === 2) at += 60_000;
  }
  const dials = play(rows, { tailMs: 60_000 }).filter((l) => / dial | escalation_call /.test(l) && l.includes("escalation_call"));
  t.deepEqual(
    dials.map((l) => l.replace(/^\d+ /, "")),
    [A, B, C, A, B, C, A, B, C, A].map((n, i) => `escalation_call escalation=1 to=${n} round=${Math.floor(i / 3) + 1}`),
  );
});
