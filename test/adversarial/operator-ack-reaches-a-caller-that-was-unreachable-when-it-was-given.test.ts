/**
 * Claim: when an officer acknowledges (or resets) while the caller cannot hear the post for
 * longer than the feedback's retransmissions last (~3 min), the caller still learns it once
 * it can hear again: "help is coming" reaches the person at the button. The link README says
 * "the receiver app sends the incident's state again when it comes back"; before the fix it
 * never did, and the caller's LED stayed on "delivered" for good.
 */
import test from "ava";
import { simulate } from "../scenarios/support/simulate.ts";

test("radio cut both ways for 6.5 min around the acknowledge: the caller gets alarm_acknowledged soon after it returns", (t) => {
  const run = simulate({
    duration_ms: 600_000,
    seed: 31,
    devices: [
      { id: "post", role: "receiver" },
      { id: "clinic", role: "caller", radio: { outages: [{ from_ms: 5000, to_ms: 400_000 }] } },
    ],
    inputs: [
      { at_ms: 1000, device: "clinic", press_ms: 300 },
      { at_ms: 6000, device: "post", button: "acknowledge" },
    ],
  });
  t.is(run.count("alarm_delivered", "clinic"), 1, "delivered before the cut");
  t.is(run.count("caller_online", "post"), 1, "the post hears it again");
  const acked = run.of("alarm_acknowledged", "clinic");
  t.is(acked.length, 1);
  const online = run.of("caller_online", "post")[0]!.t;
  t.true(acked[0]!.t >= 400_000 && acked[0]!.t - online < 5000, `acknowledged at ${acked[0]?.t} ms, online at ${online} ms`);
});

test("the caller is heard but cannot hear (deaf from 200 s to 400 s): the acknowledge at 210 s reaches it soon after 400 s, the reset at 500 s after it", (t) => {
  const run = simulate({
    duration_ms: 700_000,
    seed: 32,
    devices: [
      { id: "post", role: "receiver" },
      { id: "clinic", role: "caller", radio: { listen: { period_ms: 400_000, window_ms: 200_000 } } },
    ],
    inputs: [
      { at_ms: 201_000, device: "clinic", press_ms: 300 },
      { at_ms: 210_000, device: "post", button: "acknowledge" },
      { at_ms: 500_000, device: "post", button: "reset" },
    ],
  });
  t.is(run.count("incident_resolved", "post"), 1);
  const feedback = run.events.filter((e) => e.device === "clinic" && (e.event === "alarm_acknowledged" || e.event === "alarm_resolved"));
  t.deepEqual(feedback.map((e) => e.event), ["alarm_acknowledged", "alarm_resolved"]);
  t.true(feedback[0]!.t >= 400_000 && feedback[0]!.t < 410_000, `acknowledged at ${feedback[0]?.t} ms`);
});
