/**
 * Section "field-supervision" (issue 10 points 1 and 5): supervision over random field
 * histories through the real apps — install order, deaths, village power cuts, post reboots and
 * blips, minutes of interference, 0 … 30 % loss — and the caller's link fault at 30 % loss for
 * the extremes of the accepted heartbeat range.
 *
 * The histories and their oracle are the ones `test/supervision/` runs briefly
 * (`bench/harness/supervision-histories.ts`); here they are many more and longer.
 */
import { LINK_DEFAULTS } from "../firmware/core/link/link.ts";
import { HEARTBEAT_DEFAULTS } from "../firmware/core/supervision/heartbeat.ts";
import { assessSupervision, largestAcceptedHeartbeatMs } from "../firmware/core/supervision/deployment-check.ts";
import { linkFaultBoundMs } from "../firmware/core/supervision/link-monitor.ts";
import { parseScenario } from "../tools/sim/scenario.ts";
import { runScenario } from "../tools/sim/run.ts";
import { judge, randomHistory, SUPERVISION_MARGIN_MS } from "./harness/supervision-histories.ts";
import { fmtInt, fmtMs, fmtNum } from "./format.ts";
import type { Failure, SectionRunner, SummaryRow, Table } from "./section.ts";

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** The longest `offline_after_ms` a post accepts (EN 50131 grade 2: ≤ 2 h). */
const MAX_OFFLINE_MS = 7_200_000;
/** The longest heartbeat the deployment check accepts with a 2 h timeout (3 265 862 ms today). */
const LONGEST_HEARTBEAT_MS = largestAcceptedHeartbeatMs(MAX_OFFLINE_MS, MAX_OFFLINE_MS)!;

/**
 * Sizes: random histories (count × length, per settings pair) and link-fault caller-days per
 * heartbeat period: the shortest accepted (1 s), the default, and the longest the deployment
 * check accepts with the longest timeout (2 h): `LONGEST_HEARTBEAT_MS`.
 */
export const FIELD_SUPERVISION_RUNS = {
  full: { histories: 40, historyHours: 24, longHistories: 2, longDays: 30, linkDays: { 1000: 2, 30_000: 60, [LONGEST_HEARTBEAT_MS]: 2000 } },
  quick: { histories: 12, historyHours: 6, longHistories: 1, longDays: 3, linkDays: { 1000: 0.25, 30_000: 4, [LONGEST_HEARTBEAT_MS]: 100 } },
} as const;

/** Settings pairs the histories run with: the shipped one and a tight one. */
const SETTINGS = [
  { heartbeatMs: 30_000, offlineAfterMs: 120_000 },
  { heartbeatMs: 10_000, offlineAfterMs: 60_000 },
] as const;

/** The post's timeout for a heartbeat period in the link-fault runs: the smallest the deployment check accepts, at most 2 h. */
const offlineFor = (periodMs: number) => Math.min(MAX_OFFLINE_MS, assessSupervision(periodMs, MAX_OFFLINE_MS).smallestOfflineAfterMs ?? MAX_OFFLINE_MS);

interface HistoryFigures {
  settings: { heartbeatMs: number; offlineAfterMs: number };
  histories: number;
  virtualDays: number;
  deaths: number;
  reported: number;
  worstDelayMs: number;
  boundMs: number;
  falseOfflines: number;
  failed: { seed: number; detail: string }[];
}

function historyRuns(settings: { heartbeatMs: number; offlineAfterMs: number }, count: number, hours: number, seed0: number): HistoryFigures {
  const f: HistoryFigures = { settings, histories: count, virtualDays: 0, deaths: 0, reported: 0, worstDelayMs: 0, boundMs: settings.offlineAfterMs + SUPERVISION_MARGIN_MS, falseOfflines: 0, failed: [] };
  for (let i = 0; i < count; i++) {
    const h = randomHistory(seed0 + i, hours * HOUR_MS, settings);
    const v = judge(h);
    f.virtualDays += (h.durationMs / DAY_MS) * h.callers.length;
    f.deaths += v.deaths.length;
    f.falseOfflines += v.falseOfflines;
    for (const d of v.deaths) {
      if (d.reportedAt === undefined) continue;
      f.reported++;
      f.worstDelayMs = Math.max(f.worstDelayMs, d.reportedAt - d.from);
    }
    if (v.missed.length) f.failed.push({ seed: seed0 + i, detail: `${v.missed.length} deaths not reported; ${h.story.join("; ")}` });
  }
  return f;
}

interface LinkFigures {
  periodMs: number;
  callerDays: number;
  falseFaults: number;
  deadBoundMs: number;
  deadWorstMs: number;
  deadMissed: number;
}

function devices(callers: number, periodMs: number): Record<string, unknown>[] {
  const config = { heartbeat_ms: periodMs, offline_after_ms: offlineFor(periodMs) };
  const d: Record<string, unknown>[] = [{ id: "post", role: "receiver", config }];
  for (let i = 1; i <= callers; i++) d.push({ id: `c${i}`, role: "caller", config });
  return d;
}

function linkRuns(periodMs: number, callerDays: number, seed: number): LinkFigures {
  const callers = periodMs >= 600_000 ? 20 : periodMs >= 30_000 ? 4 : 1;
  const quiet = runScenario(parseScenario({ duration_ms: Math.ceil((callerDays / callers) * DAY_MS), seed, radio: { loss: 0.3, duplicate: 0.01 }, devices: devices(callers, periodMs) }));
  const falseFaults = quiet.events.filter((e) => e.event === "link_fault").length;
  const bound = linkFaultBoundMs(periodMs, HEARTBEAT_DEFAULTS.jitter, LINK_DEFAULTS.heartbeat);
  let worst = 0;
  let missed = 0;
  for (let s = 0; s < 5; s++) {
    const goneAt = 3 * periodMs + 7_777 + s * 1_111;
    const run = runScenario(parseScenario({ duration_ms: goneAt + bound + 60_000, seed: seed + 100 + s, radio: { loss: 0.2 }, devices: devices(3, periodMs), inputs: [{ at_ms: goneAt, device: "post", power: "off" }] }));
    for (const c of ["c1", "c2", "c3"]) {
      const first = run.events.find((e) => e.event === "link_fault" && e.device === c && e.t > goneAt);
      if (first === undefined || first.t - goneAt > bound) missed++;
      if (first) worst = Math.max(worst, first.t - goneAt);
    }
  }
  return { periodMs, callerDays, falseFaults, deadBoundMs: bound, deadWorstMs: worst, deadMissed: missed };
}

/** Runs the histories and the link-fault extremes. */
export const run: SectionRunner = async ({ quick, log }) => {
  const size = quick ? FIELD_SUPERVISION_RUNS.quick : FIELD_SUPERVISION_RUNS.full;
  const seeds: number[] = [];
  const hist: HistoryFigures[] = [];
  SETTINGS.forEach((settings, i) => {
    const seed0 = 50_000 + i * 10_000;
    seeds.push(seed0);
    log(`field-supervision: ${size.histories} histories × ${size.historyHours} h (heartbeat ${settings.heartbeatMs} ms, offline ${settings.offlineAfterMs} ms)…`);
    hist.push(historyRuns(settings, size.histories, size.historyHours, seed0));
  });
  log(`field-supervision: ${size.longHistories} histories × ${size.longDays} days…`);
  seeds.push(70_000);
  const long = historyRuns(SETTINGS[0], size.longHistories, size.longDays * 24, 70_000);
  const links: LinkFigures[] = [];
  for (const [period, days] of Object.entries(size.linkDays)) {
    log(`field-supervision: link fault at 30 % loss, ${period} ms heartbeats, ${days} caller-days…`);
    seeds.push(80_000 + Number(period));
    links.push(linkRuns(Number(period), days, 80_000 + Number(period)));
  }

  const all = [...hist, long];
  const rows = all.map((f, i) => [
    i === all.length - 1 ? `${f.histories} × ${size.longDays} days` : `${f.histories} × ${size.historyHours} h`,
    `${fmtMs(f.settings.heartbeatMs)} / ${fmtMs(f.settings.offlineAfterMs)}`,
    fmtNum(Math.round(f.virtualDays * 10) / 10),
    `${fmtInt(f.reported)} / ${fmtInt(f.deaths)}`,
    `${fmtInt(f.worstDelayMs)} ms (bound ${fmtInt(f.boundMs)} ms)`,
    fmtInt(f.falseOfflines),
  ]);
  const histTable: Table = {
    title: "Supervision over random field histories (real apps, simulator)",
    columns: ["histories", "heartbeat / offline after", "caller-days", "deaths reported / deaths", "worst delay from death or post boot", "offline reports of a powered caller outside interference"],
    rows,
    note:
      "Each history: 1–4 callers, half installed 1 min … a third of the run after the post; 0–3 deaths each (30 % for good); a village power cut (all callers) in 40 %; 0–3 post power cuts (half of them 1 s blips); 0–2 interference outages of 1–10 min; i.i.d. loss 0–30 %, 1 % duplication; tick counters at random, half near the wrap. " +
      `A death counts from max(power cut, post boot); bound = offline_after_ms + ${SUPERVISION_MARGIN_MS} ms (the last frame's flight and its duplicate). The last column is informational (heavy loss can make an honest offline).`,
  };
  const linkTable: Table = {
    title: "Caller link fault at the extremes of the accepted heartbeat range",
    columns: ["heartbeat", "caller-days at 30 % loss", "false `link_fault`", "per caller-day", "dead post → `link_fault`, worst of 15", "bound (`linkFaultBoundMs`)"],
    rows: links.map((l) => [fmtMs(l.periodMs), fmtNum(l.callerDays), fmtInt(l.falseFaults), fmtNum(l.falseFaults / l.callerDays), fmtMs(l.deadWorstMs), fmtMs(l.deadBoundMs)]),
    note: "Link fault = 36 heartbeat transmissions in a row unanswered. Expected false faults at 30 % loss: ≤ 2 × 10⁻⁶ per caller-day at 1 s, ≈ 10⁻⁷ at 30 s (firmware/core/supervision/README.md). Dead post: the post powered off at 20 % loss, 5 seeds × 3 callers.",
  };

  const deaths = all.reduce((s, f) => s + f.deaths, 0);
  const reported = all.reduce((s, f) => s + f.reported, 0);
  const worstOver = Math.max(...all.map((f) => f.worstDelayMs - f.boundMs));
  const falseLink = links.reduce((s, l) => s + l.falseFaults, 0);
  const deadMissed = links.reduce((s, l) => s + l.deadMissed, 0);
  const summary: SummaryRow[] = [
    {
      what: "Random field histories: dead callers reported offline",
      target: "all, within offline_after_ms + margin",
      measured: `${fmtInt(reported)} of ${fmtInt(deaths)}; worst ${worstOver <= 0 ? "inside" : "over"} the bound by ${fmtMs(Math.abs(worstOver))}`,
      verdict: reported === deaths && worstOver <= 0 ? "pass" : "fail",
    },
    {
      what: "False caller link faults at 30 % loss, heartbeat 1 s … 1 h",
      target: "0",
      measured: `${fmtInt(falseLink)} in ${fmtNum(links.reduce((s, l) => s + l.callerDays, 0))} caller-days`,
      verdict: falseLink === 0 ? "pass" : "fail",
    },
    {
      what: "Dead post shown as link fault within `linkFaultBoundMs`",
      target: "every caller, every period",
      measured: `${fmtInt(links.length * 15 - deadMissed)} of ${fmtInt(links.length * 15)}`,
      verdict: deadMissed === 0 ? "pass" : "fail",
    },
  ];
  const failures: Failure[] = [
    ...all.flatMap((f) => f.failed.map((x) => ({ what: "a dead caller was not reported offline in time", scenario: "randomHistory (bench/harness/supervision-histories.ts)", seed: x.seed, detail: x.detail }))),
    ...links.filter((l) => l.falseFaults > 0).map((l) => ({ what: "false link fault", scenario: `${l.periodMs} ms heartbeats at 30 % loss`, seed: 80_000 + l.periodMs, detail: `${l.falseFaults} faults` })),
  ];
  return {
    id: "field-supervision",
    title: "Field cases: supervision",
    method:
      "Random install orders, power histories and interference run through the real caller and receiver apps in the simulator; an oracle checks every death against the post's event stream. Then the caller's link fault at 30 % loss for the shortest, default and longest accepted heartbeat periods, and a dead post at each.",
    summary,
    tables: [histTable, linkTable],
    plots: [],
    notes: quick ? ["Quick run: fewer and shorter histories, fewer caller-days."] : [],
    seeds,
    failures,
    figures: { histories: all, links },
  };
};
