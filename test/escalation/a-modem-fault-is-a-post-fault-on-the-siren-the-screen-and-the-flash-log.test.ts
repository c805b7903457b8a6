/**
 * Claim (issue 14, field finding "modem-fault-not-shown-at-the-post"): a modem fault is a fault of
 * the post like a caller offline — the siren gives the fault chirp, the screen says what is wrong
 * and what to do (in Vietnamese), the flash event log keeps it, the acknowledge button quiets it
 * like other faults, and the modem's return to health clears it from the screen and is logged.
 */
import { readFileSync } from "node:fs";
import test from "ava";
import type { View } from "../../firmware/core/annunciator/annunciator.ts";
import { parseScenario } from "../../tools/sim/scenario.ts";
import { runScenario } from "../../tools/sim/run.ts";

const FIELD = "test/field/escalation/modem-fault-not-shown-at-the-post.json";

function run(extra: object[]) {
  const json = JSON.parse(readFileSync(FIELD, "utf8")) as { inputs: object[] };
  const views: { t: number; view: View }[] = [];
  const r = runScenario(parseScenario({ ...json, inputs: [...json.inputs, ...extra] }), {
    screens: { open: (_id, nowMs) => ({ show: (view: View) => views.push({ t: nowMs(), view }) }) },
  });
  const last = (at: number) => views.filter((v) => v.t <= at).at(-1)!.view;
  return { ...r, last };
}

const sirens = (ev: { event: string; t: number; pattern?: unknown }[], from: number, to = Infinity) =>
  ev.filter((e) => e.event === "siren" && e.t >= from && e.t < to).map((e) => e.pattern);

test("the field scenario: the SIM taken out chirps, shows 'Không có SIM' with what to do, and is written to the flash log", (t) => {
  const r = run([]);
  const fault = r.events.find((e) => e.event === "modem_fault");
  t.like(fault, { reason: "no_sim" });
  t.deepEqual(sirens(r.events, fault!.t), ["fault"]);
  const shown = r.last(r.endMs);
  t.is(shown.screen, "fault");
  t.is(shown.led, "fault");
  t.regex(shown.headline, /Không có SIM/);
  t.true(shown.details.some((d) => /lắp|kiểm tra/i.test(d)), `says what to do: ${shown.details.join(" | ")}`);
  // the boot wrote the log once; the fault is one more entry
  t.true(r.devices.find((d) => d.id === "post")!.storeWrites.log0! >= 2);
});

test("acknowledge quiets the chirp and keeps the fault shown; the SIM back clears the screen and is logged", (t) => {
  const r = run([
    { at_ms: 150_000, device: "post", button: "acknowledge" },
    { at_ms: 200_000, device: "post", modem: { sim: true } },
  ]);
  const fault = r.events.find((e) => e.event === "modem_fault")!;
  const acked = r.events.find((e) => e.event === "fault_acknowledged");
  t.truthy(acked);
  t.deepEqual(sirens(r.events, fault.t, acked!.t + 1), ["fault", "quiet"]);
  t.is(r.last(199_000).screen, "fault", "still shown after the acknowledgement, until the SIM is back");
  const ok = r.events.find((e) => e.event === "modem_ok" && e.t >= 200_000);
  t.truthy(ok);
  t.is(r.last(r.endMs).screen, "status");
  t.regex(r.last(r.endMs).details.join(" "), /modem|SIM/i);
  const writes = r.devices.find((d) => d.id === "post")!.storeWrites.log0!;
  t.true(writes >= 4, `boot, fault, acknowledgement and return to health logged: ${writes} writes`);
});

test("a modem fault nobody acknowledged that clears by itself stops the chirp", (t) => {
  const r = run([{ at_ms: 200_000, device: "post", modem: { sim: true } }]);
  const ok = r.events.find((e) => e.event === "modem_ok" && e.t >= 200_000)!;
  t.truthy(ok);
  t.is(sirens(r.events, ok.t).at(-1), "quiet");
});
