import test from "ava";
import { deployment, simulate } from "./support/simulate.ts";

test("a caller that loses power while retransmitting delivers its alarm once after power returns", (t) => {
  const run = simulate({
    duration_ms: 40_000,
    seed: 8,
    devices: deployment(1),
    inputs: [
      { at_ms: 500, device: "post", power: "off" },
      { at_ms: 1000, device: "c1", press_ms: 300 },
      { at_ms: 5000, device: "c1", power: "off" },
      { at_ms: 6000, device: "post", power: "on" },
      { at_ms: 9000, device: "c1", power: "on" },
    ],
  });
  t.true(run.count("alarm_tx", "c1") >= 2, "it was retransmitting before the power cut");
  const boot = run.of("boot", "c1");
  t.is(boot[1].pending, 1, "the unacknowledged alarm survived the power cut");
  t.is(run.count("incident_opened"), 1);
  const delivered = run.of("alarm_delivered", "c1");
  t.is(delivered.length, 1);
  t.is(delivered[0].incident, 1);
  t.is(delivered[0].resent_after_boot, true);
  t.true((delivered[0].t as number) >= 9000);
});

test("a press after the reboot gets a new incident number, never a reused one", (t) => {
  const run = simulate({
    duration_ms: 30_000,
    seed: 9,
    devices: deployment(1),
    inputs: [
      { at_ms: 1000, device: "c1", press_ms: 300 },
      { at_ms: 5000, device: "c1", power: "off" },
      { at_ms: 6000, device: "c1", power: "on" },
      { at_ms: 9000, device: "c1", press_ms: 300 },
    ],
  });
  t.deepEqual(run.of("incident_opened").map((e) => e.incident), [1, 2]);
});
