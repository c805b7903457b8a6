import test from "ava";
import type { DeviceHal } from "../../firmware/hal/device.ts";
import { ticksDiff } from "../../firmware/core/ticks.ts";
import { runScenario } from "../../tools/sim/run.ts";
import { IDLE_APP, scenario } from "./support/engine.ts";

test("a device starting at start_ticks near 2^32 wraps to small ticks, and timers keep their intervals across the wrap", (t) => {
  const start = 0xffff_ffff - 999; // wraps 1000 ms after power-up
  const s = scenario({ duration_ms: 5000 });
  s.devices[1]!.startTicks = start;
  const ticks: number[] = [];
  runScenario(s, {
    engine: {
      apps: {
        receiver: IDLE_APP,
        caller: (hal: DeviceHal) => {
          ticks.push(hal.clock.now());
          let timer = hal.scheduler.schedule(function again() {
            ticks.push(hal.clock.now());
            timer = hal.scheduler.schedule(again, 700);
          }, 700);
          return { stop: () => hal.scheduler.cancel(timer) };
        },
      },
    },
  });
  t.deepEqual(ticks.slice(0, 4), [start, start + 700, (start + 1400) >>> 0, (start + 2100) >>> 0]);
  t.is(ticks[2], 400, "1400 ms after power-up the counter has wrapped: 2^32 − 1000 + 1400 − 2^32");
  t.is(ticks.length, 8, "power-up plus 7 timers in 5 s");
  t.true(ticks.slice(1).every((x, i) => ticksDiff(x, ticks[i]!) === 700), "every wrap-safe interval is 700 ms");
});

test("the tick counter restarts at start_ticks after a power cycle", (t) => {
  const s = scenario({ duration_ms: 10_000, inputs: [{ at_ms: 3000, device: "c1", power: "off" }, { at_ms: 4000, device: "c1", power: "on" }] });
  s.devices[1]!.startTicks = 123;
  s.devices[1]!.bootMs = 250;
  const boots: number[] = [];
  runScenario(s, {
    engine: { apps: { receiver: IDLE_APP, caller: (hal: DeviceHal) => (boots.push(hal.clock.now()), { stop() {} }) } },
  });
  t.deepEqual(boots, [123 + 250, 123 + 250], "ticks count from power-up; the app starts boot_ms later");
});
