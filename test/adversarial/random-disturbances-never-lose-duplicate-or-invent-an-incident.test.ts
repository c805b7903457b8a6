/**
 * Claim (property): whatever happens to a deployment (loss, duplication, reordering latency,
 * an outage, power cuts of the post and of callers, acknowledges and resets, devices whose tick
 * counters wrap during the run), once every device is back on and the air is quiet for a while,
 * every press has opened exactly one incident, and no incident was opened that nobody pressed
 * for. No store error either: the defaults fit the store's limits.
 */
import test from "ava";
import fc from "fast-check";
import { parseScenario } from "../../tools/sim/scenario.ts";
import { runScenario } from "../../tools/sim/run.ts";

const DURATION_MS = 400_000;
/** Disturbances stop here; the last 150 s let every retransmission finish. */
const QUIET_FROM_MS = 250_000;
const WRAP = 2 ** 32;

const startTicks = fc.oneof(fc.constant(0), fc.integer({ min: WRAP - 200_000, max: WRAP - 1 }));

const action = (callers: number) =>
  fc.oneof(
    fc.record({ kind: fc.constant("press" as const), at: fc.integer({ min: 0, max: QUIET_FROM_MS }), caller: fc.integer({ min: 1, max: callers }), ms: fc.integer({ min: 150, max: 600 }) }),
    fc.record({ kind: fc.constant("power" as const), at: fc.integer({ min: 0, max: QUIET_FROM_MS }), device: fc.integer({ min: 0, max: callers }), offMs: fc.integer({ min: 1, max: 20_000 }) }),
    fc.record({ kind: fc.constantFrom("acknowledge" as const, "reset" as const), at: fc.integer({ min: 0, max: QUIET_FROM_MS }) }),
  );

const deployment = fc.integer({ min: 1, max: 4 }).chain((callers) =>
  fc.record({
    callers: fc.constant(callers),
    seed: fc.integer({ min: 0, max: 0xffff_ffff }),
    ticks: fc.array(startTicks, { minLength: callers + 1, maxLength: callers + 1 }),
    loss: fc.double({ min: 0, max: 0.4, noNaN: true }),
    duplicate: fc.double({ min: 0, max: 0.2, noNaN: true }),
    latencyMaxMs: fc.integer({ min: 1, max: 50 }),
    outage: fc.option(fc.record({ from: fc.integer({ min: 0, max: 200_000 }), ms: fc.integer({ min: 1, max: 40_000 }) })),
    actions: fc.array(action(callers), { maxLength: 40 }),
  }),
);

test("after any disturbances and a quiet tail, presses and incidents match one to one", (t) => {
  t.notThrows(() =>
    fc.assert(
      fc.property(deployment, (d) => {
        const id = (i: number) => (i === 0 ? "post" : `c${i}`);
        const devices = d.ticks.map((ticks, i) => ({ id: id(i), role: i === 0 ? "receiver" : "caller", start_ticks: ticks }));
        const inputs: Record<string, unknown>[] = [];
        for (const a of d.actions) {
          if (a.kind === "press") inputs.push({ at_ms: a.at, device: id(a.caller), press_ms: a.ms });
          else if (a.kind === "power") {
            inputs.push({ at_ms: a.at, device: id(a.device), power: "off" });
            inputs.push({ at_ms: Math.min(QUIET_FROM_MS, a.at + a.offMs), device: id(a.device), power: "on" });
          } else inputs.push({ at_ms: a.at, device: "post", button: a.kind });
        }
        for (let i = 0; i <= d.callers; i++) inputs.push({ at_ms: QUIET_FROM_MS, device: id(i), power: "on" });
        const radio: Record<string, unknown> = { loss: d.loss, duplicate: d.duplicate, latency_ms: [1, d.latencyMaxMs] };
        if (d.outage) radio.outages = [{ from_ms: d.outage.from, to_ms: d.outage.from + d.outage.ms }];
        const { events } = runScenario(parseScenario({ duration_ms: DURATION_MS, seed: d.seed, radio, devices, inputs }));
        const pressed = events.filter((e) => e.event === "press").map((e) => `${e.device}:${e.incident}`);
        const opened = events.filter((e) => e.event === "incident_opened").map((e) => `${e.caller}:${e.incident}`);
        if (new Set(pressed).size !== pressed.length) throw new Error(`an incident number was used twice: ${pressed.join(" ")}`);
        if ([...opened].sort().join() !== [...pressed].sort().join()) throw new Error(`pressed ${pressed.join(" ")}, opened ${opened.join(" ")}`);
        const errors = events.filter((e) => e.event === "store_error");
        if (errors.length) throw new Error(`store_error: ${JSON.stringify(errors[0])}`);
      }),
      { numRuns: 25, seed: 20261130 },
    ),
  );
});
