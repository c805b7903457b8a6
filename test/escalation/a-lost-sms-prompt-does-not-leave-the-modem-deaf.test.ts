/**
 * Claim (issue 14, a missed alarm otherwise): when the modem's `> ` prompt after `AT+CMGS` is
 * lost on the UART (noise), the driver gives the SMS up after its prompt timeout and cancels the
 * prompt with ESC, so the module is not left waiting for a PDU, swallowing every later command
 * as PDU text: the SMS is retried and sent, the health checks are answered, the calls go on.
 * Found by the modem fuzz against the whole receiver (bench/harness/modem-fuzz.ts, seed 9: after
 * a lost prompt at 36 s no command reached the modem again and nothing was texted in 400 s).
 */
import test from "ava";
import type { DeviceHal } from "../../firmware/hal/device.ts";
import { Simulation } from "../../tools/sim/run.ts";
import { parseScenario } from "../../tools/sim/scenario.ts";

const A = "+84901000001";

test("the first SMS prompt lost: the SMS is retried and sent, and the phone is called", (t) => {
  const scenario = parseScenario({
    name: "lost prompt",
    seed: 9,
    duration_ms: 200_000,
    devices: [
      { id: "post", role: "receiver", name: "Công an xã Xuân Phổ" },
      { id: "clinic", role: "caller", name: "Trạm y tế" },
    ],
    lte: { device: "post", escalation: { duty: [{ phone: A, name: "An" }] }, phones: [{ phone: A, answers: "no" }] },
    inputs: [{ at_ms: 2000, device: "clinic", press_ms: 300 }],
  });
  let dropped = 0;
  const sim = new Simulation(scenario, {
    starter: (p, apps) =>
      p.role !== "receiver"
        ? undefined
        : (hal: DeviceHal) => {
            const open = hal.openModemSerial!;
            return apps.receiver(
              {
                ...hal,
                openModemSerial: (h) =>
                  open({
                    onReceive: (bytes) => {
                      // the first "> " the modem sends is lost on the wire
                      if (dropped === 0 && String.fromCharCode(...bytes).includes("> ")) {
                        dropped++;
                        return;
                      }
                      h.onReceive(bytes);
                    },
                  }),
              },
              p.config,
            );
          },
  });
  sim.advanceTo(sim.endMs);
  const ev = sim.finish().events;
  t.is(dropped, 1, "the prompt was dropped once");
  const failed = ev.find((e) => e.event === "escalation_sms_failed");
  t.truthy(failed, "the SMS whose prompt was lost failed");
  t.true(ev.some((e) => e.event === "escalation_sms_sent" && e.to === A && e.t > failed!.t), ev.filter((e) => e.device === "post" && String(e.event).startsWith("escalation") || e.event === "modem_fault").map((e) => `${e.t} ${e.event}`).join("\n"));
  t.true(ev.some((e) => e.event === "phone_ringing" && e.device === A), "the duty phone rang");
  // the AT+CMGS left unanswered is a not_answering fault at once (firmware/stack/at/modem.ts);
  // the point here is that it does not last: the next health check clears it
  const health = ev.filter((e) => e.device === "post" && (e.event === "modem_fault" || e.event === "modem_ok")).map((e) => e.event);
  t.not(health.at(-1), "modem_fault", `the modem is healthy again at the end: ${health.join(", ")}`);
});
