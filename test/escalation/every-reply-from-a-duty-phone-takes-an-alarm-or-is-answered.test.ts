/**
 * Claim (issue 14, field finding 4: an officer believes he took an alarm he did not): a reply
 * from a duty number either takes an alarm or is answered with a short SMS saying it took
 * nothing and how to reply. The grammar is strict on purpose (a false take silences the siren):
 * `OK`/`NHẬN`, then optionally `,` or `:`, optionally `vụ`, optionally `#`, the number, and
 * optionally one courtesy word (`nhé`, `nhe`, `nha`, `ạ`) and a full stop; anything else
 * (`1`, `OK 1 đang đến`, `OK 1 không đi được`) takes nothing. Answers are at most one per number
 * per 10 minutes, so an autoresponder cannot loop with the post.
 */
import test from "ava";
import { readFileSync } from "node:fs";
import { parseReply } from "../../firmware/core/escalation/reply.ts";
import { runScenario } from "../../tools/sim/run.ts";
import { parseScenario } from "../../tools/sim/scenario.ts";
import { A, B, C, type Row, opened, play, sms } from "./support/table.ts";

const TAKES = ["OK 1 nhé", "OK vụ 1", "OK, 1", "ok: 1", "Nhận vụ 1 ạ", "OK 1 nha.", "ok vu 1", "OK vu\u0323 1", "OK 1 nhe\u0301", "OK1", "OK #1"];
const REFUSED = ["1", "OK 1 đang đến", "OK 1 không đi được", "OK 12", "vụ 1", "OK vụ", "OK 1 2", "okay 1", "OK 1 nhé nhé"];

test("the grammar: what is clearly 'take alarm 1' takes it; anything else does not", (t) => {
  for (const text of TAKES) t.deepEqual(parseReply(text), { n: 1 }, text);
  for (const text of REFUSED) t.not(parseReply(text)?.n, 1, text);
});

/** Every pending SMS accepted and every call unanswered, each second. */
function withModem(rows: Row[], until: number): Row[] {
  const out = [...rows];
  for (let ms = 100; ms < until; ms += 1_000) {
    out.push([ms, (e, now, last) => e.smsResult(now, last.sms ?? -1, true)]);
    out.push([ms + 500, (e, now, last) => e.callEnded(now, last.dial ?? -1, "no_answer")]);
  }
  return out.sort((x, y) => x[0] - y[0]);
}

for (const text of [...TAKES, ...REFUSED]) {
  test(`"${text}" from a duty number after the alarm text: taken, or answered within 2 minutes`, (t) => {
    const trace = play(withModem([[0, opened("clinic", 1, "Trạm y tế")], [50_000, sms(B, text)]], 200_000), { texts: true, tailMs: 0 });
    const took = trace.some((l) => l.startsWith("50000 escalation_taken"));
    const answers = trace.filter((l) => / sms \+84901000002 Trạm Công an xã Xuân Phổ: tin /.test(l) && Number(l.split(" ")[0]) > 50_000);
    t.is(took, TAKES.includes(text), trace.join("\n"));
    if (!took) {
      t.is(answers.length, 1, `answered once:\n${trace.join("\n")}`);
      t.true(Number(answers[0]!.split(" ")[0]) <= 50_000 + 120_000);
      t.true(answers[0]!.includes("KHÔNG nhận vụ nào") && answers[0]!.includes("OK 1"), answers[0]);
    } else t.is(answers.length, 0);
  });
}

test("an autoresponder answering every SMS gets at most one answer per 10 minutes", (t) => {
  const rows: Row[] = [[0, opened("clinic", 1, "Trạm y tế")]];
  // C's phone answers each SMS it gets 5 s later with "Tôi đang bận" (an autoresponder)
  for (let ms = 40_000; ms < 3_600_000; ms += 20_000) rows.push([ms, sms(C, "Tôi đang bận, sẽ gọi lại sau")]);
  const trace = play(withModem(rows, 3_600_000), { texts: true, tailMs: 0 });
  const answers = trace.filter((l) => / sms \+84901000003 Trạm Công an xã Xuân Phổ: tin /.test(l)).map((l) => Number(l.split(" ")[0]));
  t.true(answers.length >= 1 && answers.length <= 6, `${answers.length} answers in an hour`);
  // one answer is queued per 10 min; the per-number spacing may delay one by up to 60 s
  for (let i = 1; i < answers.length; i++) t.true(answers[i]! - answers[i - 1]! >= 600_000 - 60_000, `${answers.join(", ")}`);
});

test("the field scenario: each of the six replies takes the alarm or is answered", (t) => {
  const file = new URL("../field/escalation/unclear-replies-get-no-answer.json", import.meta.url).pathname;
  const ev = runScenario(parseScenario(JSON.parse(readFileSync(file, "utf8")), { file })).events;
  const taken = ev.find((e) => e.event === "escalation_taken");
  t.is(taken?.by, B, "Bình's 'OK 1 nhé' at 01:00 takes it");
  t.true(taken!.t < 70_000);
  for (const phone of [A, C]) {
    const sent = ev.filter((e) => e.event === "phone_sends_sms" && e.device === phone);
    for (const s of sent) {
      const answer = ev.find((e) => e.event === "phone_sms" && e.device === phone && e.t > s.t && String(e.text).includes("KHÔNG nhận vụ nào"));
      const tookIt = ev.some((e) => e.event === "escalation_taken" && e.by === phone);
      t.true(answer !== undefined || tookIt, `${phone}'s "${String(s.text)}" is answered`);
    }
  }
});

test("a bare OK before any alarm text reached the phone takes nothing and is answered in plain words", (t) => {
  // B's alarm text is accepted at 31 100 (A's first, at 30 100): his OK at 30 050 was told nothing
  const trace = play(withModem([[0, opened("clinic", 1, "Trạm y tế")], [30_050, sms(B, "OK")]], 200_000), { texts: true, tailMs: 0 });
  t.false(trace.some((l) => l.includes("escalation_taken")), trace.join("\n"));
  t.true(trace.includes("30050 sms_ignored why=not_told from=+84901000002"), trace.join("\n"));
  const answer = trace.find((l) => / sms \+84901000002 Trạm Công an xã Xuân Phổ: tin /.test(l));
  t.true(answer?.includes("(chưa có tin báo động nào tới máy này)"), answer);
});
