/**
 * Runs an inline scenario through the simulator with the real apps and gives tests handy views
 * of the event stream. Scenarios are objects in the contract's JSON shape (ARCHITECTURE §4).
 */
import { parseScenario } from "../../../tools/sim/scenario.ts";
import { runScenario, type RunResult, type SimEvent } from "../../../tools/sim/run.ts";

export interface Simulated extends RunResult {
  /** Events named `name` (optionally of one device), in order. */
  of(name: string, device?: string): SimEvent[];
  /** How many events named `name` (optionally of one device). */
  count(name: string, device?: string): number;
}

/** Parses and runs `json` with `seed` (default: the scenario's). */
export function simulate(json: Record<string, unknown>, seed?: number): Simulated {
  const result = runScenario(parseScenario(json), seed === undefined ? {} : { seed });
  const of = (name: string, device?: string) => result.events.filter((e) => e.event === name && (device === undefined || e.device === device));
  return { ...result, of, count: (name, device) => of(name, device).length };
}

/** A post (id `post`) and `callers` callers with ids c1, c2 … */
export function deployment(callers: number): Record<string, unknown>[] {
  const devices: Record<string, unknown>[] = [{ id: "post", role: "receiver", name: "Công an xã" }];
  for (let i = 1; i <= callers; i++) devices.push({ id: `c${i}`, role: "caller", name: `Place ${i}` });
  return devices;
}
