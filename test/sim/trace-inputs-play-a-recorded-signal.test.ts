import { fileURLToPath } from "node:url";
import path from "node:path";
import test from "ava";
import { UsageError } from "../../tools/errors.ts";
import { loadScenario, parseScenario } from "../../tools/sim/scenario.ts";

const dir = fileURLToPath(new URL("../fixtures/scenarios/", import.meta.url));

test("a trace input plays the named signal's levels at at_ms + their offsets, µs resolution, path relative to the scenario", (t) => {
  const s = loadScenario(path.join(dir, "recorded-press-trace.json"));
  const first = s.inputs[0]!;
  t.is(first.kind, "edges");
  if (first.kind !== "edges") return;
  t.is(first.source, "trace");
  t.is(first.pin, "button");
  // traces/press-with-bounce.vcd, signal "button": 1 at 0, then alternating changes.
  const changes = [10, 10.21, 10.35, 10.62, 10.9, 11.3, 11.8, 480, 480.3, 480.45, 480.9, 481.2];
  const expected = [[5_000_000, 1], ...changes.map((ms, i) => [5_000_000 + Math.round(ms * 1000), i % 2 === 0 ? 0 : 1])];
  t.deepEqual(first.edges, expected);
});

test("a trace with several signals needs `signal`, and the error names the input and the signals", (t) => {
  const json = {
    duration_ms: 10_000,
    devices: [{ id: "post", role: "receiver" }, { id: "clinic", role: "caller" }],
    inputs: [{ at_ms: 0, device: "clinic", trace: "traces/press-with-bounce.vcd" }],
  };
  const err = t.throws(() => parseScenario(json, { file: "x.json", baseDir: dir }), { instanceOf: UsageError });
  t.is(err!.id, "E_SCENARIO");
  t.regex(err!.message, /^x\.json: inputs\[0\]\.trace: .*press-with-bounce\.vcd: 2 signals \("button", "led"\)/);
});
