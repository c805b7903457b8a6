/**
 * Claim: the post's event log never hides an event. When the log's blob cannot be written (worn
 * NVS), the event still goes out on the console, followed at once by `store_error` (`what`:
 * "event log") from the receiver's one place for store errors (`ReceiverPolicy.storeFailed`);
 * the alarm is still opened, acked and sounded, since the incident table is written separately.
 */
import test from "ava";
import { simulateWithFaults } from "../adversarial/support/simulate-with-faults.ts";

const LOG_KEY = /^log\d$/;

test("each event whose log write fails is followed by one store_error for the event log", (t) => {
  const r = simulateWithFaults(
    {
      duration_ms: 20_000,
      seed: 12,
      devices: [
        { id: "post", role: "receiver" },
        { id: "bank", role: "caller" },
      ],
      inputs: [{ at_ms: 1000, device: "bank", press_ms: 300 }],
    },
    { receiver: (key) => LOG_KEY.test(key) },
  );
  const post = r.events.filter((e) => e.device === "post" && e.event !== "siren" && e.event !== "caller_listed");
  const logged = post.filter((e) => e.event === "boot" || e.event === "incident_opened");
  t.is(logged.length, 2, "boot and the incident");
  for (const e of logged) {
    const next = post[post.indexOf(e) + 1];
    t.is(next?.event, "store_error", `${e.event} is followed by store_error`);
    t.is(next?.what, "event log");
  }
  t.is(r.count("store_error", "post"), r.count("boot", "post") + r.count("incident_opened", "post"));
  t.is(r.count("alarm_delivered", "bank"), 1, "the alarm is still acked: its incident is in flash");
  t.true(r.of("siren", "post").some((e) => e.pattern === "alarm"));
});
