/**
 * Claim (issue 14): the duty list reaches the receiver through its identity in flash, as on a
 * board: the simulated post boots from its own `bell-id` store, so an officer changed by
 * `bell provision` (a new identity written, then the restart the tool asks for) is who the post
 * texts and calls from that boot on; and re-provisioning loses no open incident: an alarm open
 * when the duty list changed is escalated to the new list after the restart.
 */
import test from "ava";
import { readFileSync } from "node:fs";
import { parseEscalationSettings } from "../../firmware/core/escalation/settings.ts";
import { writeIdentity } from "../../firmware/stack/identity-writer.ts";
import { Simulation } from "../../tools/sim/run.ts";
import { parseScenario } from "../../tools/sim/scenario.ts";
import { identityOf } from "../../tools/xs/identity-entries.ts";

const file = new URL("../fixtures/scenarios/empty-post-escalates-to-the-duty-phones.json", import.meta.url).pathname;
const OLD = ["+84901000001", "+84901000002", "+84901000003"];
const NEW = "+84901000009";

for (const changedAtMs of [10_000, 40_000, 90_000]) {
  test(`duty list changed ${changedAtMs / 1000} s after the press: the open alarm goes to the new officer only`, (t) => {
    const raw = JSON.parse(readFileSync(file, "utf8")) as { inputs: Array<Record<string, unknown>>; lte: { phones: unknown[] } };
    raw.inputs = raw.inputs.filter((i) => i.sms === undefined);
    raw.lte.phones = [];
    const sim = new Simulation(parseScenario(raw, { file }));
    sim.advanceTo(2_000 + changedAtMs);
    const post = sim.provisioned.find((p) => p.role === "receiver")!;
    if (post.role !== "receiver" || post.identityStore === undefined) return t.fail("the simulated post has no identity in flash");
    writeIdentity(post.identityStore, identityOf({ ...post.config, escalation: parseEscalationSettings({ duty: [{ phone: NEW, name: "Đ/c Dũng" }] }) }));
    const device = sim.devices.get("post")!;
    device.powerOff();
    device.powerOn();
    sim.advanceTo(sim.endMs);
    const ev = sim.finish().events;
    const reboot = ev.filter((e) => e.device === "post" && e.event === "boot")[1]?.t;
    if (reboot === undefined) return t.fail("the post did not restart");
    const after = ev.filter((e) => e.t >= reboot);
    const started = after.find((e) => e.event === "escalation_started");
    t.truthy(started, "the alarm open across the change is escalated after the restart");
    t.regex(String(started?.incidents), /clinic#/, "the clinic's open incident is in it");
    t.true(after.some((e) => e.event === "phone_sms" && e.device === NEW && String(e.text).startsWith("BÁO ĐỘNG")), "the new officer gets the alarm text");
    t.true(after.some((e) => e.event === "escalation_call" && e.to === NEW), "and is called");
    const old = after.filter((e) => (e.event === "escalation_call" || e.event === "escalation_sms_sent") && OLD.includes(String(e.to)));
    t.deepEqual(old, [], "nobody taken off the list is texted or called after the restart");
  });
}
