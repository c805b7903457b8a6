import test from "ava";
import { simulate } from "./support/simulate.ts";

test("a lost ack causes a retransmission, the duplicate is acked again, and one incident opens", (t) => {
  // The press is accepted at 1100 ms (30 ms defer + a 70 ms hold, set here so the timing does
  // not follow the default) and the alarm reaches the post 2 ms later; the caller's radio is
  // cut from 1101 to 1300 ms, so the post's ack (sent ~1102) is lost.
  const run = simulate({
    duration_ms: 20_000,
    seed: 5,
    radio: { latency_ms: [2, 2] },
    devices: [
      { id: "post", role: "receiver" },
      { id: "shop", role: "caller", config: { hold_ms: 70 }, radio: { outages: [{ from_ms: 1101, to_ms: 1300 }] } },
    ],
    inputs: [{ at_ms: 1000, device: "shop", press_ms: 300 }],
  });
  t.is(run.of("press")[0].t, 1100);
  t.is(run.of("incident_opened")[0].t, 1102, "the first transmission reached the post");
  t.true(run.count("alarm_tx") >= 2, "the caller retransmitted");
  t.true(run.radio.lost_outage >= 1, "the ack was lost");
  t.is(run.count("incident_opened"), 1);
  t.is(run.count("alarm_delivered"), 1);
  t.true((run.of("alarm_delivered")[0].t as number) >= 1300);
});
