/**
 * Claim (issue 14: "once taken it is never texted again"): an alarm text under way when the alarm
 * is taken — at the post, by a reply, or reset — and then refused by the modem (`+CMS ERROR`) is
 * dropped, not retried: the officer is told it was taken, never asked again to take it. Found by the
 * receiver's exhaustive check with escalation (bench/harness/receiver-policy-escalation.ts,
 * invariant E1: "press c1, copy c1, press c1, time-passes, acknowledge, sms refused").
 */
import test from "ava";
import { A, B, acked, opened, play, resolved, sms, smsOk, smsRefused, type Row } from "./support/table.ts";

const ALARM = /^\d+ sms \+\d+ BÁO ĐỘNG /;

for (const [how, take] of [
  ["acknowledged at the post", acked("clinic", 1)],
  ["taken by a reply", sms(B, "OK 1")],
] as const) {
  test(`the first alarm text refused after the alarm was ${how}: no alarm text after it`, (t) => {
    const rows: Row[] = [
      [0, opened("clinic", 1, "Trạm y tế")],
      [31_000, take],
      [31_500, smsRefused("+CMS ERROR: 500")],
      [100_000, smsOk],
      [200_000, smsOk],
      [300_000, smsOk],
    ];
    const trace = play(rows, { texts: true, tailMs: 3_600_000 });
    const refusedAt = trace.findIndex((l) => Number(l.split(" ")[0]) >= 31_500);
    t.true(refusedAt >= 0, trace.join("\n"));
    const after = trace.slice(refusedAt).filter((l) => ALARM.test(l));
    t.deepEqual(after, [], trace.join("\n"));
    // the officer whose alarm text was refused is still told the alarm was taken
    t.true(trace.slice(refusedAt).some((l) => l.includes(`sms ${A} `) && !ALARM.test(l)), trace.join("\n"));
  });
}

test("an alarm text refused after the incident was reset at the post is not retried", (t) => {
  const trace = play(
    [
      [0, opened("clinic", 1, "Trạm y tế")],
      [31_000, acked("clinic", 1)],
      [31_200, resolved("clinic", 1)],
      [31_500, smsRefused("+CMS ERROR: 500")],
      [100_000, smsOk],
      [200_000, smsOk],
    ],
    { texts: true, tailMs: 3_600_000 },
  );
  t.deepEqual(trace.filter((l) => ALARM.test(l)).length, 1, trace.join("\n"));
});
