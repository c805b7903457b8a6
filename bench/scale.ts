/**
 * Section "scale": how fast the simulator runs with 10, 100 and 1,000 callers (simulated
 * seconds per wall-clock second, measured in this run), how the cost grows, and how much of the
 * radio channel each caller uses (frames on air per caller per hour, air time at 1 Mbps).
 */
import { SETTINGS_DEFAULTS } from "../firmware/core/config.ts";
import { FRAME_BYTES } from "../firmware/core/frame/constants.ts";
import { AIR, airUs, frameAirUs } from "./airtime.ts";
import { runCells, type CellsResult } from "./cells.ts";
import { CALLERS_PER_RECEIVER } from "./deployment.ts";
import { fmtDuration, fmtInt, fmtNum, fmtPct } from "./format.ts";
import { keyedHmacSha256 } from "./keyed-hmac.ts";
import type { SectionRunner, SummaryRow, Table } from "./section.ts";
import { lineChart } from "./svg.ts";

/** Speed runs: callers and simulated duration (ms), full and quick. */
export const SPEED_RUNS = {
  full: [
    { callers: 10, durationMs: 24 * 3_600_000 },
    { callers: 100, durationMs: 4 * 3_600_000 },
    { callers: 1000, durationMs: 30 * 60_000 },
  ],
  quick: [
    { callers: 10, durationMs: 3 * 3_600_000 },
    { callers: 100, durationMs: 20 * 60_000 },
    { callers: 1000, durationMs: 3 * 60_000 },
  ],
} as const;

/** Loss of the speed runs: a realistic, somewhat noisy channel. */
export const SPEED_LOSS = 0.1;

/**
 * Speed targets (issue 15 §3), on CPU time: µs of CPU per caller per simulated second at 100 and
 * at 1,000 callers, and the growth of that cost from 10 to 1,000 callers.
 */
export const SPEED_TARGETS = { cpuUsPerCallerSimS: 0.5, growth10To1000: 1.15 } as const;

/** Air-time runs: one full cell, at each loss. */
export const AIRTIME_RUN = { callers: CALLERS_PER_RECEIVER, durationMs: { full: 6 * 3_600_000, quick: 3_600_000 }, losses: [0, 0.1, 0.3] } as const;

interface Speed {
  r: CellsResult;
  durationMs: number;
  offline: number;
  /** Simulated seconds per wall-clock second. */
  speed: number;
  /** Wall µs per caller per simulated second (the cost per unit of work). */
  costUs: number;
  /** The same run again in this process after every speed run had run once: CPU s after t = 0. */
  warmCpuS?: number;
}

/** Runs 10, 100 and 1,000 callers and one cell at three losses; reports speed and air time. */
export const run: SectionRunner = async ({ quick, log }) => {
  const speedRuns = quick ? SPEED_RUNS.quick : SPEED_RUNS.full;
  const speeds: Speed[] = [];
  for (const [i, s] of speedRuns.entries()) {
    let offline = 0;
    const r = runCells({
      callers: s.callers,
      seed: 4001 + i,
      durationMs: s.durationMs,
      radio: { loss: SPEED_LOSS },
      hmac: keyedHmacSha256(),
      onEvent: (_d, e) => {
        if (e === "caller_offline") offline++;
      },
    });
    const simS = s.durationMs / 1000;
    speeds.push({ r, durationMs: s.durationMs, offline, speed: simS / r.wallS, costUs: (r.wallS * 1e6) / (s.callers * simS) });
    log(`scale ${s.callers} callers: ${fmtDuration(s.durationMs)} in ${r.wallS.toFixed(1)} s wall (${fmtNum(simS / r.wallS)} sim s / wall s)`);
  }
  // Each run again, same seed, once all have run: the code is then compiled (V8 compiles the
  // firmware and the simulator on helper threads during the first runs, CPU that
  // process.cpuUsage counts; the first runs' figures include it, these do not).
  for (const [i, s] of speedRuns.entries()) {
    const r = runCells({ callers: s.callers, seed: 4001 + i, durationMs: s.durationMs, radio: { loss: SPEED_LOSS }, hmac: keyedHmacSha256() });
    speeds[i]!.warmCpuS = r.cpuS;
  }

  const airRuns = AIRTIME_RUN.losses.map((loss, i) => {
    const durationMs = quick ? AIRTIME_RUN.durationMs.quick : AIRTIME_RUN.durationMs.full;
    const r = runCells({ callers: AIRTIME_RUN.callers, seed: 4101 + i, durationMs, radio: { loss }, hmac: keyedHmacSha256() });
    return { loss, r, hours: durationMs / 3_600_000 };
  });

  const base = speeds[0]!;
  const cpuCost = (s: Speed) => (s.r.cpuS * 1e6) / (s.r.callers * (s.durationMs / 1000));
  const warmCost = (s: Speed) => (s.warmCpuS! * 1e6) / (s.r.callers * (s.durationMs / 1000));
  const speedTable: Table = {
    title: "Simulator speed, one process, all callers heartbeating",
    columns: ["callers", "receivers (cells of 20)", "simulated", "queue events", "wall (CPU)", "simulated s per wall s (per CPU s)", "wall (CPU) µs per caller per simulated s", "CPU cost per caller vs 10 callers", "the same run again (compiled): CPU µs per caller per simulated s, vs 10 callers", "boot at t = 0: CPU per device", "false offline", "seed"],
    rows: speeds.map((s, i) => [
      fmtInt(s.r.callers),
      fmtInt(s.r.receivers),
      fmtDuration(s.durationMs),
      fmtInt(s.r.steps),
      `${fmtNum(s.r.wallS)} s (${fmtNum(s.r.cpuS)} s)`,
      `${fmtNum(s.speed)} (${fmtNum(s.durationMs / 1000 / s.r.cpuS)})`,
      `${fmtNum(s.costUs)} (${fmtNum(cpuCost(s))})`,
      `${fmtNum(cpuCost(s) / cpuCost(base))}×`,
      `${fmtNum(warmCost(s))} (${fmtNum(warmCost(s) / warmCost(base))}×)`,
      `${fmtNum((s.r.bootCpuS * 1e6) / (s.r.callers + s.r.receivers))} µs`,
      fmtInt(s.offline),
      String(4001 + i),
    ]),
    note:
      `Wall time measured with performance.now() around the run after t = 0 and CPU time of this process (process.cpuUsage) over the same span; wall well above CPU means the machine was busy with other work. ` +
      `The runs go 10, 100, 1,000 callers, then each again with the same seed (same events): the first runs carry the cost of compiling the code (V8's optimising compiler runs on helper threads of this process, counted in its CPU time); the second ones show the cost of the simulation itself. ` +
      `Building the devices and everything at t = 0 (each device powering up and its app starting) is setup, measured apart (boot column), not divided by simulated seconds. ` +
      `${fmtPct(SPEED_LOSS)} loss on every link. Real apps and HMAC-SHA256 (the simulator's host HMAC, \`tools/sim/host-hmac.ts\`). ` +
      `Simulated s per wall s = how much faster than real time the whole deployment runs.`,
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

  const growth = lineChart({
    title: "Simulator cost per caller as the deployment grows",
    xLabel: "callers (log scale)",
    yLabel: "µs per caller per simulated s",
    xLog: true,
    xRange: [5, 2000],
    yRange: [0, Math.max(...speeds.map((s) => Math.max(s.costUs, cpuCost(s)))) * 1.25],
    series: [
      { name: "wall clock", points: speeds.map((s) => [s.r.callers, s.costUs] as [number, number]), dots: true },
      { name: "CPU time", points: speeds.map((s) => [s.r.callers, cpuCost(s)] as [number, number]), dots: true },
    ],
  });

  const k = speeds[speeds.length - 1]!;
  const idle = airRows[0]!;
  const growth10To1000 = cpuCost(k) / cpuCost(base);
  const summary: SummaryRow[] = [
    ...speeds
      .filter((s) => s.r.callers >= 100)
      .map(
        (s): SummaryRow => ({
          what: `Simulator CPU per caller per simulated s, ${fmtInt(s.r.callers)} callers (heartbeats, ${fmtPct(SPEED_LOSS)} loss)`,
          target: `≤ ${SPEED_TARGETS.cpuUsPerCallerSimS} µs (≥ ${fmtInt(1e6 / SPEED_TARGETS.cpuUsPerCallerSimS / s.r.callers)} simulated s per CPU s)`,
          measured: `${fmtNum(cpuCost(s))} µs (${fmtNum(s.durationMs / 1000 / s.r.cpuS)} simulated s per CPU s)`,
          verdict: cpuCost(s) <= SPEED_TARGETS.cpuUsPerCallerSimS ? "pass" : "fail",
        }),
      ),
    {
      what: "Simulator CPU cost per caller, 1,000 callers against 10",
      target: `≤ ${SPEED_TARGETS.growth10To1000}×`,
      measured: `${fmtNum(growth10To1000)}× (${fmtNum(k.speed)} simulated s per wall s at 1,000 callers)`,
      verdict: growth10To1000 <= SPEED_TARGETS.growth10To1000 ? "pass" : "fail",
    },
    {
      what: "Simulator CPU per caller per simulated s, the same runs again once compiled (10 / 100 / 1,000 callers)",
      target: "—",
      measured: `${speeds.map((s) => fmtNum(warmCost(s))).join(" / ")} µs; 1,000 callers against 10: ${fmtNum(warmCost(k) / warmCost(base))}×`,
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
      "sharing one simulated air and one event queue in one process (`bench/cells.ts` wires the simulator's own medium, devices and the real apps; no override of the peer limit). " +
      `The simulated medium models each link on its own and has no collisions or carrier sense, so the channel share below is computed from the frames sent, not simulated. Heartbeat period ${SETTINGS_DEFAULTS.heartbeatMs / 1000} s (default).`,
    summary,
    tables: [speedTable, airTable],
    plots: [{ file: "scale-cost.svg", caption: "Wall and CPU time per caller per simulated second, 10 → 1,000 callers", svg: growth }],
    notes: [
      "A linear simulator keeps the cost per caller flat as callers grow; a rise means work that grows faster than the number of devices (the event queue is a binary heap, log n per event). Each run includes booting its devices at t = 0 (1,050 of them for 1,000 callers), a larger share of a shorter run.",
      `Field figure: Ajax's hub serves 119 devices at its default 36 s ping (39 at 12 s). The channel share shows air time is not our limit at 20 callers a receiver; the ESP-NOW peer limit is.`,
    ],
    seeds: [...speedRuns.map((_, i) => 4001 + i), ...AIRTIME_RUN.losses.map((_, i) => 4101 + i)],
    failures: [
      ...speeds.filter((s) => s.offline > 0).map((s) => ({ what: `${s.offline} caller_offline with ${s.r.callers} callers alive`, scenario: `bench scale ${s.r.callers} callers at ${SPEED_LOSS * 100} % loss`, seed: 4001 + speeds.indexOf(s), detail: "bench/cells.ts" })),
      ...summary
        .filter((row) => row.verdict === "fail")
        .map((row) => ({ what: `${row.what}: ${row.measured}, target ${row.target}`, scenario: `bench scale at ${SPEED_LOSS * 100} % loss`, seed: 4001, detail: "profile and what remains: bench/README.md, “Simulator profile”" })),
    ],
    figures: {
      speed: speeds.map((s) => ({
        callers: s.r.callers,
        receivers: s.r.receivers,
        sim_ms: s.durationMs,
        steps: s.r.steps,
        wall_s: +s.r.wallS.toFixed(3),
        cpu_s: +s.r.cpuS.toFixed(3),
        boot_cpu_s: +s.r.bootCpuS.toFixed(3),
        cpu_us_per_caller_sim_s: +cpuCost(s).toFixed(3),
        sim_s_per_wall_s: +s.speed.toFixed(1),
        wall_us_per_caller_sim_s: +s.costUs.toFixed(3),
        warm_cpu_s: +s.warmCpuS!.toFixed(3),
        warm_cpu_us_per_caller_sim_s: +warmCost(s).toFixed(3),
        caller_offline: s.offline,
        radio: s.r.stats,
      })),
      airtime: airRows.map((a, i) => ({ ...a, radio: airRuns[i]!.r.stats, up: airRuns[i]!.r.up, down: airRuns[i]!.r.down })),
    },
  };
};
