/**
 * Claim (issue 14): the modem is supervised like a caller — no SIM, no registration, no signal
 * and a silent module are `modem_fault` events with the reason, and `modem_ok` when it is back;
 * an SMS refused with +CMS ERROR is retried and does not keep the phones from ringing; without
 * VoLTE a call fails in words and the list goes on; a DTMF 1 on a call takes the alarm.
 */
import test from "ava";
import { runScenario, type SimEvent } from "../../tools/sim/run.ts";
import { parseScenario } from "../../tools/sim/scenario.ts";

const A = "+84901000001";
const B = "+84901000002";

function run(lte: Record<string, unknown>, inputs: unknown[], durationMs = 240_000): SimEvent[] {
  return runScenario(
    parseScenario({
      name: "modem",
      seed: 3,
      duration_ms: durationMs,
      devices: [
        { id: "post", role: "receiver", name: "Công an xã Xuân Phổ" },
        { id: "bank", role: "caller", name: "Ngân hàng" },
      ],
      lte: { device: "post", escalation: { duty: [{ phone: A, name: "An" }, { phone: B, name: "Bình" }] }, ...lte },
      inputs: [{ at_ms: 1000, device: "bank", press_ms: 300 }, ...inputs],
    }),
  ).events;
}

for (const [name, state, reason] of [
  ["no SIM", { sim: false }, "no_sim"],
  ["not registered", { registered: false }, "not_registered"],
  ["no signal", { rssi: 99 }, "not_registered"],
  ["a silent module", { silent: true }, "not_answering"],
] as const) {
  test(`${name} is a modem fault (${reason}), and modem_ok once it is fixed`, (t) => {
    const ev = run({ modem: state }, [{ at_ms: 100_000, device: "post", modem: { sim: true, registered: true, rssi: 20, silent: false } }]);
    const health = ev.filter((e) => e.event === "modem_fault" || e.event === "modem_ok");
    t.like(health[0], { event: "modem_fault", reason });
    t.is(health.at(-1)!.event, "modem_ok");
    t.true(health.at(-1)!.t >= 100_000);
    // what waited while the modem could not serve goes once it can
    t.true(ev.some((e) => e.event === "escalation_sms_sent" && e.t >= 100_000));
  });
}

test("+CMS ERROR: the SMS is refused and retried, and the calls go on meanwhile", (t) => {
  const ev = run({ modem: { sms_error: "Unknown error" }, phones: [{ phone: A, answers: "no" }, { phone: B, answers: "no" }] }, []);
  const failed = ev.filter((e) => e.event === "escalation_sms_failed");
  t.true(failed.length >= 2);
  t.is(failed[0]!.error, "+CMS ERROR: Unknown error");
  t.true(ev.some((e) => e.event === "escalation_call" && e.to === A));
});

test("no VoLTE: every call fails in words, never taken; the SMS still go", (t) => {
  const ev = run({ modem: { volte: false } }, [], 120_000);
  const ended = ev.filter((e) => e.event === "escalation_call_ended");
  t.true(ended.length >= 2);
  t.true(ended.every((e) => e.outcome === "failed" && e.error === "+CME ERROR: operation not allowed"));
  t.is(ev.filter((e) => e.event === "phone_sms").length, 2);
});

test("Quectel: An answers and presses 1; the alarm is taken by DTMF and the call hung up", (t) => {
  const ev = run({ vendor: "quectel", phones: [{ phone: A, answers: "yes", press: "1" }] }, []);
  const taken = ev.find((e) => e.event === "escalation_taken");
  t.like(taken, { by: A, via: "dtmf" });
  t.true(ev.some((e) => e.device === A && e.event === "phone_call_ended" && e.why === "hung_up_by_post" && e.t >= taken!.t));
});
