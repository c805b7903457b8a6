/**
 * Section "supervision": how soon a dead caller is reported offline, how soon a revived one is
 * back online, and whether a living caller is ever reported offline — over 30 simulated days of
 * 20 callers at 20 % loss, run in one piece.
 */
import { SETTINGS_DEFAULTS } from "../firmware/core/config.ts";
import { LINK_DEFAULTS } from "../firmware/core/link/link.ts";
import { HEARTBEAT_DEFAULTS } from "../firmware/core/supervision/heartbeat.ts";
import { simAddress } from "../tools/sim/provision.ts";
import { Random } from "../tools/sim/random.ts";
import { runScenario, type SimEvent } from "../tools/sim/run.ts";
import { callerId, deployment, POST_ID } from "./deployment.ts";
import { fmtDuration, fmtInt, fmtMs, fmtNum, fmtPct } from "./format.ts";
import { keyedHmacSha256 } from "./keyed-hmac.ts";
import type { Failure, SectionRunner, SummaryRow, Table } from "./section.ts";
import { distribution, histogram } from "./stats.ts";
import { histogramChart } from "./svg.ts";

const DAY_MS = 86_400_000;
const TICKS_RANGE = 2 ** 32;

/** EN 50131 grade 2, as manufacturers apply it: a missing device reported within 2 h. */
export const EN_G2_MISSING_MS = 7_200_000;
/** Ajax: lost after 30 missed 36 s pings by default (18 min); at the least 3 × 12 s. */
export const AJAX_LOST_MS = { default: 18 * 60_000, minimum: 36_000 } as const;

/** Sizes of the runs. */
export const SUPERVISION_RUNS = {
  full: { deathHours: 8, soakDays: 30 },
  quick: { deathHours: 2, soakDays: 1 },
} as const;

/** A life cycle of each caller in the death runs: alive, then dead, repeatedly (ms ranges). */
export const LIFE_CYCLE = { aliveMs: [180_000, 600_000], deadMs: [180_000, 360_000] } as const;

interface DeathFigures {
  loss: number;
  seed: number;
  deaths: number;
  /** Power off → caller_offline, ms. */
  toOfflineMs: number[];
  /** Power on → caller_online, ms (only after an offline). */
  toOnlineMs: number[];
  /** Deaths never reported offline before the caller came back. */
  missedOffline: number;
  /** caller_offline while the caller had power. */
  falseOffline: number;
  wallS: number;
}

/** Callers die and come back at random; every death must be reported, within the timeout. */
function deathRun(loss: number, seed: number, hours: number): DeathFigures {
  const callers = 20;
  const durationMs = hours * 3_600_000;
  const random = new Random(seed, "bench:deaths");
  const inputs: Array<Record<string, unknown>> = [];
  /** Per caller, its dead intervals [off, on). */
  const dead = new Map<string, Array<[number, number]>>();
  for (let i = 0; i < callers; i++) {
    const id = callerId(i);
    const spans: Array<[number, number]> = [];
    let t = random.int(60_000, LIFE_CYCLE.aliveMs[1]);
    while (true) {
      const on = t + random.int(LIFE_CYCLE.deadMs[0], LIFE_CYCLE.deadMs[1]);
      if (on >= durationMs - 1000) break;
      spans.push([t, on]);
      inputs.push({ at_ms: t, device: id, power: "off" }, { at_ms: on, device: id, power: "on" });
      t = on + random.int(LIFE_CYCLE.aliveMs[0], LIFE_CYCLE.aliveMs[1]);
    }
    dead.set(id, spans);
  }
  const { scenario } = deployment({ name: `bench supervision deaths, ${loss * 100} % loss`, seed, durationMs, callers, radio: { loss }, inputs });
  const offlineAt = new Map<string, number[]>();
  const onlineAt = new Map<string, number[]>();
  const onEvent = (e: SimEvent) => {
    if (e.device !== POST_ID) return;
    const map = e.event === "caller_offline" ? offlineAt : e.event === "caller_online" ? onlineAt : undefined;
    if (!map) return;
    const id = e.caller as string;
    map.set(id, [...(map.get(id) ?? []), e.t]);
  };
  const t0 = performance.now();
  runScenario(scenario, { keepEvents: false, onEvent, engine: { hmac: keyedHmacSha256() } });
  const wallS = (performance.now() - t0) / 1000;

  const f: DeathFigures = { loss, seed, deaths: 0, toOfflineMs: [], toOnlineMs: [], missedOffline: 0, falseOffline: 0, wallS };
  for (const [id, spans] of dead) {
    const offs = offlineAt.get(id) ?? [];
    const ons = onlineAt.get(id) ?? [];
    f.deaths += spans.length;
    for (const [off, on] of spans) {
      const o = offs.find((t) => t >= off && t < on);
      if (o === undefined) f.missedOffline++;
      else {
        f.toOfflineMs.push(o - off);
        const back = ons.find((t) => t >= on);
        if (back !== undefined) f.toOnlineMs.push(back - on);
      }
    }
    f.falseOffline += offs.filter((t) => !spans.some(([off, on]) => t >= off && t < on)).length;
  }
  return f;
}

interface SoakFigures {
  days: number;
  callers: number;
  loss: number;
  seed: number;
  offline: number;
  online: number;
  linkFault: number;
  rejected: Record<string, number>;
  /** Longest time between two frames from one caller heard at the post, ms (per caller, max). */
  longestSilenceMs: number;
  /** Gaps between successive frames heard from a caller, counted in bins of 10 s up to 120 s. */
  gapCounts: number[];
  /** Frames the callers sent (first transmissions and retransmissions) and frames lost on air. */
  framesSent: number;
  framesLost: number;
  /** Tick each device started at (the 32-bit tick counter wraps mid-run). */
  startTicks: Record<string, number>;
  wallS: number;
  simDaysPerWallS: number;
}

/** 20 callers, `days` days, 20 % loss, all alive: every caller_offline is false. */
function soakRun(days: number, seed: number): SoakFigures {
  const callers = 20;
  const loss = 0.2;
  const random = new Random(seed, "bench:soak");
  const extras: Record<string, Record<string, unknown>> = {};
  const startTicks: Record<string, number> = {};
  // Each device's tick counter wraps somewhere in the run (a day-1 … day-(days−1) wrap).
  for (const id of [POST_ID, ...Array.from({ length: callers }, (_, i) => callerId(i))]) {
    const ticks = TICKS_RANGE - random.int(Math.min(days * DAY_MS - 1, 3_600_000), Math.max(3_600_000, days * DAY_MS - 3_600_000));
    startTicks[id] = ticks;
    extras[id] = { start_ticks: ticks };
  }
  const { scenario } = deployment({
    name: `bench supervision soak: ${callers} callers × ${days} days at ${loss * 100} % loss`,
    seed,
    durationMs: days * DAY_MS,
    callers,
    radio: { loss },
    deviceExtras: extras,
  });
  const addressToCaller = new Map<string, number>();
  // Node ids are 1 + the device's index (the post is first): caller i is node i + 2.
  for (let i = 0; i < callers; i++) addressToCaller.set(simAddress(i + 2), i);
  const lastHeard = new Array<number>(callers).fill(0);
  const gapCounts = new Array<number>(13).fill(0);
  let longest = 0;
  const counts = { offline: 0, online: 0, linkFault: 0 };
  const rejected: Record<string, number> = {};
  const onEvent = (e: SimEvent) => {
    switch (e.event) {
      case "radio_arrival": {
        if (e.device !== POST_ID || e.fate !== "delivered") return;
        const i = addressToCaller.get(e.from as string);
        if (i === undefined) return;
        const gap = e.t - lastHeard[i]!;
        lastHeard[i] = e.t;
        if (gap > longest) longest = gap;
        gapCounts[Math.min(12, Math.floor(gap / 10_000))]!++;
        return;
      }
      case "caller_offline":
        counts.offline++;
        return;
      case "caller_online":
        counts.online++;
        return;
      case "link_fault":
        counts.linkFault++;
        return;
      case "frame_rejected":
        rejected[e.reason as string] = (rejected[e.reason as string] ?? 0) + 1;
        return;
    }
  };
  const t0 = performance.now();
  const r = runScenario(scenario, { keepEvents: false, detail: true, onEvent, engine: { hmac: keyedHmacSha256() } });
  const wallS = (performance.now() - t0) / 1000;
  return {
    days,
    callers,
    loss,
    seed,
    offline: counts.offline,
    online: counts.online,
    linkFault: counts.linkFault,
    rejected,
    longestSilenceMs: longest,
    gapCounts,
    framesSent: r.radio.sent,
    framesLost: r.radio.lost_air,
    startTicks,
    wallS,
    simDaysPerWallS: days / wallS,
  };
}

/** Runs the death runs and the 30-day soak and reports offline times and false offlines. */
export const run: SectionRunner = async ({ quick, log }) => {
  const size = quick ? SUPERVISION_RUNS.quick : SUPERVISION_RUNS.full;
  const timeout = SETTINGS_DEFAULTS.offlineAfterMs;
  const deaths = [deathRun(0, 3001, size.deathHours), deathRun(0.2, 3002, size.deathHours)];
  for (const d of deaths) log(`supervision deaths at ${d.loss * 100} % loss: ${d.deaths} deaths, ${d.wallS.toFixed(1)} s`);
  log(`supervision soak: ${size.soakDays} days × 20 callers at 20 % loss (the long one)…`);
  const soak = soakRun(size.soakDays, 3003);
  log(`supervision soak: ${soak.offline} offline, ${soak.linkFault} link faults, longest silence ${fmtMs(soak.longestSilenceMs)}, ${soak.wallS.toFixed(0)} s`);

  const deathTable: Table = {
    title: "A caller loses power: power off → `caller_offline` at the post",
    columns: ["loss", "deaths", "reported", "p50", "p99", "max", "power on → `caller_online` p50 / max", "offline while alive", "seed"],
    rows: deaths.map((d) => {
      const o = d.toOfflineMs.length ? distribution(d.toOfflineMs) : undefined;
      const on = d.toOnlineMs.length ? distribution(d.toOnlineMs) : undefined;
      return [
        fmtPct(d.loss),
        fmtInt(d.deaths),
        fmtInt(d.deaths - d.missedOffline),
        o ? fmtMs(o.p50) : "—",
        o ? fmtMs(o.p99) : "—",
        o ? fmtMs(o.max) : "—",
        on ? `${fmtMs(on.p50)} / ${fmtMs(on.max)}` : "—",
        fmtInt(d.falseOffline),
        String(d.seed),
      ];
    }),
    note:
      `20 callers over ${size.deathHours} h each; each caller lives ${LIFE_CYCLE.aliveMs[0] / 60_000}–${LIFE_CYCLE.aliveMs[1] / 60_000} min, then is dead ${LIFE_CYCLE.deadMs[0] / 60_000}–${LIFE_CYCLE.deadMs[1] / 60_000} min, repeatedly (uniform). ` +
      `The post reports a caller offline ${fmtMs(timeout)} after the last frame it heard from it, so the time from the power cut is the timeout minus the age of that last frame.`,
  };

  const soakTable: Table = {
    title: `Soak: ${soak.callers} callers × ${soak.days} days at ${soak.loss * 100} % loss, all alive`,
    columns: ["false `caller_offline`", "false `link_fault` at callers", "longest silence heard from a caller", "frames sent", "lost on air", "frames rejected", "sim speed", "seed"],
    rows: [
      [
        fmtInt(soak.offline),
        fmtInt(soak.linkFault),
        `${fmtMs(soak.longestSilenceMs)} (timeout ${fmtMs(timeout)})`,
        fmtInt(soak.framesSent),
        fmtPct(soak.framesLost / soak.framesSent),
        Object.keys(soak.rejected).length ? JSON.stringify(soak.rejected) : "0",
        `${fmtNum(soak.simDaysPerWallS * 24)} sim h / wall s`,
        String(soak.seed),
      ],
    ],
    note:
      `One continuous run of ${fmtDuration(soak.days * DAY_MS)}. Every device's 32-bit ms tick counter starts 1 h … ${soak.days - 1} days short of its wrap, so each wraps mid-run. ` +
      "Silence = time between two frames from the same caller reaching the post's radio (heartbeats, retransmissions, acks).",
  };
  const gapTable: Table = {
    title: "Soak: how long the post went without hearing a caller (gaps between frames heard, all callers)",
    columns: ["gap", ...soak.gapCounts.map((_, i) => (i < 12 ? `${i * 10}–${i * 10 + 10} s` : "≥ 120 s"))],
    rows: [["gaps", ...soak.gapCounts.map((n) => fmtInt(n))]],
    note: `A false offline needs a gap ≥ ${fmtMs(timeout)}: every transmission of about four heartbeats in a row lost.`,
  };

  const lowest = Math.min(120, ...deaths.flatMap((d) => d.toOfflineMs.map((x) => x / 1000)));
  const from = Math.max(0, Math.floor(lowest / 10) * 10 - 10);
  const hist = deaths.map((d) => ({ name: `${d.loss * 100} % loss`, ...histogram(d.toOfflineMs.map((x) => x / 1000), from, 130, (130 - from) / 2.5) }));
  const plot = histogramChart({
    title: "Power off → caller_offline at the post",
    xLabel: "seconds from the power cut",
    yLabel: "deaths",
    series: hist.map((h) => ({ name: h.name, bins: h.bins })),
    markers: [{ x: timeout / 1000, label: `timeout ${timeout / 1000} s` }],
  });

  const allToOffline = deaths.flatMap((d) => d.toOfflineMs);
  const maxToOffline = allToOffline.length ? Math.max(...allToOffline) : Infinity;
  const missed = deaths.reduce((s, d) => s + d.missedOffline, 0);
  const falseInDeaths = deaths.reduce((s, d) => s + d.falseOffline, 0);
  const totalDeaths = deaths.reduce((s, d) => s + d.deaths, 0);
  const summary: SummaryRow[] = [
    {
      what: "Dead caller reported offline (power off → `caller_offline`, max)",
      target: `≤ ${fmtMs(timeout)} (offline_after_ms); EN G2 ≤ 2 h; Ajax 18 min`,
      measured: `${fmtMs(maxToOffline)}; ${fmtInt(totalDeaths - missed)} of ${fmtInt(totalDeaths)} deaths reported`,
      verdict: missed === 0 && maxToOffline <= timeout ? "pass" : "fail",
    },
    {
      what: `False \`caller_offline\`, ${soak.callers} callers × ${soak.days} days at 20 % loss`,
      target: "0",
      measured: `${fmtInt(soak.offline + falseInDeaths)} (longest silence ${fmtMs(soak.longestSilenceMs)})`,
      verdict: soak.offline + falseInDeaths === 0 ? "pass" : "fail",
    },
    {
      what: "False link fault shown on a caller's LED, same soak",
      target: "0",
      measured: fmtInt(soak.linkFault),
      verdict: soak.linkFault === 0 ? "pass" : "fail",
    },
  ];
  const failures: Failure[] = [];
  for (const d of deaths) {
    if (d.missedOffline) failures.push({ what: `${d.missedOffline} dead callers never reported offline`, scenario: `bench supervision deaths, ${d.loss * 100} % loss`, seed: d.seed, detail: "see supervision.ts deathRun" });
    if (d.falseOffline) failures.push({ what: `${d.falseOffline} callers reported offline while powered`, scenario: `bench supervision deaths, ${d.loss * 100} % loss`, seed: d.seed, detail: "" });
    const late = d.toOfflineMs.filter((x) => x > timeout).length;
    if (late) failures.push({ what: `${late} deaths reported later than the timeout`, scenario: `bench supervision deaths, ${d.loss * 100} % loss`, seed: d.seed, detail: `max ${fmtMs(Math.max(...d.toOfflineMs))}` });
  }
  if (soak.offline) failures.push({ what: `${soak.offline} false caller_offline`, scenario: soakTable.title, seed: soak.seed, detail: `longest silence ${fmtMs(soak.longestSilenceMs)}` });
  if (soak.linkFault) failures.push({ what: `${soak.linkFault} false link_fault`, scenario: soakTable.title, seed: soak.seed, detail: "" });

  return {
    id: "supervision",
    title: "Supervision",
    method:
      `Defaults in force: heartbeat every ${fmtMs(SETTINGS_DEFAULTS.heartbeatMs)} ± ${HEARTBEAT_DEFAULTS.jitter * 100} %, each acked and retransmitted up to ${LINK_DEFAULTS.heartbeat.maxAttempts} times ` +
      `(${fmtMs(LINK_DEFAULTS.heartbeat.initialMs)} doubling to ${fmtMs(LINK_DEFAULTS.heartbeat.maxMs)}); the post reports a caller offline after ${fmtMs(timeout)} without a frame from it. ` +
      `Field figures: EN 50131 grade 2 requires a missing device reported within 2 h; Ajax pings every 36 s and declares a device lost after 18 min by default (36 s at the least). ` +
      "Loss applies to every frame in both directions. Virtual time throughout.",
    summary,
    tables: [deathTable, soakTable, gapTable],
    plots: [{ file: "supervision-offline.svg", caption: "Power off → caller_offline, histogram of deaths", svg: plot }],
    notes: [
      `The post counts any authenticated frame as “heard”, so a heartbeat whose ack is lost still keeps its caller online; a false offline needs every transmission of several heartbeats lost on the way in (at 20 % loss, one heartbeat's ${LINK_DEFAULTS.heartbeat.maxAttempts} tries all fail with probability 0.2^${LINK_DEFAULTS.heartbeat.maxAttempts} ≈ ${(0.2 ** LINK_DEFAULTS.heartbeat.maxAttempts).toExponential(1)}).`,
      `Our offline report comes ${Math.round(EN_G2_MISSING_MS / timeout)}× sooner than EN 50131 grade 2 allows and ${Math.round(AJAX_LOST_MS.default / timeout)}× sooner than Ajax's default, still above Ajax's 36 s minimum, which Ajax warns gives false "connection lost" under short interference.`,
    ],
    seeds: [3001, 3002, 3003],
    failures,
    figures: {
      timeout_ms: timeout,
      deaths: deaths.map((d) => ({
        loss: d.loss,
        seed: d.seed,
        hours: size.deathHours,
        deaths: d.deaths,
        missed_offline: d.missedOffline,
        false_offline: d.falseOffline,
        to_offline_ms: d.toOfflineMs.length ? distribution(d.toOfflineMs) : null,
        to_online_ms: d.toOnlineMs.length ? distribution(d.toOnlineMs) : null,
        wall_s: +d.wallS.toFixed(2),
      })),
      soak: { ...soak, wallS: +soak.wallS.toFixed(1) },
    },
  };
};
