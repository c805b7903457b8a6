/**
 * Claim (issue 14, field finding 2: a missed alarm otherwise): a reply takes only alarms named in
 * an SMS its number got, and each place's alarm has its own number. `OK 1` sent about the clinic
 * never takes the bank alarm that opened after Bình's SMS; `OK 2` takes the bank once Bình was
 * told of it; a bare `OK` takes every alarm named to him; a key on a call takes the alarms the
 * call was dialled for, never one that opened during it. Tables in virtual time, exhaustive over
 * the moment the bank opens and the moment of the reply, and the field tester's scenario.
 */
import test from "ava";
import { readFileSync } from "node:fs";
import { runScenario } from "../../tools/sim/run.ts";
import { parseScenario } from "../../tools/sim/scenario.ts";
import { A, B, C, type Row, dtmf, opened, play, sms, smsOk } from "./support/table.ts";

const taken = (trace: string[]) => trace.filter((l) => l.includes("escalation_taken"));

test("the clinic's OK 1 leaves the bank (opened after Bình's SMS) escalated, numbered 2; OK 2 then takes it", (t) => {
  const trace = play(
    withModem([
      [0, opened("clinic", 1, "Trạm y tế")],
      [35_000, opened("bank", 7, "Ngân hàng")],
      [40_000, sms(B, "OK 1")],
      [150_000, sms(B, "OK 2")],
    ]),
    { texts: true, tailMs: 0, fields: ["incidents"] },
  );
  const took = taken(trace);
  t.true(took[0]?.startsWith("40000 escalation_taken escalation=1 by=+84901000002 via=sms"), trace.join("\n"));
  t.false(took[0]?.includes("bank") ?? true, "OK 1 takes the clinic only");
  t.true(trace.some((l) => / sms \+84901000002 BÁO ĐỘNG Ngân hàng .*OK 2 /.test(l)), `the bank is texted as alarm 2:\n${trace.join("\n")}`);
  t.true(took.some((l) => l.startsWith("150000 escalation_taken escalation=1 by=+84901000002") && l.includes("incidents=bank#7")), `OK 2 takes the bank:\n${trace.join("\n")}`);
});

/** Exhaustive over small worlds: the bank opens at `bankAt`, Bình replies `text` at `replyAt`. */
for (const text of ["OK 1", "OK", "OK 2"]) {
  test(`"${text}" never takes the bank unless an SMS naming it reached Bình first`, (t) => {
    let bankTaken = 0;
    for (let bankAt = 31_000; bankAt <= 100_000; bankAt += 7_000) {
      for (let replyAt = bankAt + 1_000; replyAt <= bankAt + 120_000; replyAt += 13_000) {
        const rows: Row[] = [
          [0, opened("clinic", 1, "Trạm y tế")],
          [bankAt, opened("bank", 7, "Ngân hàng")],
          [replyAt, sms(B, text)],
        ];
        const trace = play(withModem(rows), { texts: true, tailMs: 0, fields: ["incidents"] });
        const bankToB = trace.find((l) => / sms \+84901000002 .*Ngân hàng/.test(l));
        // the modem answers 100 ms after the command: then the network has it
        const bankReachedB = bankToB === undefined ? Infinity : Number(bankToB.split(" ")[0]) + 100;
        for (const l of taken(trace).filter((x) => x.includes("bank#7"))) {
          bankTaken += 1;
          t.true(Number(l.split(" ")[0]) >= bankReachedB, `bank ${bankAt}, reply ${replyAt}: ${l}\n${trace.join("\n")}`);
        }
      }
    }
    if (text === "OK 1") t.is(bankTaken, 0, "OK 1 (the clinic) never takes the bank");
    else t.true(bankTaken > 0, "some histories do take the bank (the check can fail)");
  });
}

/** `rows` with the modem answering every 100 ms: a pending SMS accepted, a pending call not answered after 500 ms. */
function withModem(rows: Row[]): Row[] {
  const out: Row[] = [...rows];
  const until = rows.at(-1)![0];
  for (let ms = 100; ms < until; ms += 1_000) {
    out.push([ms, (e, now, last) => e.smsResult(now, last.sms ?? -1, true)]);
    out.push([ms + 500, (e, now, last) => e.callEnded(now, last.dial ?? -1, "no_answer")]);
  }
  return out.sort((x, y) => x[0] - y[0]);
}

test("a key on a call takes the alarms the call was dialled for, not one that opened during it", (t) => {
  const trace = play(
    [
      [0, opened("clinic", 1, "Trạm y tế")],
      [30_100, smsOk],
      [30_200, smsOk],
      [30_300, smsOk],
      [31_000, opened("bank", 7, "Ngân hàng")],
      [32_000, dtmf("1")],
    ],
    { tailMs: 0, fields: ["incidents"] },
  );
  t.true(taken(trace).some((l) => l.startsWith("32000 escalation_taken escalation=1 by=+84901000001 via=dtmf") && !l.includes("bank")), trace.join("\n"));
  t.false(trace.some((l) => l.startsWith("32000 escalation_closed")), "the bank is still escalated");
});

test("the field scenario: Bình's OK 1 about the clinic does not take the bank", (t) => {
  const file = new URL("../field/escalation/ok-for-clinic-also-takes-unseen-bank-alarm.json", import.meta.url).pathname;
  const ev = runScenario(parseScenario(JSON.parse(readFileSync(file, "utf8")), { file })).events;
  const took = ev.filter((e) => e.event === "escalation_taken");
  t.true(took.length >= 1, "Bình's OK 1 takes something");
  t.is(took[0]!.by, B);
  t.false(String(took[0]!.incidents).includes("bank"), `the first take is the clinic only: ${String(took[0]!.incidents)}`);
  t.false(ev.some((e) => e.event === "incident_acknowledged" && e.caller === "bank" && e.by === B), "the bank is not acknowledged for Bình");
  t.true(ev.some((e) => e.event === "phone_sms" && e.device === A && String(e.text).includes("Ngân hàng")), "An is texted the bank alarm");
  t.true(ev.some((e) => e.event === "escalation_call" && e.t > took[0]!.t), "the calls go on for the bank");
  void C;
});
