import test from "ava";
import type { DeviceHal } from "../../firmware/hal/device.ts";
import type { Level } from "../../firmware/hal/digital.ts";
import { EventQueue } from "../../tools/sim/clock.ts";
import { InputPin } from "../../tools/sim/pins.ts";
import { RunLoop } from "../../tools/sim/run-loop.ts";
import { runScenario } from "../../tools/sim/run.ts";
import { IDLE_APP, scenario } from "./support/engine.ts";

/**
 * Drives `edges` ([µs, level]) on an open input with the given latency and returns each
 * onReadable call as `µs:level read`.
 */
function calls(edges: Array<[number, Level]>, latencyUs = 100): string[] {
  const queue = new EventQueue();
  const loop = new RunLoop(queue, (cb) => cb());
  const pin = new InputPin("button", latencyUs);
  const out: string[] = [];
  const input = pin.open(() => out.push(`${queue.nowUs}:${input.read()}`));
  for (const [us, level] of edges) queue.at(us, () => pin.drive(level, loop));
  queue.runUntil(1_000_000);
  return out;
}

// Rows: edges (µs, level), latency µs, expected calls (µs:level read at the call).
const rows: Array<[string, Array<[number, Level]>, number, string[]]> = [
  ["edges further apart than the latency: one call each", [[0, 0], [1000, 1]], 100, ["100:0", "1100:1"]],
  ["a bounce inside the latency: one call, reading the settled level", [[0, 0], [20, 1], [40, 0]], 100, ["100:0"]],
  ["a glitch shorter than the latency: one call that reads the idle level", [[0, 0], [50, 1]], 100, ["100:1"]],
  ["an edge during the pending call's latency is coalesced, a later one is not", [[0, 0], [99, 1], [100, 0], [101, 1]], 100, ["100:0", "201:1"]],
  ["setting the level it already has is no edge", [[0, 1], [10, 1]], 100, []],
  ["zero latency: the call comes at the edge's time", [[5, 0]], 0, ["5:0"]],
];
for (const [claim, edges, latency, expected] of rows) {
  test(claim, (t) => t.deepEqual(calls(edges, latency), expected));
}

test("zero latency: onReadable still runs after drive() returns, never inside it", (t) => {
  const queue = new EventQueue();
  const loop = new RunLoop(queue, (cb) => cb());
  const pin = new InputPin("button", 0);
  const log: string[] = [];
  pin.open(() => log.push("onReadable"));
  queue.at(0, () => {
    pin.drive(0, loop);
    log.push("drive returned");
  });
  queue.runUntil(0);
  t.deepEqual(log, ["drive returned", "onReadable"]);
});

test("edges reach the app through a scenario at the device's input_latency_us", (t) => {
  const seen: Array<[number, Level]> = [];
  const s = scenario({ duration_ms: 1000, inputs: [{ at_ms: 100, device: "c1", edges: [[0, 0], [0.3, 1], [0.6, 0], [300, 1]] }] });
  s.devices[1]!.inputLatencyUs = 1000;
  runScenario(s, {
    engine: {
      apps: {
        receiver: IDLE_APP,
        caller: (hal: DeviceHal) => {
          const pin = hal.openInput("button", () => seen.push([hal.clock.now(), pin.read()]));
          return { stop: () => pin.close() };
        },
      },
    },
  });
  // Edges at 100.0, 100.3, 100.6 ms coalesce into one call at 101 ms reading 0; release at 400 → call at 401.
  t.deepEqual(seen, [[101, 0], [401, 1]]);
});
