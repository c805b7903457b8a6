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

// Since alarms are numbered per place and only a phone told of an alarm can take it (or is told
// it was taken), the text under way is A's first (taken at the post) or B's, after A was told
// and took it by a reply.
test("the first alarm text refused after the alarm was acknowledged at the post: no alarm text after it, and no notice of an alarm A never heard of", (t) => {
  const rows: Row[] = [
    [0, opened("clinic", 1, "Trạm y tế")],
    [31_000, acked("clinic", 1)],
    [31_500, smsRefused("+CMS ERROR: 500")],
    [100_000, smsOk],
    [200_000, smsOk],
  ];
  const trace = play(rows, { texts: true, tailMs: 3_600_000 });
  t.is(trace.filter((l) => ALARM.test(l)).length, 1, trace.join("\n"));
  t.false(trace.some((l) => Number(l.split(" ")[0]) >= 31_500 && l.includes(`sms ${A} `)), trace.join("\n"));
});

test("B's alarm text refused after A, who was told, took the alarm by a reply: never retried", (t) => {
  const rows: Row[] = [
    [0, opened("clinic", 1, "Trạm y tế")],
    [30_500, smsOk],
    [31_000, sms(A, "OK 1")],
    [31_500, smsRefused("+CMS ERROR: 500")],
    [100_000, smsOk],
    [200_000, smsOk],
    [300_000, smsOk],
  ];
  const trace = play(rows, { texts: true, tailMs: 3_600_000 });
  t.true(trace.some((l) => l.includes("escalation_taken")), trace.join("\n"));
  const refusedAt = trace.findIndex((l) => Number(l.split(" ")[0]) >= 31_500);
  const after = refusedAt < 0 ? [] : trace.slice(refusedAt).filter((l) => ALARM.test(l));
  t.deepEqual(after, [], trace.join("\n"));
  t.false(trace.some((l) => l.includes(`sms ${B} `) && !ALARM.test(l) && Number(l.split(" ")[0]) >= 31_500), trace.join("\n"));
});

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
