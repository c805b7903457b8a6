/**
 * Claim (issue 14, field finding 5): after a power cut at the post, an alarm restored from flash
 * is texted again (the flash does not know whether its first text reached anyone, and a missed
 * alarm is worse than a repeated one) but never with the boot time as the press time, and
 * worded as a reminder of an alarm from before the restart, not as a new one. The field
 * tester's scenario, and the same with the cut at several moments.
 */
import test from "ava";
import { readFileSync } from "node:fs";
import { runScenario } from "../../tools/sim/run.ts";
import { parseScenario } from "../../tools/sim/scenario.ts";

const file = new URL("../field/escalation/post-reboot-sms-gives-the-boot-time.json", import.meta.url).pathname;

for (const offMs of [undefined, 40_000, 100_000]) {
  test(`post cut ${offMs === undefined ? "as in the field scenario" : `at ${offMs / 1000} s`}: the text after the boot states no wrong time and says it is from before the restart`, (t) => {
    const raw = JSON.parse(readFileSync(file, "utf8")) as { inputs: Array<Record<string, unknown>> };
    if (offMs !== undefined) {
      raw.inputs = raw.inputs.filter((i) => i.power === undefined);
      raw.inputs.push({ at_ms: offMs, device: "post", power: "off" }, { at_ms: offMs + 60_000, device: "post", power: "on" });
    }
    const ev = runScenario(parseScenario(raw, { file })).events;
    const boots = ev.filter((e) => e.device === "post" && e.event === "boot");
    t.is(boots.length, 2);
    const after = ev.filter((e) => e.event === "phone_sms" && e.t > boots[1]!.t && String(e.text).startsWith("BÁO ĐỘNG"));
    t.true(after.length > 0, "the alarm is texted again after the boot");
    for (const e of after) {
      t.false(/lúc \d\d:\d\d/.test(String(e.text)), `no time stated: ${String(e.text)}`);
      t.true(String(e.text).includes("trước khi trạm khởi động lại"), `says it is from before the restart: ${String(e.text)}`);
    }
  });
}
