/**
 * Claim (issue 14): open incidents are coalesced into one escalation and one text; no number is
 * sent more than one SMS a minute or 10 an hour whatever happens (a property over random
 * histories); faults are texted after 10 min and never called; a refused SMS is retried with
 * backoff and does not keep the phones from ringing; nothing goes out while the modem is not
 * ready, and everything waiting goes once it is.
 */
import test from "ava";
import fc from "fast-check";
import { Escalation, type EscalationStep } from "../../firmware/core/escalation/escalation.ts";
import { ticksAdd } from "../../firmware/core/ticks.ts";
import { A, B, C, SETTINGS, STRANGER, ended, fault, faultCleared, modem, opened, play, smsOk, smsRefused } from "./support/table.ts";

test("three presses in 20 s make one escalation naming the two places; a new place later joins it as its own alarm, texted", (t) => {
  const trace = play(
    [
      [0, opened("clinic", 1, "Trạm y tế")],
      [10_000, opened("bank", 7, "Ngân hàng")],
      [20_000, opened("clinic", 2, "Trạm y tế")],
      [30_100, smsOk],
      [30_200, smsOk],
      [30_300, smsOk],
      [35_000, opened("cafe", 1, "Quán cà phê Sen")],
      [55_300, ended("no_answer")],
      [96_000, ended("hung_up")],
    ],
    { texts: true, tailMs: 40_000 },
  );
  t.is(trace.filter((l) => l.includes("escalation_started")).length, 1);
  t.true(trace.includes("30000 escalation_started escalation=1 places=Trạm y tế, Ngân hàng"), trace.join("\n"));
  t.true(trace.includes("35000 escalation_joined escalation=1"));
  // field findings 2 and 3: each place its own number; the new place's text is its own alarm
  t.true(trace.some((l) => /^9\d{4} sms \+84901000001 BÁO ĐỘNG Quán cà phê Sen lúc 01:02\. .*Trả lời OK 3 để nhận vụ/.test(l)), trace.join("\n"));
});

test("a fault is texted once after 10 min and never called; one cleared before is never texted", (t) => {
  const trace = play(
    [
      [0, fault("cafe", "Quán cà phê Sen")],
      [1_000, fault("bank", "Ngân hàng")],
      [300_000, faultCleared("bank")],
      [600_100, smsOk],
      [600_200, smsOk],
      [600_300, smsOk],
    ],
    { texts: true, tailMs: 3_600_000 },
  );
  t.deepEqual(
    trace.filter((l) => / sms /.test(l)).map((l) => l.split(" ").slice(0, 3).join(" ")),
    ["600000 sms +84901000001", "600100 sms +84901000002", "600200 sms +84901000003"],
  );
  t.true(trace[0]!.endsWith("LỖI tại trạm Công an xã Xuân Phổ: nút báo động Quán cà phê Sen mất liên lạc. Không cần trả lời."), trace[0]);
  t.false(trace.some((l) => l.includes("dial")));
  t.false(trace.some((l) => l.includes("Ngân hàng")));
});

test("a refused SMS is retried after 30 s, then 60 s; the calls do not wait for it", (t) => {
  const trace = play(
    [
      [0, opened("clinic", 1, "Trạm y tế")],
      [30_100, smsRefused("+CMS ERROR: 500")],
      [30_200, smsOk],
      [30_300, smsOk],
      [40_000, ended("no_answer")],
      [50_000, ended("no_answer")],
      [60_000, ended("no_answer")],
      [61_000, smsRefused("+CMS ERROR: 500")],
    ],
    { tailMs: 70_000 },
  );
  t.true(trace.includes("30100 escalation_sms_failed to=+84901000001 kind=alarm"));
  t.true(trace.includes("30300 dial +84901000001"), "A is called while its text waits for the retry");
  t.true(trace.includes("60100 sms +84901000001"), `retried 30 s after the refusal:\n${trace.join("\n")}`);
  t.true(trace.includes("61000 escalation_sms_failed to=+84901000001 kind=alarm"));
  const retries = trace.filter((l) => / sms \+84901000001$/.test(l)).map((l) => Number(l.split(" ")[0]));
  t.deepEqual(retries.slice(0, 2), [30_000, 60_100]);
  t.true(retries.length < 3 || retries[2]! >= 121_000, "the second retry waits 60 s");
});

test("nothing is sent while the modem is not ready; all of it goes, in order, once it is", (t) => {
  const trace = play([[0, modem(false)], [1_000, opened("clinic", 1, "Trạm y tế")], [100_000, modem(true)]], { tailMs: 0 });
  t.deepEqual(trace, ["31000 escalation_started escalation=1 places=Trạm y tế", "100000 sms +84901000001"]);
});

/** Random histories: presses, acks, replies from anyone, modem answers, faults. */
const action = fc.oneof(
  fc.record({ kind: fc.constant("open" as const), caller: fc.constantFrom("a", "b", "c"), incident: fc.integer({ min: 1, max: 5 }) }),
  fc.record({ kind: fc.constant("ack" as const), caller: fc.constantFrom("a", "b", "c"), incident: fc.integer({ min: 1, max: 5 }) }),
  fc.record({ kind: fc.constant("resolve" as const), caller: fc.constantFrom("a", "b", "c"), incident: fc.integer({ min: 1, max: 5 }) }),
  fc.record({ kind: fc.constant("reply" as const), from: fc.constantFrom(A, B, C, STRANGER), text: fc.constantFrom("OK 1", "OK 2", "ok3", "xin chào", "OK 99") }),
  fc.record({ kind: fc.constant("dtmf" as const), key: fc.constantFrom("1", "2", "#") }),
  fc.record({ kind: fc.constant("fault" as const), caller: fc.constantFrom("a", "b"), on: fc.boolean() }),
  fc.record({ kind: fc.constant("modem" as const), ready: fc.boolean() }),
);
const history = fc.array(fc.tuple(fc.integer({ min: 0, max: 120_000 }), action), { maxLength: 60 });

test("property: whatever happens, no number is sent two SMS within 60 s or 11 besides new alarms' texts in an hour, and only duty numbers or the post take an alarm", (t) => {
  t.notThrows(() =>
    fc.assert(
      fc.property(history, fc.integer({ min: 0, max: 0xffff_ffff }), fc.boolean(), (steps, start, refuse) => {
        const e = new Escalation({ ...SETTINGS, postName: "Trạm" });
        const sends = new Map<string, number[]>();
        const hourly = new Map<string, number[]>();
        let rel = 0;
        let pending: { op: "sms" | "dial"; id: number } | undefined;
        const handle = (s: EscalationStep) => {
          for (const c of s.commands) {
            if (c.op === "sms") {
              // a refused SMS reached nobody: only those the network took count
              if (!refuse) (sends.get(c.to) ?? sends.set(c.to, []).get(c.to)!).push(rel);
              // a new alarm's text does not wait for the hourly cap (field finding 3), only the spacing
              if (!refuse && !c.text.startsWith("BÁO ĐỘNG")) (hourly.get(c.to) ?? hourly.set(c.to, []).get(c.to)!).push(rel);
              pending = { op: "sms", id: c.id };
            } else if (c.op === "dial") pending = { op: "dial", id: c.id };
          }
          for (const ev of s.events) if (ev.event === "escalation_taken" && ![A, B, C, "post"].includes(ev.by as string)) throw new Error(`taken by ${String(ev.by)}`);
        };
        const now = () => ticksAdd(start, rel);
        // the modem answers each command 500 ms later (refusing SMS when `refuse`)
        const answer = () => {
          const p = pending;
          if (!p) return;
          pending = undefined;
          handle(p.op === "sms" ? e.smsResult(now(), p.id, !refuse, "+CMS ERROR: 500") : e.callEnded(now(), p.id, "no_answer"));
        };
        for (const [gap, a] of steps) {
          const target = rel + gap;
          for (let guard = 0; guard < 1000 && rel < target; guard++) {
            const d = e.deadline();
            const dueRel = d === undefined ? Infinity : ((d - start) >>> 0);
            const next = Math.min(target, pending ? rel + 500 : Infinity, dueRel < rel ? rel : dueRel);
            rel = next;
            if (pending && next === rel) answer();
            if (d !== undefined && dueRel <= rel) handle(e.tick(now()));
          }
          rel = target;
          if (a.kind === "open") handle(e.incidentOpened(now(), { caller: a.caller, incident: a.incident, place: a.caller }));
          else if (a.kind === "ack") handle(e.incidentAcknowledged(now(), a.caller, a.incident));
          else if (a.kind === "resolve") handle(e.incidentResolved(now(), a.caller, a.incident));
          else if (a.kind === "reply") handle(e.smsReceived(now(), a.from, a.text));
          else if (a.kind === "dtmf") handle(e.dtmf(now(), a.key));
          else if (a.kind === "fault") handle(a.on ? e.fault(now(), { kind: "caller_offline", caller: a.caller, place: a.caller }) : e.faultCleared(now(), "caller_offline", a.caller));
          else handle(e.modemReady(now(), a.ready));
        }
        for (const times of sends.values()) {
          for (let i = 1; i < times.length; i++) if (times[i]! - times[i - 1]! < SETTINGS.smsMinIntervalMs) return false;
        }
        for (const times of hourly.values()) {
          for (let i = SETTINGS.smsPerHour; i < times.length; i++) if (times[i]! - times[i - SETTINGS.smsPerHour]! < 3_600_000) return false;
        }
        return true;
      }),
      { numRuns: 300 },
    ),
  );
});

