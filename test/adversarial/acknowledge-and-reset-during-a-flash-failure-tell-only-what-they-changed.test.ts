/**
 * Claim: while the post's incident table cannot be written, acknowledge and reset still report
 * exactly the incidents they changed, once: each is logged and its caller told, no more and no
 * less. Before the fix, an acknowledge re-announced every incident acknowledged so far (a
 * storm of operator_acks and log entries that grew with every press of the button), and a reset
 * closed the incidents without logging them or telling their callers.
 */
import test from "ava";
import { INCIDENT_STORE_KEYS } from "../../receiver/incidents.ts";
import { simulateWithFaults } from "./support/simulate-with-faults.ts";

test("incidents cannot be persisted: two acknowledges announce 2 then 1 incidents, a reset closes and announces all 3", (t) => {
  const run = simulateWithFaults(
    {
      duration_ms: 60_000,
      seed: 71,
      devices: [
        { id: "post", role: "receiver" },
        { id: "bank", role: "caller" },
        { id: "cafe", role: "caller" },
      ],
      inputs: [
        { at_ms: 1000, device: "bank", press_ms: 300 },
        { at_ms: 2000, device: "cafe", press_ms: 300 },
        { at_ms: 5000, device: "post", button: "acknowledge" },
        { at_ms: 8000, device: "bank", press_ms: 300 },
        { at_ms: 11_000, device: "post", button: "acknowledge" },
        { at_ms: 14_000, device: "post", button: "reset" },
      ],
    },
    { receiver: (key) => INCIDENT_STORE_KEYS.includes(key) },
  );
  t.true(run.count("store_error", "post") > 0, "the failure is reported");
  const acknowledged = run.of("incident_acknowledged", "post").map((e) => [e.t < 11_000 ? "first" : "second", e.caller, e.incident]);
  t.deepEqual(acknowledged, [
    ["first", "bank", 1],
    ["first", "cafe", 1],
    ["second", "bank", 2],
  ]);
  t.deepEqual(
    run.of("incident_resolved", "post").map((e) => [e.caller, e.incident]),
    [["bank", 1], ["cafe", 1], ["bank", 2]],
  );
  t.is(run.count("alarm_acknowledged", "bank"), 2);
  t.is(run.count("alarm_resolved", "bank"), 2);
  t.is(run.count("alarm_resolved", "cafe"), 1);
});
