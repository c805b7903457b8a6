/**
 * Section "scale": how fast the simulator runs with 10, 100 and 1,000 callers (simulated
 * seconds per wall-clock second, measured in this run), how the cost grows, and how much of the
 * radio channel each caller uses (frames on air per caller per hour, air time at 1 Mbps).
 */
import { SETTINGS_DEFAULTS } from "../firmware/core/config.ts";
import { FRAME_BYTES } from "../firmware/core/frame/constants.ts";
import { AIR, airUs, frameAirUs } from "./airtime.ts";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { LOADER_NODE_ARGS } from "../tools/loader/node-args.ts";
import { runCells, type CellsQueue, type CellsResult } from "./cells.ts";
import { CALLERS_PER_RECEIVER } from "./deployment.ts";
import { fmtDuration, fmtInt, fmtNum, fmtPct } from "./format.ts";
import { keyedHmacSha256 } from "./keyed-hmac.ts";
import type { SectionRunner, SummaryRow, Table } from "./section.ts";
import { lineChart } from "./svg.ts";

/**
 * Speed runs: callers, how the cells run (`bench/cells.ts`: each cell on its own queue, or all on
 * one), and the shorter of the two simulated durations T (ms); each is run for T and for 2T, each
 * in a fresh Node process. T is chosen so that the 2T run costs about 10 s of CPU on an idle
 * machine (fixed costs — V8 compiling the code on helper threads, about 0.6 s — are then a few
 * per cent of it). The quick runs are an eighth as long.
 */
export const SPEED_RUNS = [
  { callers: 10, queue: "partitioned", tMs: 6 * 86_400_000 },
  { callers: 100, queue: "partitioned", tMs: 15 * 3_600_000 },
  { callers: 1000, queue: "partitioned", tMs: 2 * 3_600_000 },
  { callers: 100, queue: "shared", tMs: 8 * 3_600_000 },
  { callers: 1000, queue: "shared", tMs: 40 * 60_000 },
] as const satisfies ReadonlyArray<{ callers: number; queue: CellsQueue; tMs: number }>;

/** Quick runs (`--quick`) divide T by this. */
export const SPEED_QUICK_DIVISOR = 8;

/** Loss of the speed runs: a realistic, somewhat noisy channel. */
export const SPEED_LOSS = 0.1;

/**
 * Speed targets (issue 15 §3), on CPU time: µs of CPU per caller per simulated second at 100 and
 * at 1,000 callers, and the growth of that cost from 10 to 1,000 callers.
 */
export const SPEED_TARGETS = { cpuUsPerCallerSimS: 0.5, growth10To1000: 1.15 } as const;

/** Air-time runs: one full cell, at each loss. */
export const AIRTIME_RUN = { callers: CALLERS_PER_RECEIVER, durationMs: { full: 6 * 3_600_000, quick: 3_600_000 }, losses: [0, 0.1, 0.3] } as const;

/** What one speed run in a child process is asked to do. */
interface SpeedSpec {
  callers: number;
  queue: CellsQueue;
  seed: number;
  durationMs: number;
}

/** What a child process reports: the run and how many `caller_offline` it saw. */
interface SpeedOutcome {
  r: CellsResult;
  offline: number;
}

/** One speed run in this process (the child's side). */
function speedRun(spec: SpeedSpec): SpeedOutcome {
  let offline = 0;
  const r = runCells({
    callers: spec.callers,
    seed: spec.seed,
    durationMs: spec.durationMs,
    radio: { loss: SPEED_LOSS },
    hmac: keyedHmacSha256(),
    queue: spec.queue,
    onEvent: (_d, e) => {
      if (e === "caller_offline") offline++;
    },
  });
  return { r, offline };
}

/** Flag of the child process: `node --import ./tools/loader/register.js bench/scale.ts --speed-run '<SpeedSpec JSON>'`. */
const SPEED_RUN_FLAG = "--speed-run";

/**
 * Runs one speed run in a fresh Node process (the same loader as `make bench` and `bell`: tools/loader/), so
 * that every run pays what a first run pays, and no run inherits another's compiled code or heap.
 * @throws Error with the child's stderr if it fails.
 */
function speedRunInChild(spec: SpeedSpec): SpeedOutcome {
  const child = spawnSync(process.execPath, [...LOADER_NODE_ARGS, fileURLToPath(import.meta.url), SPEED_RUN_FLAG, JSON.stringify(spec)], {
    cwd: path.resolve(path.dirname(fileURLToPath(import.meta.url)), ".."),
    encoding: "utf8",
    maxBuffer: 16 * 1024 * 1024,
  });
  if (child.status !== 0) throw new Error(`scale: speed run ${JSON.stringify(spec)} failed (exit ${child.status ?? child.signal}): ${child.stderr.trim()}`);
  return JSON.parse(child.stdout) as SpeedOutcome;
}

/** A speed row: the T and 2T runs of one world. */
interface Speed {
  callers: number;
  queue: CellsQueue;
  seed: number;
  tMs: number;
  /** The run of T and the run of 2T, each the first run of a fresh process. */
  t1: SpeedOutcome;
  t2: SpeedOutcome;
}

/** µs of CPU per caller per simulated s of a whole run. */
const firstCost = (s: Speed) => (s.t2.r.cpuS * 1e6) / (s.callers * ((2 * s.tMs) / 1000));
/** µs of CPU per caller per simulated s of the second T alone: (CPU(2T) − CPU(T)) / (callers · T). */
const marginalCost = (s: Speed) => ((s.t2.r.cpuS - s.t1.r.cpuS) * 1e6) / (s.callers * (s.tMs / 1000));
/** CPU s a run pays whatever its length: 2·CPU(T) − CPU(2T). */
const fixedCpuS = (s: Speed) => 2 * s.t1.r.cpuS - s.t2.r.cpuS;

/** Runs 10, 100 and 1,000 callers and one cell at three losses; reports speed and air time. */
export const run: SectionRunner = async ({ quick, log }) => {
  const speeds: Speed[] = [];
  for (const s of SPEED_RUNS) {
    const tMs = quick ? s.tMs / SPEED_QUICK_DIVISOR : s.tMs;
    const seed = 4001 + SPEED_RUNS.findIndex((x) => x.callers === s.callers);
    const spec = { callers: s.callers, queue: s.queue, seed };
    const t1 = speedRunInChild({ ...spec, durationMs: tMs });
    const t2 = speedRunInChild({ ...spec, durationMs: 2 * tMs });
    speeds.push({ ...spec, tMs, t1, t2 });
    log(`scale ${s.callers} callers (${s.queue}): ${fmtDuration(tMs)} in ${fmtNum(t1.r.cpuS)} s CPU, ${fmtDuration(2 * tMs)} in ${fmtNum(t2.r.cpuS)} s CPU (${fmtNum(t2.r.wallS)} s wall)`);
  }

  const airRuns = AIRTIME_RUN.losses.map((loss, i) => {
    const durationMs = quick ? AIRTIME_RUN.durationMs.quick : AIRTIME_RUN.durationMs.full;
    const r = runCells({ callers: AIRTIME_RUN.callers, seed: 4101 + i, durationMs, radio: { loss }, hmac: keyedHmacSha256() });
    return { loss, r, hours: durationMs / 3_600_000 };
  });

  const speedRow = (callers: number, queue: CellsQueue) => speeds.find((s) => s.callers === callers && s.queue === queue)!;
  const base = speedRow(10, "partitioned");
  const k = speedRow(1000, "partitioned");
  const speedTable: Table = {
    title: "Simulator speed, one process, all callers heartbeating: each world run for T and for 2T, each run in a fresh process",
    columns: [
      "callers",
      "queues (cells of 20)",
      "T",
      "queue events in 2T",
      "CPU of the run of T / of 2T (wall of 2T)",
      "whole run of 2T: CPU µs per caller per simulated s (simulated s per CPU s)",
      "marginal: (CPU(2T) − CPU(T)) ÷ T's caller-seconds, µs",
      "fixed: 2·CPU(T) − CPU(2T)",
      "vs 10 callers: whole / marginal",
      "boot at t = 0: CPU per device",
      "false offline",
      "seed",
    ],
    rows: speeds.map((s) => [
      fmtInt(s.callers),
      s.queue === "partitioned" ? `${fmtInt(s.t2.r.partitions)}, one after another` : "1, shared by all cells",
      fmtDuration(s.tMs),
      fmtInt(s.t2.r.steps),
      `${fmtNum(s.t1.r.cpuS)} s / ${fmtNum(s.t2.r.cpuS)} s (${fmtNum(s.t2.r.wallS)} s)`,
      `${fmtNum(firstCost(s))} (${fmtInt((2 * s.tMs) / 1000 / s.t2.r.cpuS)})`,
      fmtNum(marginalCost(s)),
      fixedCpuS(s) < 0 ? `${fmtNum(fixedCpuS(s))} s (below 0: the two runs' CPU moved with the machine's load)` : `${fmtNum(fixedCpuS(s))} s`,
      `${fmtNum(firstCost(s) / firstCost(base))}× / ${fmtNum(marginalCost(s) / marginalCost(base))}×`,
      `${fmtNum((s.t2.r.bootCpuS * 1e6) / (s.callers + s.t2.r.receivers))} µs`,
      fmtInt(s.t1.offline + s.t2.offline),
      String(s.seed),
    ]),
    note:
      `CPU time of the child process (process.cpuUsage, every thread) over the run after t = 0; wall by performance.now() over the same span (wall well above CPU means the machine was busy with other work). ` +
      `Each run is the first and only run of a fresh Node process started like \`make bench\` (the project's loader, tools/loader/: esbuild without tsx's keepNames): it pays V8 compiling the firmware and the simulator on helper threads, CPU that process.cpuUsage counts. ` +
      `The targets are judged on the whole run of 2T (the issue's shape: one process, heartbeats, ${fmtPct(SPEED_LOSS)} loss, a first run), with T long enough that the fixed cost is a few per cent of it; ` +
      `the marginal figure is what each further simulated second costs once the code is compiled (the 2T run repeats the T run's events, same seed, then goes on), the fixed column what a run pays whatever its length. ` +
      `"partitioned": each cell (a receiver and its 20 callers) on its own queue and medium, one after another — every device's events are the same as on one shared queue (tools/sim/README.md "Partitioned runs"); ` +
      `"shared": all cells on one queue and one medium. Building the devices and everything at t = 0 is setup, measured apart (boot column). ` +
      `Real apps and HMAC-SHA256 (the simulator's host HMAC, \`tools/sim/host-hmac.ts\`).`,
  };

  const airRows = airRuns.map(({ loss, r, hours }) => {
    const perCallerHour = (x: number) => x / r.callers / hours;
    const upFrames = perCallerHour(r.up.frames);
    const downFrames = perCallerHour(r.down.frames);
    const air = perCallerHour(airUs(r.up.frames + r.down.frames, r.up.bytes + r.down.bytes, false));
    const channel = perCallerHour(airUs(r.up.frames + r.down.frames, r.up.bytes + r.down.bytes, true));
    return { loss, upFrames, downFrames, airUsPerHour: air, channelUsPerHour: channel };
  });
  const share = (usPerHour: number, callers: number) => (usPerHour * callers) / 3.6e9;
  const airTable: Table = {
    title: "Frames on air per caller per hour, and the share of a 1 Mbps channel",
    columns: ["loss", "caller → post", "post → caller", "air time per caller per hour", "channel share: 1 caller", "20 callers", "100", "1,000"],
    rows: airRows.map((a) => [
      fmtPct(a.loss),
      fmtNum(a.upFrames),
      fmtNum(a.downFrames),
      `${fmtNum(a.airUsPerHour / 1000)} ms (${fmtNum(a.channelUsPerHour / 1000)} ms with access waits)`,
      fmtPct(share(a.channelUsPerHour, 1)),
      fmtPct(share(a.channelUsPerHour, 20)),
      fmtPct(share(a.channelUsPerHour, 100)),
      fmtPct(share(a.channelUsPerHour, 1000)),
    ]),
    note:
      `Counted from every frame the ${AIRTIME_RUN.callers} callers and their post sent in ${fmtDuration((quick ? AIRTIME_RUN.durationMs.quick : AIRTIME_RUN.durationMs.full))} (heartbeats, retransmissions, acks; no presses). ` +
      `Air time per unicast frame at 1 Mbps = 192 µs PLCP + (${AIR.espNowOverheadBytes} B ESP-NOW framing + payload) × 8 µs + SIFS + MAC ACK; e.g. a ${FRAME_BYTES.heartbeat}-byte heartbeat holds the channel ${fmtNum(frameAirUs(FRAME_BYTES.heartbeat))} µs, ` +
      `plus DIFS and a mean backoff of ${(AIR.cwMinSlots / 2) * AIR.slotUs} µs when counted as channel share. Sources: ESP-IDF esp_now “Frame Format”; IEEE 802.11-2012 DSSS PHY.`,
  };

  const series = (queue: CellsQueue, cost: (s: Speed) => number) => speeds.filter((s) => s.queue === queue).map((s) => [s.callers, cost(s)] as [number, number]);
  const shared10: Array<[number, number]> = [[base.callers, firstCost(base)]];
  const shared10m: Array<[number, number]> = [[base.callers, marginalCost(base)]];
  const growth = lineChart({
    title: "Simulator CPU per caller as the deployment grows",
    xLabel: "callers (log scale)",
    yLabel: "CPU µs per caller per simulated s",
    xLog: true,
    xRange: [5, 2000],
    yRange: [0, Math.max(...speeds.map((s) => Math.max(firstCost(s), marginalCost(s)))) * 1.25],
    series: [
      { name: "partitioned: whole run", points: series("partitioned", firstCost), dots: true },
      { name: "partitioned: marginal", points: series("partitioned", marginalCost), dots: true },
      { name: "one shared queue: whole run", points: [...shared10, ...series("shared", firstCost)], dots: true },
      { name: "one shared queue: marginal", points: [...shared10m, ...series("shared", marginalCost)], dots: true },
    ],
  });

  const idle = airRows[0]!;
  const growth10To1000 = firstCost(k) / firstCost(base);
  const summary: SummaryRow[] = [
    ...speeds
      .filter((s) => s.callers >= 100 && s.queue === "partitioned")
      .map(
        (s): SummaryRow => ({
          what: `Simulator CPU per caller per simulated s, ${fmtInt(s.callers)} callers (heartbeats, ${fmtPct(SPEED_LOSS)} loss; whole first run of ${fmtDuration(2 * s.tMs)} in a fresh process)`,
          target: `≤ ${SPEED_TARGETS.cpuUsPerCallerSimS} µs (≥ ${fmtInt(1e6 / SPEED_TARGETS.cpuUsPerCallerSimS / s.callers)} simulated s per CPU s)`,
          measured: `${fmtNum(firstCost(s))} µs (${fmtInt((2 * s.tMs) / 1000 / s.t2.r.cpuS)} simulated s per CPU s); marginal ${fmtNum(marginalCost(s))} µs`,
          verdict: firstCost(s) <= SPEED_TARGETS.cpuUsPerCallerSimS ? "pass" : "fail",
        }),
      ),
    {
      what: "Simulator CPU cost per caller, 1,000 callers against 10 (whole first runs)",
      target: `≤ ${SPEED_TARGETS.growth10To1000}×`,
      measured: `${fmtNum(growth10To1000)}× (marginal: ${fmtNum(marginalCost(k) / marginalCost(base))}×)`,
      verdict: growth10To1000 <= SPEED_TARGETS.growth10To1000 ? "pass" : "fail",
    },
    {
      what: "The same worlds on one shared queue (100 / 1,000 callers): CPU µs per caller per simulated s, whole run / marginal",
      target: "—",
      measured: [100, 1000].map((n) => `${fmtNum(firstCost(speedRow(n, "shared")))} / ${fmtNum(marginalCost(speedRow(n, "shared")))}`).join("; ") + ` µs; 1,000 against 10: ${fmtNum(firstCost(speedRow(1000, "shared")) / firstCost(base))}×`,
      verdict: "info",
    },
    {
      what: "Channel share per caller (heartbeats, no loss)",
      target: "—",
      measured: `${fmtNum(idle.upFrames + idle.downFrames)} frames/h = ${fmtPct(share(idle.channelUsPerHour, 1))} of 1 Mbps; 1,000 callers ${fmtPct(share(idle.channelUsPerHour, 1000))}`,
      verdict: "info",
    },
  ];

  return {
    id: "scale",
    title: "Scale",
    method:
      `A receiver takes at most ${CALLERS_PER_RECEIVER} callers (the ESP-NOW peer limit, enforced by the config and the scenario format), so 100 and 1,000 callers are 5 and 50 cells — a receiver and its 20 callers each — ` +
      "in one process (`bench/cells.ts` wires the simulator's own medium, devices and the real apps; no override of the peer limit). The cells share no device and no air model, so by default each runs on its own queue and medium, one after another, with the same events for every device as on one queue (tools/sim/README.md \"Partitioned runs\"); the speed table also runs them on one shared queue. " +
      `The simulated medium models each link on its own and has no collisions or carrier sense, so the channel share below is computed from the frames sent, not simulated. Heartbeat period ${SETTINGS_DEFAULTS.heartbeatMs / 1000} s (default).`,
    summary,
    tables: [speedTable, airTable],
    plots: [{ file: "scale-cost.svg", caption: "CPU time per caller per simulated second, 10 → 1,000 callers: whole first runs and marginal cost, partitioned and on one shared queue", svg: growth }],
    notes: [
      "A linear simulator keeps the cost per caller flat as callers grow; a rise means work that grows faster than the number of devices (the event queue is a binary heap, log n per event), or a working set that no longer fits in the CPU's caches (1,050 devices' state on one shared queue: about 30 MB of live heap, bench/README.md \"Fourth pass: host\"). 10 callers are one cell of 10: its receiver's work is shared by 10 callers, not 20.",
      `Field figure: Ajax's hub serves 119 devices at its default 36 s ping (39 at 12 s). The channel share shows air time is not our limit at 20 callers a receiver; the ESP-NOW peer limit is.`,
    ],
    seeds: [...new Set(speeds.map((s) => s.seed)), ...AIRTIME_RUN.losses.map((_, i) => 4101 + i)],
    failures: [
      ...speeds
        .filter((s) => s.t1.offline + s.t2.offline > 0)
        .map((s) => ({ what: `${s.t1.offline + s.t2.offline} caller_offline with ${s.callers} callers alive`, scenario: `bench scale ${s.callers} callers (${s.queue}) at ${SPEED_LOSS * 100} % loss`, seed: s.seed, detail: "bench/cells.ts" })),
      ...summary
        .filter((row) => row.verdict === "fail")
        .map((row) => ({ what: `${row.what}: ${row.measured}, target ${row.target}`, scenario: `bench scale at ${SPEED_LOSS * 100} % loss`, seed: 4001, detail: "profile and what remains: bench/README.md, “Simulator profile”" })),
    ],
    figures: {
      speed: speeds.map((s) => ({
        callers: s.callers,
        queue: s.queue,
        receivers: s.t2.r.receivers,
        partitions: s.t2.r.partitions,
        t_ms: s.tMs,
        steps_2t: s.t2.r.steps,
        cpu_s_t: +s.t1.r.cpuS.toFixed(3),
        cpu_s_2t: +s.t2.r.cpuS.toFixed(3),
        wall_s_2t: +s.t2.r.wallS.toFixed(3),
        boot_cpu_s_2t: +s.t2.r.bootCpuS.toFixed(3),
        cpu_us_per_caller_sim_s: +firstCost(s).toFixed(3),
        marginal_cpu_us_per_caller_sim_s: +marginalCost(s).toFixed(3),
        fixed_cpu_s: +fixedCpuS(s).toFixed(3),
        caller_offline: s.t1.offline + s.t2.offline,
        radio: s.t2.r.stats,
      })),
      airtime: airRows.map((a, i) => ({ ...a, radio: airRuns[i]!.r.stats, up: airRuns[i]!.r.up, down: airRuns[i]!.r.down })),
    },
  };
};

// A child process of `speedRunInChild`: one speed run, its outcome as JSON on stdout.
if (process.argv[2] === SPEED_RUN_FLAG && process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.stdout.write(JSON.stringify(speedRun(JSON.parse(process.argv[3]!) as SpeedSpec)));
}
