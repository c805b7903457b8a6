/**
 * Claim: firmware that only Node would run fails under the XS engine — a `SimAppError` from the
 * device, at the virtual time it happened — with a message that names the cause and what device
 * code does instead: the globals Node has and XS lacks (`console`, `setTimeout`, `Buffer`,
 * `process`), and the override mistake (`this.name = …` in an Error subclass), which throws on a
 * Moddable device because preload freezes the built-ins. The Node engine catches none of these.
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

function failsAtBoot(title: string, entry: string, expected: RegExp[]): void {
  test(title, (t) => {
    const err = t.throws(() => runScenarioInXs(scenario, {}, { bundles: { receiver }, entries: { caller: `test/fixtures/xs/${entry}` } }), { instanceOf: SimAppError });
    t.true(err instanceof JobError && err.id === "E_SIM_APP");
    t.is((err as SimAppError).device, "clinic");
    t.is((err as SimAppError).atUs, 0);
    for (const pattern of expected) t.regex(err!.message, pattern);
  });
}

for (const c of CASES) {
  failsAtBoot(`${c.global} fails the caller at boot with a clear message`, c.entry, [
    new RegExp(`ReferenceError: .*\\b${c.global}\\b.*undefined variable — XS has no ${c.global}`),
    c.instead,
  ]);
}

failsAtBoot("assigning name in an Error subclass fails as on the device", "caller-names-its-error-by-assignment.ts", [
  /TypeError: BootProblem: set name: not writable/,
  /class field or a getter/,
]);
