import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import test from "ava";
import { UsageError } from "../../tools/errors.ts";
import { loadScenario, parseScenario } from "../../tools/sim/scenario.ts";

const base = () => ({
  name: "t",
  duration_ms: 60_000,
  devices: [
    { id: "post", role: "receiver", name: "Post" },
    { id: "clinic", role: "caller", name: "Clinic" },
  ],
  inputs: [] as unknown[],
});

type Json = ReturnType<typeof base> & Record<string, unknown>;

// Rows: what is wrong, how to break a valid scenario, the message expected (path: why).
const rows: Array<[string, (j: Json) => void, string]> = [
  ["a role that is neither", (j) => ((j.devices[1] as Record<string, unknown>).role = "sender"), `devices[1].role: must be "caller" or "receiver", got "sender"`],
  ["a missing duration", (j) => delete (j as Partial<Json>).duration_ms, "duration_ms: is required"],
  ["an unknown top-level field", (j) => (j.seeed = 3), "seeed: is not a known field (known: name, description, seed, duration_ms, wall_clock_start_s, mqtt, radio, air, devices, lte, inputs)"],
  ["a probability above 1", (j) => (j.radio = { loss: 1.5 }), "radio.loss: must be ≤ 1, got 1.5"],
  ["a hidden pair naming no device", (j) => (j.air = { hidden: [["clinic", "bank"]] }), "air.hidden[0]: no device \"bank\" (devices: post, clinic)"],
  ["a receive queue of 0", (j) => (j.air = { rx_queue: 0 }), "air.rx_queue: must be ≥ 1, got 0"],
  ["a latency range backwards", (j) => (j.radio = { latency_ms: [5, 2] }), "radio.latency_ms: min 5 is above max 2"],
  ["an outage that ends before it starts", (j) => (j.radio = { outages: [{ from_ms: 10, to_ms: 5 }] }), "radio.outages[0].to_ms: must be after from_ms (10), got 5"],
  ["a listen window longer than its period", (j) => ((j.devices[0] as Record<string, unknown>).radio = { listen: { period_ms: 100, window_ms: 150 } }), "devices[0].radio.listen.window_ms: must be ≤ period_ms (100), got 150"],
  ["a device id with spaces", (j) => (j.devices[1]!.id = "the clinic"), `devices[1].id: must be 1…32 letters, digits, "-" or "_", got "the clinic"`],
  ["a duplicate id", (j) => j.devices.push({ id: "clinic", role: "caller", name: "Again" }), `devices[2].id: "clinic" is used twice (first at devices[1])`],
  ["two receivers", (j) => j.devices.push({ id: "post2", role: "receiver", name: "Post 2" }), "devices: must contain exactly one receiver (found 2: devices[0], devices[2])"],
  ["no receiver", (j) => (j.devices[0]!.role = "caller"), "devices: must contain exactly one receiver (found 0)"],
  ["a bad device setting", (j) => ((j.devices[1] as Record<string, unknown>).config = { debounce_ms: 0 }), "devices[1].config.debounce_ms: must be 1…1000 ms, got 0"],
  ["an unknown device setting", (j) => ((j.devices[1] as Record<string, unknown>).config = { debounce: 5 }), "devices[1].config.debounce: unknown setting"],
  ["an input for an unknown device", (j) => j.inputs.push({ at_ms: 1, device: "bank", press_ms: 100 }), `inputs[0].device: no device "bank" (devices: post, clinic)`],
  ["an input with two kinds", (j) => j.inputs.push({ at_ms: 1, device: "clinic", press_ms: 100, power: "off" }), "inputs[0]: gives press_ms and power: give exactly one of"],
  ["an input with no kind", (j) => j.inputs.push({ at_ms: 1, device: "clinic" }), "inputs[0]: says nothing to do"],
  ["an input after the end", (j) => j.inputs.push({ at_ms: 60_001, device: "clinic", press_ms: 100 }), "inputs[0].at_ms: 60001 is after the end of the run (duration_ms 60000)"],
  ["edges out of order", (j) => j.inputs.push({ at_ms: 1, device: "clinic", edges: [[0, 0], [5, 1], [3, 0]] }), "inputs[0].edges[2][0]: offsets must not decrease (3 < 5)"],
  ["an edge level of 2", (j) => j.inputs.push({ at_ms: 1, device: "clinic", edges: [[0, 2]] }), "inputs[0].edges[0][1]: must be 0 or 1, got 2"],
  ["an operator button on a caller", (j) => j.inputs.push({ at_ms: 1, device: "clinic", button: "reset" }), `inputs[0].button: caller "clinic" has no reset button (its inputs: button)`],
  ["a press on a receiver without a pin", (j) => j.inputs.push({ at_ms: 1, device: "post", press_ms: 100 }), "inputs[0].pin: is required for a receiver (one of acknowledge, reset, next)"],
  ["a power state that is neither", (j) => j.inputs.push({ at_ms: 1, device: "post", power: "reboot" }), `inputs[0].power: must be "off" or "on", got "reboot"`],
  ["an attack without from", (j) => j.inputs.push({ at_ms: 1, device: "post", attacker: "replay" }), "inputs[0].from: is required for an attack"],
  ["an attack spoofing an unknown device", (j) => j.inputs.push({ at_ms: 1, device: "post", attacker: "forge", from: "bank" }), `inputs[0].from: no device "bank"`],
  ["an attack on itself", (j) => j.inputs.push({ at_ms: 1, device: "post", attacker: "replay", from: "post" }), `inputs[0].from: must differ from the target device "post"`],
  ["a forge mode on a replay", (j) => j.inputs.push({ at_ms: 1, device: "post", attacker: "replay", from: "clinic", mode: "random" }), `inputs[0].mode: only goes with "attacker": "forge"`],
  ["a signal without a trace", (j) => j.inputs.push({ at_ms: 1, device: "clinic", press_ms: 5, signal: "x" }), `inputs[0].signal: needs "trace" too`],
  ["a trace file that does not exist", (j) => j.inputs.push({ at_ms: 1, device: "clinic", trace: "no-such-trace.vcd" }), "inputs[0].trace: "],
];

for (const [what, breakIt, expected] of rows) {
  test(`refuses ${what}: "${expected}"`, (t) => {
    const j = base() as Json;
    breakIt(j);
    const err = t.throws(() => parseScenario(j, { file: "s.json", baseDir: "/nonexistent-dir" }), { instanceOf: UsageError });
    t.is(err?.id, "E_SCENARIO");
    t.true(err!.message.startsWith(`s.json: ${expected}`), err?.message);
  });
}

test("the unbroken base scenario is accepted", (t) => {
  t.is(parseScenario(base()).devices.length, 2);
});

test("a file that is not JSON is refused with its line and column", (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), "bell-sim-"));
  const file = path.join(dir, "bad.json");
  writeFileSync(file, '{\n  "name": "x",\n  "duration_ms": 10,,\n}\n');
  const err = t.throws(() => loadScenario(file), { instanceOf: UsageError });
  t.regex(err!.message, /bad\.json: not valid JSON at line 3, column \d+/);
});
