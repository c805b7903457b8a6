import test from "ava";
import type { DeviceHal } from "../../firmware/hal/device.ts";
import { DEFAULT_DEPLOYMENT } from "../../tools/sim/command.ts";
import { runScenario } from "../../tools/sim/run.ts";
import { loadScenario } from "../../tools/sim/scenario.ts";
import { IDLE_APP, scenario, TEST_ENGINE } from "./support/engine.ts";

const jsonl = (events: unknown[]) => events.map((e) => JSON.stringify(e)).join("\n");

/** Runs with Math.random and Date.now booby-trapped: the engine must use neither. */
function trapped<T>(run: () => T): T {
  const random = Math.random;
  const now = Date.now;
  Math.random = () => {
    throw new Error("Math.random used during a simulation");
  };
  Date.now = () => {
    throw new Error("Date.now used during a simulation");
  };
  try {
    return run();
  } finally {
    Math.random = random;
    Date.now = now;
  }
}

test("the same scenario and seed give the same event stream, byte for byte, without Math.random or Date.now", (t) => {
  const s = loadScenario(DEFAULT_DEPLOYMENT);
  const a = trapped(() => jsonl(runScenario(s, { engine: TEST_ENGINE }).events));
  const b = trapped(() => jsonl(runScenario(loadScenario(DEFAULT_DEPLOYMENT), { engine: TEST_ENGINE }).events));
  t.true(a.length > 10_000, "a substantial stream");
  t.is(a, b);
});

test("another seed gives another stream", (t) => {
  const s = loadScenario(DEFAULT_DEPLOYMENT);
  const a = jsonl(runScenario(s, { engine: TEST_ENGINE, seed: 1 }).events);
  const b = jsonl(runScenario(s, { engine: TEST_ENGINE, seed: 2 }).events);
  t.not(a, b);
});

test("adding a device changes no other device's random stream", (t) => {
  const draws = (callers: number) => {
    const got: number[] = [];
    runScenario(scenario({ duration_ms: 10 }, callers), {
      engine: { apps: { receiver: IDLE_APP, caller: (hal: DeviceHal, c) => (c.self.id === "c1" && got.push(hal.random(), hal.random()), { stop() {} }) } },
    });
    return got;
  };
  t.deepEqual(draws(1), draws(3));
});
