/**
 * Runs an inline scenario with the real apps, where chosen devices get a faulty store
 * (`faulty-store.ts`). Same views of the stream as `test/scenarios/support/simulate.ts`.
 */
import { startCaller } from "../../../firmware/caller/app.ts";
import { startReceiver } from "../../../receiver/app.ts";
import type { DeviceHal } from "../../../firmware/hal/device.ts";
import { parseScenario } from "../../../tools/sim/scenario.ts";
import { runScenario, type RunResult, type SimEvent } from "../../../tools/sim/run.ts";
import { faultyStore, type WriteFault } from "../../../bench/harness/faulty-store.ts";

export interface Simulated extends RunResult {
  of(name: string, device?: string): SimEvent[];
  count(name: string, device?: string): number;
}

/**
 * @param json the scenario (ARCHITECTURE §4 shape).
 * @param faults store faults by role: the caller fault applies to every caller.
 */
export function simulateWithFaults(json: Record<string, unknown>, faults: { caller?: WriteFault; receiver?: WriteFault }): Simulated {
  const wrap = (hal: DeviceHal, fault: WriteFault | undefined): DeviceHal =>
    fault === undefined ? hal : { ...hal, store: faultyStore(hal.store, () => hal.clock.now(), fault) };
  const result = runScenario(parseScenario(json), {
    engine: {
      apps: {
        caller: (hal, config) => startCaller(wrap(hal, faults.caller), config),
        receiver: (hal, config) => startReceiver(wrap(hal, faults.receiver), config),
      },
    },
  });
  const of = (name: string, device?: string) => result.events.filter((e) => e.event === name && (device === undefined || e.device === device));
  return { ...result, of, count: (name, device) => of(name, device).length };
}
