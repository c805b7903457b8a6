import test from "ava";
import { HeartbeatStatus } from "../../firmware/core/frame/types.ts";
import { CallerReports } from "../../firmware/core/supervision/caller-reports.ts";
import { deployment, simulate } from "../scenarios/support/simulate.ts";

// Issue 10 point 6: a caller reboot (its uptime going back) and the link-fault bit of its
// heartbeat were ignored at the post.

test("a caller that reboots faster than the offline timeout is reported, with how long it had run", (t) => {
  const r = simulate({
    duration_ms: 600_000,
    seed: 3,
    radio: { loss: 0.1 },
    devices: deployment(2),
    inputs: [
      { at_ms: 200_000, device: "c1", power: "off" },
      { at_ms: 201_000, device: "c1", power: "on" },
    ],
  });
  const reboots = r.of("caller_rebooted", "post");
  t.deepEqual(reboots.map((e) => e.caller), ["c1"]);
  t.true((reboots[0]!.uptime_s as number) >= 150 && (reboots[0]!.uptime_s as number) <= 200, `ran ${String(reboots[0]!.uptime_s)} s`);
  t.true(reboots[0]!.t >= 201_000 && reboots[0]!.t < 216_000, "at its boot heartbeat");
  t.is(r.count("caller_offline", "post"), 0, "too short to be offline");
});

test("no reboot is reported for 51 days of uptime across the 32-bit tick wrap", (t) => {
  const devices = deployment(1);
  for (const d of devices) (d as { config?: unknown }).config = { heartbeat_ms: 3_000_000, offline_after_ms: 7_200_000 };
  (devices[1] as { start_ticks?: number }).start_ticks = 2 ** 32 - 3_600_000;
  const r = simulate({ duration_ms: 51 * 86_400_000, seed: 4, devices });
  t.is(r.count("caller_rebooted"), 0);
  t.true(r.count("caller_offline") === 0, "and the caller stayed supervised");
});

test("a caller the post hears but that cannot hear the post is shown as a caller link fault", (t) => {
  const devices = deployment(2);
  (devices[0] as { radio?: unknown }).radio = { loss: 0 }; // frames to the post get through
  (devices[1] as { radio?: unknown }).radio = { loss: 1 }; // frames to c1 never do
  const r = simulate({ duration_ms: 900_000, seed: 8, devices });
  t.true(r.count("link_fault", "c1") >= 1, "c1 knows it cannot reach the post");
  const shown = r.of("caller_link_fault", "post");
  t.deepEqual(shown.map((e) => e.caller), ["c1"], "the post shows it, once");
  t.true(shown[0]!.t > r.of("link_fault", "c1")[0]!.t);
  t.is(r.count("caller_offline", "post"), 0, "it is not offline: the post hears it");
  t.is(r.count("link_fault", "c2"), 0, "c2 hears the post");
});

test("caller reports: a fault bit reported on change only, ok when it clears, reboot when uptime goes back", (t) => {
  const r = new CallerReports();
  const F = HeartbeatStatus.linkFault;
  t.deepEqual(r.heartbeat(7, 0, 100), [], "the first heartbeat is the baseline");
  t.deepEqual(r.heartbeat(7, F, 130), [{ kind: "link_fault" }]);
  t.deepEqual(r.heartbeat(7, F | HeartbeatStatus.alarmPending, 160), [], "still in fault: no repeat");
  t.deepEqual(r.linkFaults(), [7]);
  t.deepEqual(r.heartbeat(7, 0, 190), [{ kind: "link_ok" }]);
  t.deepEqual(r.heartbeat(7, F, 0), [{ kind: "rebooted", previousUptimeS: 190, uptimeS: 0 }, { kind: "link_fault" }]);
  t.deepEqual(r.heartbeat(7, F, 0), [], "the same uptime is no reboot");
  t.deepEqual(r.heartbeat(9, F, 5), [{ kind: "link_fault" }], "a caller first heard in fault is shown at once");
  t.deepEqual(r.linkFaults(), [7, 9]);
});
