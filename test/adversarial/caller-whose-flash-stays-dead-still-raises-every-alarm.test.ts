/**
 * Claim: a caller whose flash stays dead (every write fails, from boot to the end) still raises
 * every alarm: each press opens its incident at the post and is delivered, and the failure is
 * reported (`store_error`). Frames are sealed with a frame counter continued in RAM and alarms
 * are numbered in RAM. Before the fix no frame could be sealed (the counter block could not be
 * reserved): the caller stayed silent, its alarms never left it, and the post reported it
 * offline.
 */
import test from "ava";
import { simulateWithFaults } from "./support/simulate-with-faults.ts";

test("every write of the caller fails for 10 minutes: three presses, three incidents, all delivered", (t) => {
  const r = simulateWithFaults(
    {
      duration_ms: 600_000,
      seed: 33,
      devices: [
        { id: "post", role: "receiver" },
        { id: "shop", role: "caller" },
      ],
      inputs: [
        { at_ms: 2000, device: "shop", press_ms: 300 },
        { at_ms: 200_000, device: "post", button: "acknowledge" },
        { at_ms: 300_000, device: "shop", press_ms: 300 },
        { at_ms: 400_000, device: "post", button: "acknowledge" },
        { at_ms: 500_000, device: "shop", press_ms: 300 },
      ],
    },
    { caller: () => true },
  );
  t.true(r.count("store_error", "shop") > 0, "the failure is reported");
  t.is(r.count("incident_opened", "post"), 3);
  t.is(r.count("alarm_delivered", "shop"), 3);
  t.is(r.count("caller_offline", "post"), 0, "its heartbeats are heard too");
});
