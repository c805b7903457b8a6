/**
 * Issue 13, found by a field tester: the screen says how long ago the bell was pressed, so it
 * must be redrawn as time passes, not only when an event arrives. An alarm nobody acknowledges
 * for five minutes (and a caller dead as long) must not read "vừa xong" (just now) at the end.
 */
import test from "ava";
import type { View } from "../../firmware/core/annunciator/annunciator.ts";
import { runScenario } from "../../tools/sim/run.ts";
import { parseScenario } from "../../tools/sim/scenario.ts";

for (const seed of [1, 2]) {
  test(`seed ${seed}: five minutes after an unacknowledged press the screen says so`, (t) => {
    const shown: { t: number; view: View }[] = [];
    const scenario = parseScenario({
      name: "an alarm nobody acknowledges",
      seed,
      duration_ms: 5 * 60_000 + 10_000,
      devices: [
        { id: "post", role: "receiver", name: "Công an xã Xuân Phổ" },
        { id: "clinic", role: "caller", name: "Trạm y tế" },
      ],
      inputs: [{ at_ms: 5000, device: "clinic", press_ms: 400 }],
    });
    runScenario(scenario, { screens: { open: (_device, nowMs) => ({ show: (view) => void shown.push({ t: nowMs(), view }) }) } });
    const last = shown.at(-1)!;
    t.true(last.t >= 5 * 60_000, `the screen was last drawn at ${last.t} ms`);
    t.is(last.view.screen, "alarm");
    t.true(last.view.details.some((d) => /\b[45] phút trước/.test(d)), `details: ${last.view.details.join(" | ")}`);
  });
}
