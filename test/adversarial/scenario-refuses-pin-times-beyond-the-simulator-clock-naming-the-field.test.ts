/**
 * Claim: a press or an edge so long that it ends beyond what the simulator's µs clock can hold
 * (2^53 µs ≈ 285 years) is refused as bad input, naming its JSON path (E_SCENARIO, exit 2),
 * instead of crashing the run with "event time must be an integer ≥ now" from the event queue.
 * Long presses that fit are accepted (a button still held at the end of the run is legitimate).
 */
import test from "ava";
import { parseScenario } from "../../tools/sim/scenario.ts";
import { runScenario } from "../../tools/sim/run.ts";
import { UsageError } from "../../tools/errors.ts";

const devices = [
  { id: "post", role: "receiver" },
  { id: "c1", role: "caller" },
];

const rows: Array<[what: string, input: Record<string, unknown>, path: RegExp]> = [
  ["press_ms 1e300", { at_ms: 10, device: "c1", press_ms: 1e300 }, /inputs\[0\]\.press_ms:/],
  ["edge offset 1e300", { at_ms: 10, device: "c1", edges: [[0, 0], [1e300, 1]] }, /inputs\[0\]\.edges\[1\]\[0\]:/],
  ["edge offset 2^53 ms", { at_ms: 0, device: "c1", edges: [[0, 0], [2 ** 53, 1]] }, /inputs\[0\]\.edges\[1\]\[0\]:/],
  ["operator press_ms 1e20", { at_ms: 10, device: "post", button: "reset", press_ms: 1e20 }, /inputs\[0\]\.press_ms:/],
];

for (const [what, input, path] of rows) {
  test(`${what} is refused naming its path`, (t) => {
    const err = t.throws(() => parseScenario({ duration_ms: 5000, devices, inputs: [input] }), { instanceOf: UsageError, message: path });
    t.is(err?.id, "E_SCENARIO");
  });
}

test("a press far longer than the run is accepted: the button is simply still held at the end", (t) => {
  const run = runScenario(parseScenario({ duration_ms: 5000, devices, inputs: [{ at_ms: 10, device: "c1", press_ms: 1e9 }] }));
  t.is(run.summary.counts.press, 1);
});
