import test from "ava";
import { deployment, simulate } from "./support/simulate.ts";

// A real press: contact bounce on the way down (sub-ms chatter for ~4 ms), held 300 ms, bounce on release.
const bouncyPress: [number, 0 | 1][] = [
  [0, 0], [0.2, 1], [0.35, 0], [0.9, 1], [1.1, 0], [2.5, 1], [2.6, 0], [4, 1], [4.1, 0],
  [300, 1], [300.3, 0], [300.5, 1], [301.8, 0], [302, 1],
];

for (const strategy of ["defer", "eager"] as const) {
  test(`a bouncy press gives exactly one incident (${strategy})`, (t) => {
    const devices = deployment(1);
    (devices[1] as { config?: unknown }).config = { debounce_strategy: strategy };
    const run = simulate({ duration_ms: 20_000, seed: 3, devices, inputs: [{ at_ms: 1000, device: "c1", edges: bouncyPress }] });
    t.is(run.count("press", "c1"), 1);
    t.is(run.count("incident_opened", "post"), 1);
    t.is(run.count("alarm_delivered", "c1"), 1);
    t.deepEqual(run.of("siren", "post").map((e) => e.pattern), ["alarm"]);
  });
}

test("a burst of noise shorter than the debounce window raises nothing", (t) => {
  // EMI from a motor: 40 spikes of 0.3 ms, 0.5 ms apart, then idle.
  const edges: [number, 0 | 1][] = [];
  for (let i = 0; i < 40; i++) edges.push([i * 0.5, 0], [i * 0.5 + 0.3, 1]);
  const run = simulate({ duration_ms: 10_000, seed: 4, devices: deployment(1), inputs: [{ at_ms: 500, device: "c1", edges }, { at_ms: 3000, device: "c1", edges }] });
  t.is(run.count("press"), 0);
  t.is(run.count("incident_opened"), 0);
  t.is(run.count("siren"), 0);
});
