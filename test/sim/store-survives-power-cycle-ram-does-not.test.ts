import test from "ava";
import type { DeviceHal } from "../../firmware/hal/device.ts";
import type { UntypedEventSink } from "../../firmware/hal/events.ts";
import { runScenario } from "../../tools/sim/run.ts";
import { IDLE_APP, scenario } from "./support/engine.ts";

/**
 * An app that counts boots in the store and timer ticks in RAM, and reports both each second.
 */
function counter(hal: DeviceHal) {
  const boots = ((hal.store.get("boots") as number | undefined) ?? 0) + 1;
  hal.store.set("boots", boots);
  let ram = 0;
  let timer = hal.scheduler.schedule(function tick() {
    ram++;
    (hal.events as UntypedEventSink).emit("tick", { boots, ram });
    timer = hal.scheduler.schedule(tick, 1000);
  }, 1000);
  return { stop: () => hal.scheduler.cancel(timer) };
}

test("after a power cycle the store keeps what was written and RAM starts over; no timer of the old app fires", (t) => {
  const s = scenario({
    duration_ms: 10_500,
    inputs: [
      { at_ms: 3500, device: "c1", power: "off" },
      { at_ms: 6000, device: "c1", power: "on" },
    ],
  });
  const r = runScenario(s, { engine: { apps: { receiver: IDLE_APP, caller: counter } } });
  const ticks = r.events.filter((e) => e.event === "tick").map((e) => [e.t, e.boots, e.ram]);
  t.deepEqual(ticks, [
    [1000, 1, 1],
    [2000, 1, 2],
    [3000, 1, 3],
    // off at 3.5 s: nothing at 4, 5 s; on at 6 s: a new app instance, RAM from zero
    [7000, 2, 1],
    [8000, 2, 2],
    [9000, 2, 3],
    [10000, 2, 4],
  ]);
  const c1 = r.devices.find((d) => d.id === "c1")!;
  t.deepEqual(c1.storeWrites, { boots: 2 });
  t.is(c1.boots, 2);
  t.deepEqual(r.events.filter((e) => e.event === "power").map((e) => [e.t, e.on]), [[3500, false], [6000, true]]);
});

test("stop() runs at power-off, when the store no longer accepts writes", (t) => {
  const s = scenario({ duration_ms: 2000, inputs: [{ at_ms: 1000, device: "c1", power: "off" }] });
  let stopped = 0;
  const r = runScenario(s, {
    engine: {
      apps: {
        receiver: IDLE_APP,
        caller: (hal: DeviceHal) => ({
          stop() {
            stopped++;
            t.throws(() => hal.store.set("late", 1), { message: /no power/ });
          },
        }),
      },
    },
  });
  t.is(stopped, 1);
  t.deepEqual(r.devices.find((d) => d.id === "c1")!.storeWrites, {});
});
