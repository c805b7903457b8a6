import test from "ava";
import { LINK_DEFAULTS } from "../../firmware/core/link/link.ts";
import { HEARTBEAT_DEFAULTS } from "../../firmware/core/supervision/heartbeat.ts";
import { linkFaultBoundMs } from "../../firmware/core/supervision/link-monitor.ts";
import { deployment, simulate } from "../scenarios/support/simulate.ts";

// Issue 10 point 5, through the real apps: the caller's link fault counts unanswered heartbeat
// transmissions, so neither a short period (heartbeats superseded before their acks) nor a long
// one makes it wrong. Periods: the shortest accepted (1 s), short, default, long.

const settings = (heartbeatMs: number) => ({ heartbeat_ms: heartbeatMs, offline_after_ms: Math.min(7_200_000, 4 * heartbeatMs + 15_000) });

function devices(callers: number, heartbeatMs: number): Record<string, unknown>[] {
  const d = deployment(callers);
  for (const dev of d) (dev as { config?: unknown }).config = settings(heartbeatMs);
  return d;
}

// [period, callers, virtual hours]: a few seconds each. Main before the fix gave 1539 false faults
// in 12 caller-hours at 1 s and 68 in 48 at 5 s. Caller-days per period in `make bench`.
const QUIET: [number, number, number][] = [
  [1000, 1, 4],
  [5000, 1, 16],
  [30_000, 2, 48],
];
for (const [period, callers, hours] of QUIET) {
  test(`no false link_fault at 30 % loss both ways with ${period} ms heartbeats (${callers * hours} caller-hours)`, (t) => {
    const run = simulate({ duration_ms: hours * 3600_000, seed: period, radio: { loss: 0.3, duplicate: 0.01 }, devices: devices(callers, period) });
    t.is(run.count("link_fault"), 0);
  });
}

const DEAD: number[] = [1000, 5000, 30_000, 300_000];
for (const period of DEAD) {
  const bound = linkFaultBoundMs(period, HEARTBEAT_DEFAULTS.jitter, LINK_DEFAULTS.heartbeat);
  test(`a dead post is shown as link_fault within ${bound / 1000} s with ${period} ms heartbeats, at 20 % loss`, (t) => {
    const goneAt = 10 * period + 7_777;
    for (const seed of [1, 2, 3]) {
      const run = simulate({
        duration_ms: goneAt + bound + 60_000,
        seed,
        radio: { loss: 0.2 },
        devices: devices(3, period),
        inputs: [{ at_ms: goneAt, device: "post", power: "off" }],
      });
      for (const c of ["c1", "c2", "c3"]) {
        const faults = run.of("link_fault", c);
        t.true(faults.length >= 1, `seed ${seed} ${c}: a link fault`);
        const at = faults[0]!.t - goneAt;
        t.true(at > 0 && at <= bound, `seed ${seed} ${c}: fault ${at / 1000} s after the post died (bound ${bound / 1000} s)`);
      }
    }
  });
}
