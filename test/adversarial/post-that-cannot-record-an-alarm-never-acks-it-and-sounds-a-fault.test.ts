/**
 * Claim: "delivered" is a promise. A post whose incident table cannot be written (worn NVS,
 * a failed write) does not ack the alarm: the caller is never told "delivered" for an alarm the
 * post could lose at its next power cut, keeps retransmitting, and the post raises a local fault
 * (`incident_not_recorded`, fault siren). Once a write succeeds the alarm is recorded and acked,
 * once; a power cut while the store was failing loses nothing.
 *
 * Before the fix the post acked the alarm whatever the write did (the incident was open in RAM
 * only): a power cut then lost an alarm whose presser had a green light.
 */
import test from "ava";
import { simulateWithFaults } from "./support/simulate-with-faults.ts";

const INCIDENT_KEYS = new Set(["incidents", "inc_last", "inc_more"]);
const RECOVERS_AT_MS = 20_000;

function run(powerCycleAtMs?: number) {
  const inputs: Record<string, unknown>[] = [{ at_ms: 1000, device: "bank", press_ms: 300 }];
  if (powerCycleAtMs !== undefined) {
    inputs.push({ at_ms: powerCycleAtMs, device: "post", power: "off" }, { at_ms: powerCycleAtMs + 2000, device: "post", power: "on" });
  }
  return simulateWithFaults(
    {
      duration_ms: 40_000,
      seed: 77,
      devices: [
        { id: "post", role: "receiver" },
        { id: "bank", role: "caller" },
      ],
      inputs,
    },
    { receiver: (key, now) => INCIDENT_KEYS.has(key) && now < RECOVERS_AT_MS },
  );
}

test("while the post cannot write its incident table the caller is not told delivered, and the post sounds a fault", (t) => {
  const r = run();
  const delivered = r.of("alarm_delivered", "bank");
  t.is(delivered.length, 1, "delivered once in the end");
  t.true(delivered[0]!.t >= RECOVERS_AT_MS, `delivered only once recorded (at ${delivered[0]!.t} ms)`);
  const refused = r.of("incident_not_recorded", "post");
  t.true(refused.length >= 1, "the post reports the alarm it could not record");
  t.is(refused[0]!.caller, "bank");
  t.true(r.of("siren", "post").some((e) => e.t < RECOVERS_AT_MS && e.pattern === "fault"), "fault pattern while it cannot record");
  const opened = r.of("incident_opened", "post");
  t.is(opened.length, 1, "one incident");
  t.true(opened[0]!.t >= RECOVERS_AT_MS);
  t.true(r.of("alarm_tx", "bank").length > 3, "the caller kept retransmitting");
});

test("a power cut at the post while it could not record loses nothing: the alarm is recorded after power returns", (t) => {
  const r = run(10_000);
  const delivered = r.of("alarm_delivered", "bank");
  t.is(delivered.length, 1);
  t.true(delivered[0]!.t >= RECOVERS_AT_MS);
  const opened = r.of("incident_opened", "post");
  t.is(opened.length, 1);
  t.true(opened[0]!.t >= RECOVERS_AT_MS, "the incident exists after the cut");
  t.is(r.of("siren", "post").at(-1)!.pattern, "alarm", "and the siren sounds for it");
});
