// The deployment check (`firmware/core/supervision/deployment-check.ts`), as properties:
// - the smallest offline_after_ms it names for a heartbeat is accepted, one ms less is refused,
//   and every longer timeout up to 2 h is accepted (so "at least N" is true advice);
// - accepted means a computed false-offline rate ≤ 10⁻⁶ per caller-day at 20 % loss, and a dead
//   caller is reported within offline_after_ms;
// - its bound really bounds what the simulator measures, for short heartbeats with timeouts it
//   refuses (where false offlines are frequent enough to count): if the arithmetic forgot that a
//   newer heartbeat supersedes an unfinished one, it would promise more transmissions than are
//   sent and the measured count would exceed the bound.
import test from "ava";
import fc from "fast-check";
import { SETTINGS_DEFAULTS } from "../../firmware/core/config.ts";
import { assessSupervision, checkDeployment, DEPLOYMENT_CHECK_DEFAULTS, DeploymentError } from "../../firmware/core/supervision/deployment-check.ts";
import { parseScenario } from "../../tools/sim/scenario.ts";
import { runScenario } from "../../tools/sim/run.ts";

const LIMIT = DEPLOYMENT_CHECK_DEFAULTS.maxFalseOfflinePerCallerDay;
const MAX_OFFLINE = DEPLOYMENT_CHECK_DEFAULTS.offlineAfterMaxMs;
const DAY_MS = 86_400_000;

test("the defaults (30 s heartbeats, 120 s timeout) are accepted, with the README's 3.5e-11 per caller-hour", (t) => {
  const a = assessSupervision(SETTINGS_DEFAULTS.heartbeatMs, SETTINGS_DEFAULTS.offlineAfterMs);
  t.true(a.accepted);
  t.is(a.sureTransmissions, 6);
  t.is(a.missesToFalseOffline, 3);
  t.true(Math.abs(a.falseOfflinePerCallerDay / 24 - 3.5e-11) < 0.1e-11, `${a.falseOfflinePerCallerDay / 24} per caller-hour`);
  t.is(a.worstDetectionMs, SETTINGS_DEFAULTS.offlineAfterMs);
});

test("for any heartbeat, the smallest timeout named is accepted, one ms less is refused, and any longer one is accepted", (t) => {
  const r = fc.check(
    fc.property(fc.integer({ min: 1000, max: 3_600_000 }), fc.double({ min: 0, max: 1, noNaN: true }), (heartbeatMs, u) => {
      const smallest = assessSupervision(heartbeatMs, MAX_OFFLINE).smallestOfflineAfterMs;
      if (smallest === undefined) return !assessSupervision(heartbeatMs, MAX_OFFLINE).accepted;
      const longer = smallest + Math.floor(u * (MAX_OFFLINE - smallest));
      const at = (offline: number) => assessSupervision(heartbeatMs, offline);
      return at(smallest).accepted && !at(smallest - 1).accepted && at(longer).accepted && at(longer).falseOfflinePerCallerDay <= LIMIT;
    }),
    { seed: 10, numRuns: 2000 },
  );
  t.false(r.failed, fc.defaultReportMessage(r));
  t.is(assessSupervision(3_600_000, MAX_OFFLINE).smallestOfflineAfterMs, undefined, "hour-long heartbeats suit no timeout up to 2 h");
});

test("a refusal names both devices' fields and a value that is then accepted", (t) => {
  const r = fc.check(
    fc.property(fc.integer({ min: 1000, max: 3_600_000 }), fc.integer({ min: 1000, max: MAX_OFFLINE }), (heartbeatMs, offlineAfterMs) => {
      const post = { id: "post", settings: { offlineAfterMs } };
      const callers = [{ id: "cafe", settings: { heartbeatMs } }];
      try {
        const [a] = checkDeployment(post, callers);
        return a!.accepted && a!.falseOfflinePerCallerDay <= LIMIT;
      } catch (err) {
        if (!(err instanceof DeploymentError)) throw err;
        if (!err.message.includes(`offline_after_ms of post "post" (${offlineAfterMs})`) && !err.message.includes(`for offline_after_ms of post "post" (${offlineAfterMs})`)) return false;
        if (!err.message.includes(`heartbeat_ms of caller "cafe" (${heartbeatMs})`)) return false;
        if (err.suggestion === undefined) return false;
        const fixed = err.field === "offline_after_ms" ? assessSupervision(heartbeatMs, err.suggestion) : assessSupervision(err.suggestion, err.suggestedOfflineAfterMs ?? offlineAfterMs);
        return fixed.accepted;
      }
    }),
    { seed: 11, numRuns: 1000 },
  );
  t.false(r.failed, fc.defaultReportMessage(r));
});

test("the computed bound is above the false offlines the simulator measures, for refused short timeouts", (t) => {
  const hours = 2;
  const callers = 3;
  const r = fc.check(
    fc.property(fc.integer({ min: 1000, max: 6000 }), fc.double({ min: 0.3, max: 0.9, noNaN: true }), fc.integer({ min: 1, max: 1000 }), (heartbeatMs, f, seed) => {
      const smallest = assessSupervision(heartbeatMs, MAX_OFFLINE).smallestOfflineAfterMs!;
      const offlineAfterMs = Math.round(2 * heartbeatMs + f * (smallest - 2 * heartbeatMs));
      const bound = assessSupervision(heartbeatMs, offlineAfterMs);
      const scenario = parseScenario({
        name: "bound check",
        seed,
        duration_ms: hours * 3_600_000,
        radio: { loss: 0.2 },
        devices: [{ id: "post", role: "receiver" }, ...Array.from({ length: callers }, (_, i) => ({ id: `c${i}`, role: "caller" }))],
        inputs: [],
      });
      for (const d of scenario.devices) d.settings = { ...d.settings, heartbeatMs, offlineAfterMs };
      let measured = 0;
      runScenario(scenario, { onEvent: (e) => void (e.event === "caller_offline" && measured++) });
      const expected = bound.falseOfflinePerCallerDay * callers * ((hours * 3_600_000) / DAY_MS);
      // Poisson slack on a bound: measured ≤ expected + 4 σ + 3.
      const ok = measured <= expected + 4 * Math.sqrt(expected) + 3;
      if (!ok) t.log(`heartbeat ${heartbeatMs} ms, offline ${offlineAfterMs} ms, seed ${seed}: measured ${measured}, bound ${expected.toFixed(1)}`);
      return ok;
    }),
    { seed: 12, numRuns: 6 },
  );
  t.false(r.failed, fc.defaultReportMessage(r));
});
