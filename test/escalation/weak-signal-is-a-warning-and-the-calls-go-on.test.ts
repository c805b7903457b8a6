/**
 * Claim (issue 14, field finding "weak-signal-stops-the-calls"): a weak signal (CSQ below the
 * usable level, or 99 "unknown", while the modem is registered) is a warning at the post, never a
 * reason to stop the escalation: texts and calls go on and an officer who answers takes the
 * alarm. Only a definite failure (no SIM, not registered, a silent module) holds them back.
 */
import test from "ava";
import { loadScenario } from "../../tools/sim/scenario.ts";
import { runScenario } from "../../tools/sim/run.ts";

const FIELD = "test/field/escalation/weak-signal-stops-the-calls.json";
const BINH = "+84901000002";

test("the field scenario: at CSQ 4 the post warns of a weak signal and Bình, called, takes the alarm", (t) => {
  const ev = runScenario(loadScenario(FIELD)).events;
  const warning = ev.find((e) => e.event === "modem_fault");
  t.like(warning, { reason: "weak_signal", detail: "CSQ 4" });
  t.true(ev.some((e) => e.event === "escalation_call" && e.to === BINH && e.t > warning!.t));
  t.like(ev.find((e) => e.event === "escalation_taken"), { by: BINH, via: "dtmf" });
});

for (const rssi of [0, 1, 4]) {
  test(`CSQ ${rssi} before the alarm: every duty phone still gets its SMS and a call`, (t) => {
    const s = loadScenario(FIELD);
    const ev = runScenario({ ...s, inputs: s.inputs.map((i) => ("modem" in i ? { ...i, modem: { rssi } } : i)) }).events;
    for (const phone of ["+84901000001", BINH]) {
      t.true(ev.some((e) => e.event === "escalation_sms_sent" && e.to === phone && e.kind === "alarm"), `SMS to ${phone}`);
      t.true(ev.some((e) => e.event === "escalation_call" && e.to === phone), `call to ${phone}`);
    }
  });
}
