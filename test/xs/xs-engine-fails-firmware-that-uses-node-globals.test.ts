/**
 * Claim: firmware that reaches for what Node has and XS lacks — `console`, `setTimeout`,
 * `Buffer`, `process` — fails under the XS engine (a `SimAppError` from the device, at the
 * virtual time it happened), with a message that names the global and says what device code
 * uses instead. The Node engine could not catch these: it has them all.
 */
import test from "ava";
import { JobError } from "../../tools/errors.ts";
import { parseScenario } from "../../tools/sim/scenario.ts";
import { SimAppError } from "../../tools/sim/device.ts";
import { runScenarioInXs } from "../../tools/xs/engine.ts";
import { bundleApp } from "../../tools/xs/bundle.ts";

const scenario = parseScenario({
  name: "one caller, one post",
  seed: 3,
  duration_ms: 5000,
  devices: [
    { id: "post", role: "receiver", name: "Công an xã" },
    { id: "clinic", role: "caller", name: "Trạm y tế" },
  ],
  inputs: [],
});
const receiver = bundleApp("receiver");

const CASES = [
  { entry: "caller-logs-with-console.ts", global: "console", instead: /EventSink/ },
  { entry: "caller-waits-with-set-timeout.ts", global: "setTimeout", instead: /Scheduler/ },
  { entry: "caller-uses-buffer.ts", global: "Buffer", instead: /Uint8Array/ },
  { entry: "caller-reads-process-env.ts", global: "process", instead: /mc\/config/ },
];

for (const c of CASES) {
  test(`${c.global} fails the caller at boot with a clear message`, (t) => {
    const err = t.throws(() => runScenarioInXs(scenario, {}, { bundles: { receiver }, entries: { caller: `test/fixtures/xs/${c.entry}` } }), { instanceOf: SimAppError });
    t.true(err instanceof JobError && err.id === "E_SIM_APP");
    t.is((err as SimAppError).device, "clinic");
    t.is((err as SimAppError).atUs, 0);
    t.regex(err!.message, new RegExp(`ReferenceError: .*\\b${c.global}\\b.*undefined variable — XS has no ${c.global}`));
    t.regex(err!.message, c.instead);
  });
}
