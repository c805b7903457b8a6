/**
 * Claim: when the post's incident store stops accepting writes, an officer's acknowledge (or
 * reset) holds in RAM only; if the post then reboots, the incident comes back as flash last
 * had it — open — and the siren sounds the alarm again, rather than the post silently
 * forgetting an alarm. The dead store is a fault chirp while it lasts, and the officer can
 * acknowledge it again.
 *
 * Adversarial review of issue 10 points 2 and 7 (break10): "the officer acknowledging while
 * the flash is dead, then the post rebooting". Held on the merged code (it fails toward the
 * alarm); kept as a guard.
 */
import test from "ava";
import { INCIDENT_STORE_KEYS } from "../../receiver/incidents.ts";
import { simulateWithFaults } from "./support/simulate-with-faults.ts";

/** The incident store is dead from the post's tick 8000 on (every boot; ticks restart at 0). */
const DEAD_FROM_8S = (key: string, now: number) => INCIDENT_STORE_KEYS.includes(key) && now >= 8000;

test("acknowledged while the flash is dead, then a reboot: the incident is open again and the siren sounds", (t) => {
  const r = simulateWithFaults(
    {
      duration_ms: 60_000,
      seed: 7,
      devices: [{ id: "post", role: "receiver", boot_ms: 1000 }, { id: "c1", role: "caller" }],
      inputs: [
        { at_ms: 2000, device: "c1", press_ms: 300 },
        { at_ms: 10_000, device: "post", button: "acknowledge" },
        { at_ms: 20_000, device: "post", power: "off" },
        { at_ms: 22_000, device: "post", power: "on" },
        { at_ms: 40_000, device: "post", button: "acknowledge" },
      ],
    },
    { receiver: DEAD_FROM_8S },
  );
  t.is(r.count("incident_opened", "post"), 1, "one incident");
  t.true(r.of("store_error", "post").some((e) => e.t === 10_030), "the failed write is reported");
  const siren = r.of("siren", "post").map((e) => `${e.t} ${e.pattern}`);
  t.true(siren.includes("10030 fault"), `the dead store chirps after the acknowledge: ${siren.join(", ")}`);
  t.true(siren.includes("23000 alarm"), `the alarm sounds again at boot: ${siren.join(", ")}`);
  t.deepEqual(r.of("incident_acknowledged", "post").map((e) => e.t), [10_030, 40_030], "the officer acknowledges it again after the reboot");
  t.deepEqual(r.of("alarm_acknowledged", "c1").map((e) => e.incident), [1], "the caller was told once, and stays told");
});
