import test from "ava";
import { SETTINGS_DEFAULTS } from "../../firmware/core/config.ts";
import { deployment, simulate } from "./support/simulate.ts";

test("a caller switched off is reported offline within its timeout, and online when it returns", (t) => {
  const offAt = 50_000;
  const onAt = 400_000;
  const run = simulate({
    duration_ms: 600_000,
    seed: 10,
    radio: { loss: 0.1 },
    devices: deployment(3),
    inputs: [
      { at_ms: offAt, device: "c2", power: "off" },
      { at_ms: onAt, device: "c2", power: "on" },
    ],
  });
  const offline = run.of("caller_offline");
  t.deepEqual(offline.map((e) => e.caller), ["c2"], "only the dead caller, once");
  const detection = (offline[0].t as number) - offAt;
  t.true(detection > 0 && detection <= SETTINGS_DEFAULTS.offlineAfterMs, `offline after ${detection} ms`);
  const online = run.of("caller_online");
  t.deepEqual(online.map((e) => e.caller), ["c2"]);
  t.true((online[0].t as number) >= onAt && (online[0].t as number) < onAt + 5000, "its boot heartbeat brings it back at once");
  t.deepEqual(run.of("siren", "post").map((e) => e.pattern), ["fault", "quiet"], "a fault chirp, distinct from an alarm");
});

test("with a custom timeout the bound follows the setting", (t) => {
  const devices = deployment(1);
  // 60 s, not 45 s: 45 s is refused for 10 s heartbeats since settings are checked as a
  // deployment (up to 3.9e-5 false offlines per caller-day at 20 % loss; at least 55 101 ms).
  (devices[0] as { config?: unknown }).config = { offline_after_ms: 60_000 };
  (devices[1] as { config?: unknown }).config = { heartbeat_ms: 10_000 };
  const run = simulate({ duration_ms: 200_000, seed: 11, devices, inputs: [{ at_ms: 60_000, device: "c1", power: "off" }] });
  const offline = run.of("caller_offline");
  t.is(offline.length, 1);
  t.true((offline[0].t as number) - 60_000 <= 60_000);
});
