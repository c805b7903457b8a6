/**
 * Issue 13 wiring, (2): the post's screen after a power cut. An alarm is open and a caller is
 * offline when the post loses power; after the boot nothing reports them again (the incident is
 * in flash, the death is not re-reported), yet the screen the receiver app draws shows both, the
 * alarm first — and so does the LED. Over several seeds and moments of the cut.
 */
import test from "ava";
import type { View } from "../../firmware/core/annunciator/annunciator.ts";
import { runScenario } from "../../tools/sim/run.ts";
import { parseScenario } from "../../tools/sim/scenario.ts";

const scenario = (seed: number, cutAtMs: number) =>
  parseScenario({
    name: "post power cut with an open alarm and an offline caller",
    seed,
    duration_ms: cutAtMs + 30_000,
    devices: [
      { id: "post", role: "receiver", name: "Công an xã Xuân Phổ", boot_ms: 1500 },
      { id: "clinic", role: "caller", name: "Trạm y tế" },
      { id: "cafe", role: "caller", name: "Quán cà phê Sen" },
    ],
    inputs: [
      { at_ms: 1000, device: "cafe", power: "off" },
      { at_ms: 5000, device: "clinic", press_ms: 400 },
      { at_ms: cutAtMs, device: "post", power: "off" },
      { at_ms: cutAtMs + 8000, device: "post", power: "on" },
    ],
  });

for (const seed of [1, 2, 3]) {
  for (const cutAtMs of [135_000, 200_000]) {
    test(`seed ${seed}, power cut at ${cutAtMs / 1000} s: after the boot the screen shows the alarm and the offline café`, (t) => {
      const shown: { t: number; view: View }[] = [];
      const run = runScenario(scenario(seed, cutAtMs), { screens: { open: (_device, nowMs) => ({ show: (view) => void shown.push({ t: nowMs(), view }) }) } });
      const post = run.events.filter((e) => e.device === "post");
      t.true(post.some((e) => e.event === "caller_offline" && e.caller === "cafe" && e.t < cutAtMs), "the café went offline before the cut");
      const bootAt = post.filter((e) => e.event === "boot").at(-1)!.t;
      t.true(bootAt > cutAtMs, "the post booted again");
      t.false(post.some((e) => e.t >= bootAt && (e.event === "caller_offline" || e.event === "incident_opened")), "nothing reports them again after the boot");
      const after = shown.filter((s) => s.t >= bootAt);
      t.true(after.length > 0, "the app drew its screen after the boot");
      const view = after.at(-1)!.view;
      t.is(view.screen, "alarm");
      t.is(view.headline, "Trạm y tế");
      t.is(view.led, "alarm");
      t.deepEqual(view.others.map((o) => o.text), ["Quán cà phê Sen · mất liên lạc"]);
    });
  }
}
