/**
 * Claim (issue 14, "an optional weekly test SMS"): by default the post texts its first duty
 * number a test SMS one hour after it starts and then every 7 days of uptime (the post has no
 * wall clock), in Vietnamese; `test_sms_every_ms: 0` turns it off. The test goes only when the
 * post is quiet (no open incident, no escalation, nothing else to send) and within the rate
 * limit, and it never delays an alarm text or call: with the test on, every other text and
 * call goes at the same moment as with it off. A refused test SMS is a modem fault
 * (`modem_fault` {reason: test_sms_failed}), retried with the usual backoff; `modem_ok` when one
 * goes through again.
 */
import test from "ava";
import fc from "fast-check";
import { Escalation, type EscalationStep } from "../../firmware/core/escalation/escalation.ts";
import { ESCALATION_DEFAULTS, parseEscalationSettings } from "../../firmware/core/escalation/settings.ts";
import { ticksAdd } from "../../firmware/core/ticks.ts";
import { A, B, C, SETTINGS, acked, modem, opened, play, smsOk, smsRefused } from "./support/table.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ON = { testSmsEveryMs: ESCALATION_DEFAULTS.testSmsEveryMs, testSmsFirstMs: ESCALATION_DEFAULTS.testSmsFirstMs };

test("the defaults: on, every 7 days, the first one hour after the start", (t) => {
  t.is(ESCALATION_DEFAULTS.testSmsEveryMs, 7 * DAY);
  t.is(ESCALATION_DEFAULTS.testSmsFirstMs, HOUR);
  t.deepEqual(parseEscalationSettings({ duty: [{ phone: A, name: "An" }] }).testSmsEveryMs, 7 * DAY);
});

for (const start of [0, 0xffff_ffff - 30 * 60_000]) {
  test(`texted to the first duty number only, at 1 h, then every 7 days (start tick ${start})`, (t) => {
    const rows: [number, ReturnType<typeof modem>][] = [[0, modem(true)]];
    for (const at of [HOUR, HOUR + 7 * DAY, HOUR + 14 * DAY]) rows.push([at + 3_000, smsOk]);
    const trace = play(rows, { start, settings: ON, texts: true, tailMs: 6 * DAY });
    const sent = trace.filter((l) => / sms /.test(l));
    t.deepEqual(
      sent.map((l) => l.split(" ").slice(0, 3).join(" ")),
      [`${HOUR} sms ${A}`, `${HOUR + 7 * DAY + 3_000} sms ${A}`, `${HOUR + 14 * DAY + 3_000} sms ${A}`],
      trace.join("\n"),
    );
    t.regex(sent[0]!, /Công an xã Xuân Phổ: tin nhắn thử định kỳ/);
    t.true(trace.includes(`${HOUR + 3_000} escalation_sms_sent to=${A} kind=test`));
    t.false(trace.some((l) => l.includes(B) || l.includes(C)), "only the first duty number");
  });
}

test("test_sms_every_ms 0 turns it off", (t) => {
  const trace = play([[0, modem(true)]], { settings: { testSmsEveryMs: 0, testSmsFirstMs: HOUR }, tailMs: 15 * DAY });
  t.deepEqual(trace, []);
  t.throws(() => parseEscalationSettings({ duty: [{ phone: A, name: "An" }], test_sms_every_ms: 3_600_000 }), { message: /test_sms_every_ms: must be 0 \(off\) or an integer 86400000…1728000000, got 3600000/ });
});

test("a test falling due while an alarm is open waits until the post is quiet", (t) => {
  const trace = play([[0, modem(true)], [HOUR - 10_000, opened("clinic", 1, "Trạm y tế")], [HOUR + 15_000, acked("clinic", 1)]], { settings: ON, texts: true, tailMs: HOUR });
  const sent = trace.filter((l) => / sms /.test(l));
  t.is(sent.length, 1, trace.join("\n"));
  t.true(sent[0]!.startsWith(`${HOUR + 15_000} sms ${A} `), "the test goes when the alarm is taken at the post, not while it is open");
  t.regex(sent[0]!, /tin nhắn thử/);
});

test("a refused test SMS is a modem fault, retried after 30 s then 60 s; modem_ok once one goes", (t) => {
  const trace = play(
    [
      [0, modem(true)],
      [HOUR + 1_000, smsRefused("+CMS ERROR: 38")],
      [HOUR + 31_000 + 1_000, smsRefused("+CMS ERROR: 38")],
      [HOUR + 92_000 + 1_000, smsOk],
    ],
    { settings: ON, tailMs: 0 },
  );
  t.true(trace.includes(`${HOUR + 1_000} escalation_sms_failed to=${A} kind=test`), trace.join("\n"));
  t.true(trace.includes(`${HOUR + 1_000} modem_fault`), trace.join("\n"));
  t.true(trace.includes(`${HOUR + 31_000} sms ${A}`), trace.join("\n"));
  t.true(trace.includes(`${HOUR + 92_000} sms ${A}`), trace.join("\n"));
  t.true(trace.includes(`${HOUR + 93_000} escalation_sms_sent to=${A} kind=test`));
  t.true(trace.includes(`${HOUR + 93_000} modem_ok`));
});

/** Random histories of presses, acks, resets, replies, faults and modem state over a few hours. */
const action = fc.oneof(
  fc.record({ kind: fc.constant("open" as const), caller: fc.constantFrom("a", "b"), incident: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ kind: fc.constant("ack" as const), caller: fc.constantFrom("a", "b"), incident: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ kind: fc.constant("resolve" as const), caller: fc.constantFrom("a", "b"), incident: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ kind: fc.constant("reply" as const), from: fc.constantFrom(A, B), text: fc.constantFrom("OK 1", "OK 2") }),
  fc.record({ kind: fc.constant("modem" as const), ready: fc.boolean() }),
);
const history = fc.array(fc.tuple(fc.integer({ min: 0, max: 20 * 60_000 }), action), { maxLength: 40 });

/** Plays a history with the modem answering every command 2 s later; returns every command with its time. */
function run(steps: readonly (readonly [number, { kind: string; [k: string]: unknown }])[], start: number, testOn: boolean): { lines: string[]; tests: number[]; sends: Map<string, number[]> } {
  const e = new Escalation({ ...SETTINGS, ...(testOn ? { testSmsEveryMs: DAY, testSmsFirstMs: 60_000 } : {}), postName: "Trạm" });
  const lines: string[] = [];
  const tests: number[] = [];
  const sends = new Map<string, number[]>();
  let rel = 0;
  let pending: { op: "sms" | "dial"; id: number; at: number } | undefined;
  const now = () => ticksAdd(start, rel);
  const handle = (s: EscalationStep) => {
    for (const c of s.commands) {
      if (c.op === "hang_up") continue;
      if (c.op === "sms") (sends.get(c.to) ?? sends.set(c.to, []).get(c.to)!).push(rel);
      if (c.op === "sms" && c.text.includes("tin nhắn thử")) tests.push(rel);
      else lines.push(`${rel} ${c.op} ${c.to}${c.op === "sms" ? ` ${c.text}` : ""}`);
      pending = { op: c.op, id: c.id, at: rel };
    }
  };
  const answer = () => {
    const p = pending!;
    pending = undefined;
    handle(p.op === "sms" ? e.smsResult(now(), p.id, true) : e.callEnded(now(), p.id, "no_answer"));
  };
  for (const [gap, a] of [...steps, [3 * HOUR, { kind: "end" }] as const]) {
    const target = rel + gap;
    for (let guard = 0; ; guard++) {
      if (guard > 10_000) throw new Error("the deadline loop does not settle");
      const d = e.deadline();
      const due = d === undefined ? Infinity : Math.max(rel, (d - start) >>> 0);
      const answerAt = pending ? pending.at + 2_000 : Infinity;
      const next = Math.min(due, answerAt);
      if (next > target) break;
      rel = next;
      if (answerAt === next) answer();
      else handle(e.tick(now()));
    }
    rel = target;
    if (a.kind === "open") handle(e.incidentOpened(now(), { caller: a.caller as string, incident: a.incident as number, place: a.caller as string }));
    else if (a.kind === "ack") handle(e.incidentAcknowledged(now(), a.caller as string, a.incident as number));
    else if (a.kind === "resolve") handle(e.incidentResolved(now(), a.caller as string, a.incident as number));
    else if (a.kind === "reply") handle(e.smsReceived(now(), a.from as string, a.text as string));
    else if (a.kind === "modem") handle(e.modemReady(now(), a.ready as boolean));
  }
  return { lines, tests, sends };
}

test("property: with the test SMS on, every alarm text and call goes at the same moment as with it off, and tests keep the rate limit", (t) => {
  let tested = 0;
  t.notThrows(() =>
    fc.assert(
      fc.property(history, fc.integer({ min: 0, max: 0xffff_ffff }), (steps, start) => {
        const off = run(steps, start, false);
        const on = run(steps, start, true);
        if (on.lines.join("\n") !== off.lines.join("\n")) throw new Error(`with the test on:\n${on.lines.join("\n")}\nwith it off:\n${off.lines.join("\n")}`);
        tested += on.tests.length;
        for (const at of on.tests) {
          const before = on.sends.get(A)!.filter((x) => x < at);
          if (before.length > 0 && at - before.at(-1)! < SETTINGS.smsMinIntervalMs) throw new Error(`a test at ${at} within a minute of an SMS at ${before.at(-1)}`);
          if (before.filter((x) => x > at - HOUR).length >= SETTINGS.smsPerHour) throw new Error(`a test at ${at} beyond ${SETTINGS.smsPerHour} an hour`);
        }
      }),
      { numRuns: 150, seed: 14 },
    ),
  );
  t.true(tested > 50, `tests were sent in the histories (${tested})`);
});
