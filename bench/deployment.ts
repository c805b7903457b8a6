/**
 * Scenario building for the benchmarks: a police post and N callers, written as the JSON the
 * `bell sim` contract defines (ARCHITECTURE §4) and validated by the simulator's own
 * `parseScenario`, so every benchmark run is a scenario a person could save and replay with
 * `bell sim FILE --seed N`.
 */
import { parseScenario, type Scenario } from "../tools/sim/scenario.ts";

/** The receiver's id in every benchmark deployment. */
export const POST_ID = "post";

/** The largest number of callers one receiver takes (ESP-NOW peer limit, `checkConfig`). */
export const CALLERS_PER_RECEIVER = 20;

/** Scenario JSON (snake_case), as in a scenario file. */
export type ScenarioJson = {
  name: string;
  description?: string;
  seed: number;
  duration_ms: number;
  radio?: Record<string, unknown>;
  air?: Record<string, unknown>;
  devices: Array<Record<string, unknown>>;
  inputs: Array<Record<string, unknown>>;
};

/** Options of `deploymentJson`. */
export interface DeploymentOptions {
  name: string;
  description?: string;
  seed: number;
  durationMs: number;
  /** Number of callers, 1 … 20. */
  callers: number;
  /** The global radio model (scenario `radio`, snake_case). */
  radio?: Record<string, unknown>;
  /** The shared channel (scenario `air`, snake_case; `{}` for its defaults), or absent for none. */
  air?: Record<string, unknown>;
  /** Settings for every caller (scenario `config`, snake_case). */
  callerConfig?: Record<string, unknown>;
  /** Settings for the receiver. */
  receiverConfig?: Record<string, unknown>;
  /** Extra per-device fields (e.g. `start_ticks`, `radio`), by device id. */
  deviceExtras?: Record<string, Record<string, unknown>>;
  inputs?: Array<Record<string, unknown>>;
}

/** The id of caller `i` (0-based): "c01" … "c20". */
export function callerId(i: number): string {
  return `c${String(i + 1).padStart(2, "0")}`;
}

/**
 * A deployment as scenario JSON: the post first, then callers `c01` … `cNN`.
 * @throws RangeError for a caller count outside 1 … 20.
 */
export function deploymentJson(o: DeploymentOptions): ScenarioJson {
  if (!Number.isInteger(o.callers) || o.callers < 1 || o.callers > CALLERS_PER_RECEIVER) {
    throw new RangeError(`callers must be 1…${CALLERS_PER_RECEIVER}, got ${o.callers}`);
  }
  const extra = (id: string) => o.deviceExtras?.[id] ?? {};
  const devices: Array<Record<string, unknown>> = [
    { id: POST_ID, role: "receiver", name: "Police post", ...(o.receiverConfig ? { config: o.receiverConfig } : {}), ...extra(POST_ID) },
  ];
  for (let i = 0; i < o.callers; i++) {
    const id = callerId(i);
    devices.push({ id, role: "caller", name: `Caller ${i + 1}`, ...(o.callerConfig ? { config: o.callerConfig } : {}), ...extra(id) });
  }
  const json: ScenarioJson = { name: o.name, seed: o.seed, duration_ms: o.durationMs, devices, inputs: o.inputs ?? [] };
  if (o.description) json.description = o.description;
  if (o.radio) json.radio = o.radio;
  if (o.air) json.air = o.air;
  return json;
}

/**
 * Builds and validates a deployment scenario.
 * @throws UsageError E_SCENARIO (from `parseScenario`) when the JSON breaks the contract.
 */
export function deployment(o: DeploymentOptions): { json: ScenarioJson; scenario: Scenario } {
  const json = deploymentJson(o);
  return { json, scenario: parseScenario(json) };
}
