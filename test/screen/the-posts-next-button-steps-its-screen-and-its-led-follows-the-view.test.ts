/**
 * Issue 13 wiring, (1) and (3): the receiver's `next` (Xem tiếp) button is a scenario input like
 * the other operator buttons and the app forwards it to the annunciator (the screen steps to the
 * second indication); the receiver LED plays the pattern of the view (receiver/led.ts): fast
 * flash while an alarm is unacknowledged, steady once acknowledged.
 */
import test from "ava";
import type { View } from "../../firmware/core/annunciator/annunciator.ts";
import { RECEIVER_LED_PATTERNS } from "../../receiver/led.ts";
import { runScenario } from "../../tools/sim/run.ts";
import { parseScenario } from "../../tools/sim/scenario.ts";

const json = (inputs: unknown[], extra: Record<string, unknown> = {}) => ({
  name: "next button",
  seed: 4,
  duration_ms: 30_000,
  devices: [
    { id: "post", role: "receiver", name: "Công an xã" },
    { id: "clinic", role: "caller", name: "Trạm y tế" },
    { id: "bank", role: "caller", name: "Ngân hàng" },
  ],
  inputs,
  ...extra,
});
const alarms = [
  { at_ms: 1000, device: "clinic", press_ms: 400 },
  { at_ms: 3000, device: "bank", press_ms: 400 },
];

function run(inputs: unknown[]) {
  const shown: { t: number; view: View }[] = [];
  const result = runScenario(parseScenario(json(inputs)), { screens: { open: (_d, nowMs) => ({ show: (view) => void shown.push({ t: nowMs(), view }) }) } });
  return { shown, result };
}

test("a press of next moves the large view to the second alarm, and only then", (t) => {
  const before = run(alarms).shown.at(-1)!.view;
  t.is(before.headline, "Ngân hàng", "newest alarm on top");
  const { shown } = run([...alarms, { at_ms: 10_000, device: "post", button: "next" }]);
  const after = shown.at(-1)!;
  t.true(after.t >= 10_000);
  t.is(after.view.headline, "Trạm y tế");
  t.is(after.view.position, "2/2");
});

test("next is refused on a caller and named among a receiver's buttons in the error", (t) => {
  const err = t.throws(() => parseScenario(json([{ at_ms: 10, device: "clinic", button: "next" }])));
  t.regex(err!.message, /has no next button/);
  t.notThrows(() => parseScenario(json([{ at_ms: 10, device: "post", button: "next" }])));
});

test("the receiver LED flashes fast while the alarm is unacknowledged and is steady once acknowledged", (t) => {
  const { result } = run([...alarms, { at_ms: 20_000, device: "post", button: "acknowledge" }]);
  const led = result.devices.find((d) => d.id === "post")!.outputs.led!;
  const [on, off] = RECEIVER_LED_PATTERNS.alarm.steps.map(([, ms]) => ms * 1000);
  const during = led.filter((c) => c.atUs > 5_000_000 && c.atUs < 15_000_000);
  t.true(during.length > 10, `${during.length} changes in 10 s of alarm`);
  for (let i = 1; i < during.length; i++) t.is(during[i].atUs - during[i - 1].atUs, during[i - 1].level === 1 ? on : off);
  t.is(led.at(-1)!.level, 1, "on at the end");
  t.deepEqual(led.filter((c) => c.atUs > 20_500_000), [], "steady after the acknowledgement");
});
