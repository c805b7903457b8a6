/**
 * Claim: the post acks an alarm only once it has recorded it, so a power cut at any write of
 * that recording never loses the alarm: after power returns the incident is open and the siren
 * sounds (recorded before the cut, or received again because the caller, never acked, kept
 * retransmitting). ARCHITECTURE §6: "A receiver reboot loses no open incident".
 *
 * Before the fix the link acked the alarm before the app wrote the incident, and the incident
 * table wrote the caller's highest incident number before the open incidents: a cut before
 * either write left a caller told "delivered" and a post that had never heard of it; a cut
 * between them made the post take the caller's retransmission for a duplicate. A missed alarm
 * with a green light.
 */
import test from "ava";
import { INCIDENT_STORE_KEYS } from "../../receiver/incidents.ts";
import { Fuse, runWithPowerCut } from "../../bench/harness/power-cut.ts";

/** The keys the receiver writes when it records an alarm (`receiver/incidents.ts`). */
const INCIDENT_KEYS = new Set(INCIDENT_STORE_KEYS);

for (const nth of [1, 2]) {
  test(`cut just before the post's incident write no. ${nth}: after the reboot the incident is open and the siren sounds`, (t) => {
    let writes = 0;
    const fuse = new Fuse((key) => INCIDENT_KEYS.has(key) && ++writes === nth);
    const run = runWithPowerCut(
      {
        duration_ms: 30_000,
        seed: 50 + nth,
        devices: [
          { id: "post", role: "receiver" },
          { id: "bank", role: "caller" },
        ],
        inputs: [{ at_ms: 1000, device: "bank", press_ms: 300 }],
      },
      "post",
      fuse,
      2000,
    );
    t.truthy(run.cutAtMs, "the cut happened");
    const back = run.cutAtMs! + 2000;
    const sirenAfter = run.of("siren", "post").filter((e) => e.t >= back);
    t.deepEqual(sirenAfter.map((e) => e.pattern), ["alarm"], "the siren sounds again after the reboot");
    const delivered = run.of("alarm_delivered", "bank");
    t.is(delivered.length, 1);
    t.true(delivered[0]!.t >= back, `the caller was told "delivered" only once the post had recorded it (at ${delivered[0]!.t} ms, back at ${back} ms)`);
  });
}
