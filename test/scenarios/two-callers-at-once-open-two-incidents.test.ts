import test from "ava";
import { deployment, simulate } from "./support/simulate.ts";

test("two callers pressing at the same moment open two incidents; one acknowledge covers both", (t) => {
  const run = simulate({
    duration_ms: 20_000,
    seed: 13,
    radio: { loss: 0.1, latency_ms: [1, 4] },
    devices: deployment(2),
    inputs: [
      { at_ms: 1000, device: "c1", press_ms: 300 },
      { at_ms: 1000, device: "c2", press_ms: 300 },
      { at_ms: 6000, device: "post", button: "acknowledge" },
    ],
  });
  t.deepEqual(run.of("incident_opened").map((e) => e.caller).sort(), ["c1", "c2"]);
  t.is(run.count("alarm_delivered"), 2);
  t.deepEqual(run.of("incident_acknowledged").map((e) => e.caller).sort(), ["c1", "c2"]);
  t.is(run.count("alarm_acknowledged"), 2);
});
