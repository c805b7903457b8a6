/**
 * Claim (issue 14, "done when"): with nobody at the post, the real receiver's alarm is escalated
 * through the real AT driver to the simulated modem and phone network: every duty phone shows the
 * Vietnamese SMS (decoded from the PDUs the driver sent), the phones are called down the list, a
 * call "connected" at ringback and answered without a key does not take it, a stranger's "OK 1"
 * takes nothing, and Bình's "OK 1" takes it; the others are told, Bình is confirmed.
 */
import test from "ava";
import { runScenario } from "../../tools/sim/run.ts";
import { loadScenario } from "../../tools/sim/scenario.ts";

const file = new URL("../fixtures/scenarios/empty-post-escalates-to-the-duty-phones.json", import.meta.url).pathname;
const [A, B, C] = ["+84901000001", "+84901000002", "+84901000003"];

test("the empty-post fixture: SMS on every phone, calls in order, taken by Bình's SMS reply", (t) => {
  const r = runScenario(loadScenario(file));
  const ev = r.events;
  const opened = ev.find((e) => e.event === "incident_opened")!;
  const started = ev.find((e) => e.event === "escalation_started")!;
  t.is(started.t - opened.t, 30_000, "escalated 30 s after the incident opened");
  const alarmTexts = ev.filter((e) => e.event === "phone_sms" && String(e.text).startsWith("BÁO ĐỘNG"));
  t.deepEqual(alarmTexts.map((e) => e.device), [A, B, C]);
  for (const e of alarmTexts) {
    t.is(e.text, "BÁO ĐỘNG Trạm y tế lúc 01:00. Trạm Công an xã Xuân Phổ chưa ai xác nhận. Trả lời OK 1 để nhận vụ, hoặc bấm phím 1 khi được gọi.");
    t.is(e.parts, 2, "a real concatenated SMS of two parts");
  }
  t.deepEqual(ev.filter((e) => e.event === "escalation_call").map((e) => e.to), [A, B, C]);
  t.true(ev.some((e) => e.event === "escalation_call_state" && e.to === B && e.state === "connected"), "Bình's call reported connected");
  t.true(ev.some((e) => e.device === B && e.event === "phone_answered"));
  const ignored = ev.filter((e) => e.event === "sms_ignored");
  t.deepEqual(ignored.map((e) => [e.from, e.why]), [["+84987654321", "not_on_duty_list"]]);
  const taken = ev.filter((e) => e.event === "escalation_taken");
  t.is(taken.length, 1);
  t.like(taken[0], { by: B, via: "sms", name: "Đ/c Bình", incidents: "clinic#1", escalation: 1 });
  t.true(taken[0]!.t > ev.find((e) => e.device === B && e.event === "phone_sends_sms")!.t, "taken by the reply, not by the answered call");
  const after = ev.filter((e) => e.event === "phone_sms" && e.t > taken[0]!.t);
  t.deepEqual(
    after.map((e) => [e.device, e.text]),
    // the taker's confirmation goes first (field finding 3: "taken" notices are the lowest priority)
    [
      [B, "Đã ghi nhận: đồng chí nhận vụ 1 (Trạm y tế)."],
      [A, "Đ/c Bình (+84901000002) đã nhận vụ 1 (Trạm y tế)."],
      [C, "Đ/c Bình (+84901000002) đã nhận vụ 1 (Trạm y tế)."],
    ],
  );
  t.false(ev.some((e) => e.event === "escalation_call" && e.t > taken[0]!.t), "no call after it was taken");
});
