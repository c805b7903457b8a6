/**
 * Paces a `Simulation` to the wall clock: every `tickMs` of wall time it advances to the wall
 * time elapsed since the call (`Simulation.advanceTo`), so one virtual second lasts one real
 * second. Used where something outside the simulation runs in real time: serial consoles
 * (`console-run.ts`) and MQTT brokers (`mqtt-run.ts`). Between steps the Node event loop runs
 * (console lines, broker packets), and what they post lands at the virtual time reached.
 */
import type { Simulation } from "./run.ts";

/** Defaults of `runPaced`. */
export const PACED_DEFAULTS = {
  /** Wall time between simulation steps, ms. */
  tickMs: 10,
} as const;

/** Options of `runPaced`. */
export interface PacedOptions {
  /** Wall time between steps, integer ms ≥ 1. Default 10. */
  tickMs?: number;
  /** Ends the run early (Ctrl-C). */
  signal?: AbortSignal;
}

/**
 * Advances `simulation` with the wall clock from its current virtual time until its `endMs`
 * or until `signal` aborts; virtual time never runs ahead of the wall clock.
 * @throws RangeError for a bad `tickMs`; what `advanceTo` throws (SimAppError when app code throws).
 */
export function runPaced(simulation: Simulation, options: PacedOptions = {}): Promise<void> {
  const tickMs = options.tickMs ?? PACED_DEFAULTS.tickMs;
  if (!Number.isInteger(tickMs) || tickMs < 1) throw new RangeError(`tickMs must be an integer ≥ 1, got ${tickMs}`);
  const signal = options.signal;
  const started = performance.now() - simulation.nowMs;
  return new Promise<void>((resolve, reject) => {
    const done = (err?: unknown) => {
      clearInterval(ticker);
      signal?.removeEventListener("abort", finish);
      if (err === undefined) resolve();
      else reject(err);
    };
    const finish = () => done();
    const ticker = setInterval(() => {
      try {
        const target = Math.floor(performance.now() - started);
        simulation.advanceTo(Math.max(simulation.nowMs, Math.min(target, simulation.endMs)));
        if (simulation.nowMs >= simulation.endMs) done();
      } catch (err) {
        done(err);
      }
    }, tickMs);
    if (signal?.aborted) finish();
    signal?.addEventListener("abort", finish);
  });
}
