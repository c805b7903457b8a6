/** Engine options and scenario helpers for the simulator's own tests. */
import { parseScenario, type Scenario } from "../../../tools/sim/scenario.ts";
import type { AppStarters, EngineOptions } from "../../../tools/sim/run.ts";
import { startEcho } from "./echo.ts";
import { startPinger } from "./pinger.ts";

/** The test apps: pinger callers and an echo receiver. */
export const TEST_APPS: AppStarters = {
  caller: (hal, config) => startPinger(hal, config, { periodMs: 5000 }),
  receiver: startEcho,
};

/** The test apps on the default engine's host HMAC. */
export const TEST_ENGINE: Partial<EngineOptions> = { apps: TEST_APPS };

/** A receiver "post" and callers "c1"…"cN" (N = `callers`), merged under `extra`. */
export function scenario(extra: Record<string, unknown> = {}, callers = 1): Scenario {
  const devices = [{ id: "post", role: "receiver", name: "Post" }];
  for (let i = 1; i <= callers; i++) devices.push({ id: `c${i}`, role: "caller", name: `Caller ${i}` });
  return parseScenario({ name: "test", seed: 1, duration_ms: 60_000, devices, ...extra });
}

/** An app that does nothing (for the device a test does not look at). */
export const IDLE_APP = () => ({ stop() {} });
