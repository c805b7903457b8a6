/**
 * Claim: a caller whose incident number could not be written (worn flash) and which then
 * reboots may hand out the same number again, yet the post never takes the new alarm for a
 * duplicate: every alarm carries the caller's boot nonce (a random u32 drawn at each boot and
 * kept with each pending alarm, docs/protocol.md), and the post compares numbers only within
 * one boot of the caller. The new alarm opens a new incident and the siren sounds.
 *
 * Before the fix the second alarm, numbered 1 again, was acked as a duplicate of the first and
 * never opened: a press told "delivered" that the post never showed.
 */
import test from "ava";
import { simulateWithFaults } from "./support/simulate-with-faults.ts";

test("number 1 written nowhere, delivered, caller reboots, presses again: two incidents at the post", (t) => {
  const r = simulateWithFaults(
    {
      duration_ms: 30_000,
      seed: 91,
      devices: [
        { id: "post", role: "receiver" },
        { id: "shop", role: "caller" },
      ],
      inputs: [
        { at_ms: 1000, device: "shop", press_ms: 300 },
        { at_ms: 8000, device: "shop", power: "off" },
        { at_ms: 9000, device: "shop", power: "on" },
        { at_ms: 10_000, device: "post", button: "acknowledge" },
        { at_ms: 12_000, device: "shop", press_ms: 300 },
      ],
    },
    // The caller's incident memory cannot be written during its first boot (≈ 8 s of uptime).
    { caller: (key, now) => key.startsWith("inc_") && now < 6000 && now > 10 },
  );
  const presses = r.of("press", "shop");
  t.is(presses.length, 2);
  t.is(r.count("alarm_delivered", "shop"), 2, "both delivered");
  const opened = r.of("incident_opened", "post");
  t.is(opened.length, 2, "the second press opened an incident");
  t.true(opened[1]!.t >= 12_000);
  t.deepEqual(r.of("siren", "post").filter((e) => e.t >= 12_000).map((e) => e.pattern), ["alarm"], "and the siren sounds for it");
});
