/**
 * Claim: a caller whose button is stuck or shorted (it can raise no alarm until released) is a
 * fault at the post, not a caller that merely looks online: the post reports
 * `caller_button_stuck` within a heartbeat period of the caller's own `button_stuck`, chirps the
 * fault pattern until an officer acknowledges, and reports `caller_button_released` when the
 * button is free again. The caller always said so in its heartbeat (`HeartbeatStatus.stuckButton`);
 * before the fix the post ignored it: a silent dead caller.
 */
import test from "ava";
import { HEARTBEAT_DEFAULTS } from "../../firmware/core/supervision/heartbeat.ts";
import { simulate } from "../scenarios/support/simulate.ts";

const LONGEST_PERIOD_MS = HEARTBEAT_DEFAULTS.periodMs * (1 + HEARTBEAT_DEFAULTS.jitter);

test("a button shorted for 200 s: after its first alarm the post reports it stuck, chirps until acknowledged, and reports the release", (t) => {
  const run = simulate({
    duration_ms: 400_000,
    seed: 61,
    devices: [
      { id: "post", role: "receiver" },
      { id: "cafe", role: "caller" },
    ],
    inputs: [
      { at_ms: 10_000, device: "cafe", press_ms: 200_000 },
      { at_ms: 20_000, device: "post", button: "acknowledge" },
      { at_ms: 150_000, device: "post", button: "acknowledge" },
      { at_ms: 300_000, device: "cafe", press_ms: 300 },
    ],
  });
  const stuckAt = run.of("button_stuck", "cafe")[0]!.t;
  const reported = run.of("caller_button_stuck", "post");
  t.is(reported.length, 1);
  t.is(reported[0]!.caller, "cafe");
  t.true(reported[0]!.t >= stuckAt && reported[0]!.t - stuckAt <= LONGEST_PERIOD_MS + 1000, `reported ${reported[0]!.t - stuckAt} ms after the caller saw it`);
  const sirens = run.of("siren", "post").map((e) => [e.t, e.pattern]);
  t.deepEqual(
    sirens.filter(([at]) => (at as number) < 200_000).map(([, p]) => p),
    ["alarm", "quiet", "fault", "quiet"],
    "the short's first 30 s look like a press (an alarm); then the fault chirps until acknowledged",
  );
  const releasedAt = run.of("button_released", "cafe")[0]!.t;
  const released = run.of("caller_button_released", "post");
  t.is(released.length, 1);
  t.true(released[0]!.t - releasedAt <= LONGEST_PERIOD_MS + 1000);
  t.is(run.count("caller_offline"), 0, "it never stopped talking");
  t.deepEqual(run.of("incident_opened").map((e) => e.incident), [1, 2], "one alarm for the short, one for the later press");
});
