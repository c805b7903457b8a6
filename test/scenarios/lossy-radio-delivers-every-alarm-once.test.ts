import test from "ava";
import { deployment, simulate } from "./support/simulate.ts";

// 30% i.i.d. loss both ways plus duplication: every press must open exactly one incident and the
// caller must learn of the delivery, for many seeds.
test("30% loss and duplication: every alarm delivered exactly once, over 12 seeds", (t) => {
  const inputs = [];
  for (let i = 0; i < 6; i++) inputs.push({ at_ms: 2000 + i * 7000, device: `c${(i % 3) + 1}`, press_ms: 300 });
  for (let seed = 1; seed <= 12; seed++) {
    const run = simulate({ duration_ms: 60_000, seed, radio: { loss: 0.3, duplicate: 0.1, latency_ms: [1, 8] }, devices: deployment(3), inputs });
    const opened = run.of("incident_opened").map((e) => `${e.caller}#${e.incident}`);
    t.is(run.count("press"), 6, `seed ${seed}: presses`);
    t.is(opened.length, 6, `seed ${seed}: incidents`);
    t.is(new Set(opened).size, 6, `seed ${seed}: no incident twice`);
    t.is(run.count("alarm_delivered"), 6, `seed ${seed}: each caller learned of its delivery`);
  }
});

test("bursty loss (Gilbert–Elliott) delays but never loses an alarm", (t) => {
  const radio = { burst: { mean_good_ms: 2000, mean_bad_ms: 1500, loss_good: 0.05, loss_bad: 0.95 } };
  for (let seed = 1; seed <= 10; seed++) {
    const run = simulate({ duration_ms: 60_000, seed, radio, devices: deployment(2), inputs: [{ at_ms: 5000, device: "c1", press_ms: 300 }, { at_ms: 5000, device: "c2", press_ms: 300 }] });
    t.is(run.count("incident_opened"), 2, `seed ${seed}`);
    t.is(run.count("alarm_delivered"), 2, `seed ${seed}`);
  }
});
