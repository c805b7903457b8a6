/**
 * Section "field-settings" (issue 10 point 4): settings checked as a deployment. For the
 * extremes of what `checkDeployment` accepts (the shortest heartbeat with its smallest timeout,
 * the default heartbeat with its smallest timeout, the defaults, the longest heartbeat any
 * timeout up to 2 h suits) the simulator runs 20 callers at 20 % loss for long virtual times and
 * counts false `caller_offline`, beside the computed bound; one caller dies and comes back, to
 * measure the detection time against `offline_after_ms`. Refused combinations (the old rule's
 * "offline > 2 × heartbeat", and a timeout between it and the smallest accepted) run too, where
 * false offlines are frequent enough to count: there the measured count must stay under the
 * computed bound, which is what makes the bound credible where nothing is measured.
 */
import { SETTINGS_DEFAULTS } from "../firmware/core/config.ts";
import { assessSupervision, DEPLOYMENT_CHECK_DEFAULTS } from "../firmware/core/supervision/deployment-check.ts";
import { runScenario, type SimEvent } from "../tools/sim/run.ts";
import { callerId, deploymentJson, POST_ID } from "./deployment.ts";
import { fmtInt, fmtMs } from "./format.ts";
import { keyedHmacSha256 } from "./keyed-hmac.ts";
import type { Failure, SectionRunner, SummaryRow, Table } from "./section.ts";
import { parseScenario } from "../tools/sim/scenario.ts";

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const LOSS = DEPLOYMENT_CHECK_DEFAULTS.loss;
const MAX_OFFLINE = DEPLOYMENT_CHECK_DEFAULTS.offlineAfterMaxMs;
const SHORTEST_HEARTBEAT = 1000;

/** The caller that dies and comes back in accepted runs (its dead span is not a false offline). */
const MORTAL = callerId(0);

/** One run: a heartbeat period, a timeout, and how long it is simulated. */
interface Case {
  label: string;
  heartbeatMs: number;
  offlineAfterMs: number;
  callers: number;
  durationMs: { full: number; quick: number };
  seed: number;
}

interface CaseFigures {
  label: string;
  heartbeatMs: number;
  offlineAfterMs: number;
  accepted: boolean;
  boundPerCallerDay: number;
  sureTransmissions: number;
  missesToFalseOffline: number;
  callerDays: number;
  expected: number;
  falseOffline: number;
  /** Power off → caller_offline of the mortal caller, ms (accepted runs only). */
  detectionMs: number | undefined;
  seed: number;
  wallS: number;
}

/** The smallest timeout the check accepts for a heartbeat. */
function smallest(heartbeatMs: number): number {
  const s = assessSupervision(heartbeatMs, MAX_OFFLINE).smallestOfflineAfterMs;
  if (s === undefined) throw new Error(`no timeout suits heartbeat ${heartbeatMs}`);
  return s;
}

/** The longest heartbeat some timeout up to 2 h suits (found by the check's own arithmetic). */
function longestAcceptedHeartbeat(): number {
  let lo = SETTINGS_DEFAULTS.heartbeatMs;
  let hi = 3_600_000;
  // Acceptance at the 2 h timeout falls as the heartbeat grows (k is 6 throughout this range).
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (assessSupervision(mid, MAX_OFFLINE).accepted) lo = mid;
    else hi = mid;
  }
  return lo;
}

function cases(): Case[] {
  const longest = longestAcceptedHeartbeat();
  const s1 = smallest(SHORTEST_HEARTBEAT);
  const s30 = smallest(SETTINGS_DEFAULTS.heartbeatMs);
  // A refused 1 s timeout with a bound of tens per caller-day: 5 heartbeats missed in a row.
  const t1 = assessSupervision(SHORTEST_HEARTBEAT, MAX_OFFLINE);
  const mid1 = 5 * t1.heartbeatSpacingMaxMs + t1.retrySpanMs + DEPLOYMENT_CHECK_DEFAULTS.latencyAllowanceMs + 1;
  return [
    { label: "shortest heartbeat, old rule's minimum (refused)", heartbeatMs: SHORTEST_HEARTBEAT, offlineAfterMs: 2 * SHORTEST_HEARTBEAT + 1, callers: 5, durationMs: { full: HOUR_MS / 4, quick: HOUR_MS / 12 }, seed: 10_401 },
    { label: "shortest heartbeat, a refused timeout (5 misses)", heartbeatMs: SHORTEST_HEARTBEAT, offlineAfterMs: mid1, callers: 10, durationMs: { full: HOUR_MS, quick: HOUR_MS / 6 }, seed: 10_402 },
    { label: "shortest heartbeat, smallest accepted timeout", heartbeatMs: SHORTEST_HEARTBEAT, offlineAfterMs: s1, callers: 20, durationMs: { full: 2 * HOUR_MS, quick: HOUR_MS / 6 }, seed: 10_403 },
    { label: "default heartbeat, old rule's minimum (refused)", heartbeatMs: SETTINGS_DEFAULTS.heartbeatMs, offlineAfterMs: 2 * SETTINGS_DEFAULTS.heartbeatMs + 1, callers: 20, durationMs: { full: 2 * DAY_MS, quick: DAY_MS / 4 }, seed: 10_404 },
    { label: "default heartbeat, smallest accepted timeout", heartbeatMs: SETTINGS_DEFAULTS.heartbeatMs, offlineAfterMs: s30, callers: 20, durationMs: { full: 3 * DAY_MS, quick: DAY_MS / 4 }, seed: 10_405 },
    { label: "defaults", heartbeatMs: SETTINGS_DEFAULTS.heartbeatMs, offlineAfterMs: SETTINGS_DEFAULTS.offlineAfterMs, callers: 20, durationMs: { full: DAY_MS, quick: DAY_MS / 8 }, seed: 10_406 },
    { label: "longest accepted heartbeat, 2 h timeout", heartbeatMs: longest, offlineAfterMs: MAX_OFFLINE, callers: 20, durationMs: { full: 30 * DAY_MS, quick: 3 * DAY_MS }, seed: 10_407 },
  ];
}

/** Runs one case; accepted cases also kill `MORTAL` once, mid-run, for longer than the timeout. */
function runCase(c: Case, quick: boolean): CaseFigures {
  const durationMs = quick ? c.durationMs.quick : c.durationMs.full;
  const a = assessSupervision(c.heartbeatMs, c.offlineAfterMs);
  const death = a.accepted && durationMs > 3 * c.offlineAfterMs ? { off: Math.round(durationMs / 3), on: Math.round(durationMs / 3) + c.offlineAfterMs + 2 * c.heartbeatMs } : undefined;
  const inputs = death ? [{ at_ms: death.off, device: MORTAL, power: "off" }, { at_ms: death.on, device: MORTAL, power: "on" }] : [];
  // Built with a check-approved configuration, then given the case's settings: refused
  // combinations are run on purpose, to measure what the check prevents.
  const json = deploymentJson({ name: `field-settings: ${c.label}`, seed: c.seed, durationMs, callers: c.callers, radio: { loss: LOSS }, inputs });
  const scenario = parseScenario(json);
  for (const d of scenario.devices) d.settings = { ...d.settings, heartbeatMs: c.heartbeatMs, offlineAfterMs: c.offlineAfterMs };
  let falseOffline = 0;
  let detectionMs: number | undefined;
  const onEvent = (e: SimEvent) => {
    if (e.device !== POST_ID || e.event !== "caller_offline") return;
    if (death && e.caller === MORTAL && e.t >= death.off && e.t < death.on) detectionMs ??= e.t - death.off;
    else falseOffline++;
  };
  const t0 = performance.now();
  runScenario(scenario, { keepEvents: false, onEvent, engine: { hmac: keyedHmacSha256() } });
  const wallS = (performance.now() - t0) / 1000;
  const callerDays = (c.callers * durationMs) / DAY_MS - (death ? (death.on - death.off) / DAY_MS : 0);
  return {
    label: c.label,
    heartbeatMs: c.heartbeatMs,
    offlineAfterMs: c.offlineAfterMs,
    accepted: a.accepted,
    boundPerCallerDay: a.falseOfflinePerCallerDay,
    sureTransmissions: a.sureTransmissions,
    missesToFalseOffline: a.missesToFalseOffline,
    callerDays,
    expected: a.falseOfflinePerCallerDay * callerDays,
    falseOffline,
    detectionMs,
    seed: c.seed,
    wallS,
  };
}

/** A Poisson allowance over a bound: a count above it means the bound is wrong. */
function underBound(f: CaseFigures): boolean {
  return f.falseOffline <= f.expected + 4 * Math.sqrt(f.expected) + 3;
}

function fmtRate(x: number): string {
  if (x === 0) return "0";
  return x >= 0.01 && x < 1e5 ? x.toPrecision(3) : x.toExponential(1);
}

/** Runs every case and compares measured false offlines with the computed bound. */
export const run: SectionRunner = async ({ quick, log }) => {
  const figures: CaseFigures[] = [];
  for (const c of cases()) {
    const f = runCase(c, quick);
    log(`field-settings ${f.label}: ${f.heartbeatMs}/${f.offlineAfterMs} ms, ${f.falseOffline} false offline in ${f.callerDays.toFixed(1)} caller-days (bound ${fmtRate(f.expected)}), ${f.wallS.toFixed(1)} s`);
    figures.push(f);
  }
  const accepted = figures.filter((f) => f.accepted);
  const refused = figures.filter((f) => !f.accepted);

  const table: Table = {
    title: `Supervision settings at the extremes, 20 % loss both ways: measured false \`caller_offline\` beside the computed bound`,
    columns: ["case", "heartbeat_ms", "offline_after_ms", "check", "k / m", "bound per caller-day", "caller-days run", "expected (bound)", "measured", "death → offline", "seed"],
    rows: figures.map((f) => [
      f.label,
      fmtInt(f.heartbeatMs),
      fmtInt(f.offlineAfterMs),
      f.accepted ? "accepted" : "refused",
      `${f.sureTransmissions} / ${f.missesToFalseOffline}`,
      fmtRate(f.boundPerCallerDay),
      f.callerDays < 1 ? f.callerDays.toPrecision(2) : f.callerDays.toFixed(1),
      fmtRate(f.expected),
      fmtInt(f.falseOffline),
      f.detectionMs === undefined ? "—" : `${fmtMs(f.detectionMs)} (≤ ${fmtMs(f.offlineAfterMs)})`,
      String(f.seed),
    ]),
    note:
      "k: transmissions of a heartbeat sure to be sent before the next one supersedes it; m: heartbeats missed outright in a row that a false offline needs; bound = N × (0.2^k)^m per caller-day " +
      "(`firmware/core/supervision/deployment-check.ts`, README \"The deployment check\"). Refused cases are run by giving the devices the settings after the scenario is loaded. " +
      `In accepted runs ${MORTAL} loses power once for longer than the timeout; its offline then is not counted as false.`,
  };

  const falseAccepted = accepted.reduce((s, f) => s + f.falseOffline, 0);
  const acceptedDays = accepted.reduce((s, f) => s + f.callerDays, 0);
  const overBound = figures.filter((f) => !underBound(f));
  const detections = accepted.filter((f) => f.detectionMs !== undefined);
  const late = accepted.filter((f) => f.detectionMs === undefined || f.detectionMs > f.offlineAfterMs);
  const summary: SummaryRow[] = [
    {
      what: "False `caller_offline` with accepted settings at the extremes of their range, 20 % loss",
      target: "0 (computed ≤ 10⁻⁶ per caller-day)",
      measured: `${fmtInt(falseAccepted)} in ${fmtInt(Math.round(acceptedDays))} caller-days over ${accepted.length} settings`,
      verdict: falseAccepted === 0 ? "pass" : "fail",
    },
    {
      what: "Measured false offlines stay under the computed bound (refused settings, where they are countable)",
      target: "every case ≤ bound + Poisson allowance",
      measured: refused.map((f) => `${fmtInt(f.falseOffline)} ≤ ${fmtRate(f.expected)}`).join("; "),
      verdict: overBound.length === 0 ? "pass" : "fail",
    },
    {
      what: "Dead caller reported offline within offline_after_ms, at each accepted extreme",
      target: "≤ offline_after_ms",
      measured: detections.map((f) => `${fmtMs(f.detectionMs!)} ≤ ${fmtMs(f.offlineAfterMs)}`).join("; ") || "—",
      verdict: late.length === 0 ? "pass" : "fail",
    },
  ];
  const failures: Failure[] = [];
  for (const f of accepted) if (f.falseOffline) failures.push({ what: `${f.falseOffline} false caller_offline with accepted settings`, scenario: `field-settings: ${f.label}`, seed: f.seed, detail: `${f.heartbeatMs}/${f.offlineAfterMs} ms` });
  for (const f of overBound) failures.push({ what: `measured ${f.falseOffline} false offlines above the computed bound ${fmtRate(f.expected)}`, scenario: `field-settings: ${f.label}`, seed: f.seed, detail: `${f.heartbeatMs}/${f.offlineAfterMs} ms` });
  for (const f of late) failures.push({ what: "dead caller not reported within offline_after_ms", scenario: `field-settings: ${f.label}`, seed: f.seed, detail: f.detectionMs === undefined ? "never reported" : fmtMs(f.detectionMs) });

  return {
    id: "field-settings",
    title: "Field cases: settings checked as a deployment",
    method:
      "For each case, a post and its callers run in virtual time at 20 % loss on every frame both ways, nobody pressing anything; every `caller_offline` of a powered caller is false. " +
      "The accepted cases are the extremes of what the deployment check takes (1 s heartbeats with their smallest timeout, 30 s heartbeats with theirs, the defaults, the longest heartbeat a 2 h timeout suits); " +
      "the refused ones show what the old rule (offline_after_ms > 2 × heartbeat_ms) let through, and that the bound holds where false offlines are countable.",
    summary,
    tables: [table],
    plots: [],
    notes: [
      "At an accepted extreme the bound is ≤ 10⁻⁶ per caller-day, so a run of days measures 0 whether the true rate is 10⁻⁶ or 10⁻¹²; the evidence that the bound is a bound comes from the refused rows, where the same arithmetic predicts counts in the tens or thousands and the simulator stays under them.",
      "The bound is conservative: it takes the longest heartbeat spacing, the latest retransmission and only the transmissions sure to be sent before a newer heartbeat supersedes the old one.",
    ],
    seeds: figures.map((f) => f.seed),
    failures,
    figures: { cases: figures },
  };
};
