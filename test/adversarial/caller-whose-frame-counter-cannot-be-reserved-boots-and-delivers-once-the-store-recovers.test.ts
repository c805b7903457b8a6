/**
 * Claim: a caller whose store refuses to reserve a frame-counter block (worn or full NVS) still
 * boots, reports the failure as `store_error`, and delivers its alarm at once, sealed with a
 * counter continued in RAM (issue 10 point 7: a flash that stays dead must not silence an alarm;
 * until then the alarm waited for the store to recover, 18 s here: this assertion changed on
 * purpose). Before the earlier fix, the failed
 * reservation threw out of `Link.transmit` (whose contract is "must not throw"): the caller app
 * did not even start, and later a throw left the retransmission timer unarmed.
 */
import test from "ava";
import { longestWaitMs } from "../../firmware/core/link/backoff.ts";
import { LINK_DEFAULTS } from "../../firmware/core/link/link.ts";
import { simulateWithFaults } from "./support/simulate-with-faults.ts";

const RECOVERS_AT_MS = 20_000;

test("the counter store fails from boot to 20 s: the caller boots, reports it, and the alarm pressed at 2 s arrives at once", (t) => {
  const run = simulateWithFaults(
    {
      duration_ms: 60_000,
      seed: 21,
      devices: [
        { id: "post", role: "receiver" },
        { id: "shop", role: "caller" },
      ],
      inputs: [{ at_ms: 2000, device: "shop", press_ms: 300 }],
    },
    { caller: (key, now) => key === "ch.ctr" && now < RECOVERS_AT_MS },
  );
  t.is(run.count("boot", "shop"), 1, "the caller app started");
  t.true(run.of("store_error", "shop").some((e) => /frame counter/.test(String(e.what))), "the failure is reported");
  const opened = run.of("incident_opened");
  t.is(opened.length, 1, "one incident");
  const at = opened[0]!.t;
  t.true(at >= 2000 && at <= 2000 + longestWaitMs(LINK_DEFAULTS.alarm), `opened at ${at} ms, before the store recovered`);
  t.is(run.count("alarm_delivered", "shop"), 1);
  t.is(run.count("caller_offline"), 0, "back before the 120 s supervision timeout");
});
