/**
 * Claim (issue 14, a missed alarm otherwise): an incident still unacknowledged when the post loses
 * power is escalated after the post boots again. The escalation's own state is in RAM, so the
 * receiver hands it the incidents its policy restored from flash (`ReceiverPolicy.restored()`):
 * without that, a power blip at an empty post between the press and the first SMS would leave
 * the duty phones silent for good. Runs the empty-post fixture with a post power cut at several
 * moments before and during the escalation, with no officer ever answering.
 */
import test from "ava";
import { readFileSync } from "node:fs";
import { runScenario } from "../../tools/sim/run.ts";
import { parseScenario } from "../../tools/sim/scenario.ts";

const file = new URL("../fixtures/scenarios/empty-post-escalates-to-the-duty-phones.json", import.meta.url).pathname;

for (const offMs of [10_000, 31_000, 50_000]) {
  test(`post off at ${offMs / 1000} s for 3 s: the open alarm is texted and called after the boot`, (t) => {
    const raw = JSON.parse(readFileSync(file, "utf8")) as { inputs: Array<Record<string, unknown>> };
    raw.inputs = raw.inputs.filter((i) => i.sms === undefined);
    raw.inputs.push({ at_ms: offMs, device: "post", power: "off" }, { at_ms: offMs + 3000, device: "post", power: "on" });
    const ev = runScenario(parseScenario(raw, { file })).events;
    const boots = ev.filter((e) => e.device === "post" && e.event === "boot");
    t.is(boots.length, 2, "the post booted twice");
    const reboot = boots[1]!.t;
    const started = ev.filter((e) => e.event === "escalation_started" && e.t >= reboot);
    t.is(started.length, 1, "escalated once after the boot");
    t.true(started[0]!.t - reboot <= 30_000 + 100, `escalated ${started[0]!.t - reboot} ms after the boot, within escalate_after_ms`);
    t.true(ev.some((e) => e.event === "escalation_call" && e.t > reboot), "the duty phones are called after the boot");
    t.true(ev.some((e) => e.event === "phone_sms" && e.t > reboot && String(e.text).startsWith("BÁO ĐỘNG")), "the alarm SMS reaches a phone after the boot");
  });
}
