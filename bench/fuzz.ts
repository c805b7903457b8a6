/**
 * Section "fuzz": millions of random, mutated, forged, relabelled, reflected and replayed frames
 * through a receiver's `SecureChannel`, interleaved with genuine traffic (`forgery.ts`):
 * accepted forgeries and crashes must be 0, every genuine frame must still be accepted, and the
 * rate at which the post throws bad frames away is measured in the same run.
 * And fuzzed modem output against the whole receiver (issue 14, `harness/modem-fuzz.ts`): seeded
 * runs of the simulator in which the LTE modem's bytes are corrupted at random points during an
 * alarm; nothing may throw out of the app and the siren must keep the alarm until acknowledged.
 */
import { CHANNEL_DEFAULTS } from "../firmware/core/channel.ts";
import { hmacSha256 } from "../tools/sim/hmac.ts";
import { fmtInt, fmtNum, fmtOf } from "./format.ts";
import { FRAME_CLASSES, runFuzz, type FrameClass, type FuzzCounts } from "./forgery.ts";
import type { SectionRunner, SummaryRow, Table } from "./section.ts";
import { barChart } from "./svg.ts";
import { checkModemFuzz, FUZZ_KINDS, type ModemFuzzRun } from "./harness/modem-fuzz.ts";

/** Seeded runs of the modem fuzz against the whole receiver (`make test` runs seeds 1…8). */
export const MODEM_FUZZ_RUNS = { full: 300, quick: 30 } as const;
/** The first seed of the modem fuzz runs (seeds follow it). */
export const MODEM_FUZZ_SEED = 14_000;

/** Attack frames per class. */
export const FUZZ_COUNTS: { full: FuzzCounts; quick: FuzzCounts } = {
  full: { random: 1_500_000, structured: 100_000, mutated: 300_000, wrong_key: 50_000, sender_swap: 30_000, replay: 100_000, reflected: 20_000 },
  quick: { random: 50_000, structured: 10_000, mutated: 20_000, wrong_key: 5000, sender_swap: 2000, replay: 5000, reflected: 2000 },
};

export const FUZZ_SEED = 5001;

const CLASS_TEXT: Record<FrameClass, string> = {
  random: "random bytes, 0–300 long",
  structured: "right version, kind and length; random fields and tag",
  mutated: "genuine frame with 1–4 edits (flip, set, cut, append, swap)",
  wrong_key: "well-formed, fresh counter, tag under a guessed key",
  sender_swap: "genuine frame relabelled with another caller's id",
  replay: "exact copy of an accepted frame",
  reflected: "the post's own frame sent back to it",
  legit: "genuine frames from the 20 callers",
};

const MODEM_FUZZ_TEXT: Record<(typeof FUZZ_KINDS)[number], string> = {
  garbage: "1–200 random bytes, and the next 1–4 chunks of the modem's output garbled",
  urc: "1–4 valid-looking URCs or finals at once (+CLCC, +RXDTMF: 1, NO CARRIER, OK, > , +CMS ERROR …)",
  truncated_pdu: "+CMT with a wrong length and an SMS-DELIVER PDU cut at a random point",
  cut_line: "the next 1–3 chunks of the modem's output cut short",
  silence: "everything the modem says dropped for 1–60 s (one per run for 150–210 s)",
};

/** Runs the forgery campaign against a post's SecureChannel and reports what it accepted. */
export const run: SectionRunner = async ({ quick, log }) => {
  const counts = quick ? FUZZ_COUNTS.quick : FUZZ_COUNTS.full;
  const t0 = performance.now();
  const r = runFuzz({ seed: FUZZ_SEED, counts, hmac: hmacSha256 });
  const wallS = (performance.now() - t0) / 1000;
  const attack = FRAME_CLASSES.filter((c) => c !== "legit");
  const attackFrames = attack.reduce((s, c) => s + r.byClass[c].frames, 0);
  const attackMs = attack.reduce((s, c) => s + r.byClass[c].openMs, 0);
  const attackCpuMs = attack.reduce((s, c) => s + r.byClass[c].openCpuMs, 0);
  const rate = (frames: number, ms: number) => (ms > 0 ? frames / (ms / 1000) : 0);
  log(`fuzz: ${attackFrames} attack frames, ${r.acceptedForgeries} accepted, ${r.crashes} crashes, ${fmtNum(rate(attackFrames, attackMs))} frames/s, ${wallS.toFixed(1)} s`);

  const modemRuns = quick ? MODEM_FUZZ_RUNS.quick : MODEM_FUZZ_RUNS.full;
  const cpu0 = process.cpuUsage();
  const modem: ModemFuzzRun[] = [];
  for (let k = 0; k < modemRuns; k++) modem.push(checkModemFuzz(MODEM_FUZZ_SEED + k));
  const cpu = process.cpuUsage(cpu0);
  const modemCpuS = (cpu.user + cpu.system) / 1e6;
  const broken = modem.filter((m) => m.problems.length > 0);
  const episodes = modem.flatMap((m) => m.episodes);
  const modemSimS = modem.reduce((s, m) => s + m.endMs, 0) / 1000;
  log(`fuzz: modem, ${modemRuns} runs, ${episodes.length} episodes, ${broken.length} broken, ${modemCpuS.toFixed(1)} s CPU`);

  const table: Table = {
    title: "Frames through the post's SecureChannel, by class",
    columns: ["class", "what", "frames", "accepted", "crashes", "refused as", "open() rate, wall (CPU)"],
    rows: FRAME_CLASSES.map((c) => {
      const t = r.byClass[c];
      const reasons = Object.entries(t.reasons)
        .sort((a, b) => b[1] - a[1])
        .map(([k, v]) => `${k} ${fmtInt(v)}`)
        .join(", ");
      return [c, CLASS_TEXT[c], fmtInt(t.frames), fmtInt(t.accepted), fmtInt(t.crashes), reasons || "—", `${fmtInt(rate(t.frames, t.openMs))} /s (${fmtInt(rate(t.frames, t.openCpuMs))} /s)`];
    }),
    note:
      "A frame of any class but `legit` that is accepted is an accepted forgery. Each genuine frame is delivered after its own mutants and relabels, so refusing one would show a forgery had poisoned the replay window. " +
      "Rate = frames ÷ wall time spent inside `open()` for that class (batches of 2,000 timed with performance.now(); generating the frames is not timed); in brackets the same per CPU second of this process, which other work on the machine does not inflate. " +
      "HMAC-SHA256 is `tools/sim/hmac.ts` (@noble/hashes, pure JavaScript); frames that reach the tag check cost one HMAC, the rest are refused before it.",
  };

  const plot = barChart({
    title: "Rejection rate by frame class (frames per second, wall clock)",
    xLabel: "frames refused per second (log scale)",
    xLog: true,
    bars: attack.map((c) => ({ label: c, value: rate(r.byClass[c].frames, r.byClass[c].openMs), note: `${fmtInt(rate(r.byClass[c].frames, r.byClass[c].openMs))} /s` })),
  });

  const summary: SummaryRow[] = [
    { what: "Forged, mutated and replayed frames accepted", target: "0", measured: `${fmtInt(r.acceptedForgeries)} of ${fmtInt(attackFrames)}`, verdict: r.acceptedForgeries === 0 ? "pass" : "fail" },
    { what: "Crashes (throws) on bad frames", target: "0", measured: `${fmtInt(r.crashes)} of ${fmtInt(attackFrames + r.byClass.legit.frames)}`, verdict: r.crashes === 0 ? "pass" : "fail" },
    {
      what: "Genuine frames still accepted amid the attack",
      target: "all",
      measured: fmtOf(r.byClass.legit.accepted, r.byClass.legit.frames),
      verdict: r.refusedGenuine === 0 && r.byClass.legit.accepted === r.byClass.legit.frames ? "pass" : "fail",
    },
    {
      what: "Fuzzed modem output against the whole receiver: runs where an exception escaped, the siren left the alarm before the acknowledge, an alarm was not recorded or acked, a caller was lost, or a long silence was no fault",
      target: "0",
      measured: `${fmtInt(broken.length)} of ${fmtInt(modemRuns)} runs`,
      verdict: broken.length === 0 ? "pass" : "fail",
    },
    { what: "Rejection throughput (all attack classes)", target: "—", measured: `${fmtInt(rate(attackFrames, attackMs))} frames/s wall (${fmtInt(rate(attackFrames, attackCpuMs))} per CPU s), host`, verdict: "info" },
  ];

  return {
    id: "fuzz",
    title: "Fuzz and forgery",
    method:
      `A post with 20 provisioned callers (one key each, replay window ${CHANNEL_DEFAULTS.replayWindowFrames} frames) opens ${fmtInt(attackFrames)} attack frames in seven classes, ` +
      `interleaved with ${fmtInt(r.byClass.legit.frames)} genuine frames sealed by the callers' own channels. One in four frames is handed over as a view into a larger buffer (non-zero byteOffset). ` +
      `The whole run took ${fmtNum(wallS)} s wall. ` +
      `Then ${fmtInt(modemRuns)} seeded runs of the whole receiver in the simulator with the LTE modem's output fuzzed during an alarm (harness/modem-fuzz.ts): each must throw nothing out of the app, keep the siren on the alarm cadence until the officer acknowledges, record and ack both callers' alarms, lose no caller, and report a long silence as a modem fault.`,
    summary,
    tables: [
      table,
      {
        title: "Fuzzed modem output against the whole receiver (issue 14)",
        columns: ["episode", "count", "what the fuzzer does"],
        rows: FUZZ_KINDS.map((k) => [k, fmtInt(episodes.filter((e) => e.kind === k).length), MODEM_FUZZ_TEXT[k]]),
        note:
          `${fmtInt(modemRuns)} seeded runs (seeds ${MODEM_FUZZ_SEED}…${MODEM_FUZZ_SEED + modemRuns - 1}) of the simulator (Node engine): a post with an LTE modem and two duty phones that never answer, two callers pressing at 2 s and 70 s, the officer acknowledging at 400 s; 4–10 episodes per run between 1 s and 380 s, one a silence of at least 150 s. ` +
          `${fmtInt(modem.reduce((s, m) => s + m.bytesInjected, 0))} bytes injected or garbled, ${fmtInt(modem.reduce((s, m) => s + m.chunksDropped, 0))} chunks of the modem's output dropped or cut; the receiver reported ${fmtInt(modem.reduce((s, m) => s + m.modemNoise, 0))} modem_noise and ${fmtInt(modem.reduce((s, m) => s + m.modemFaults, 0))} modem_fault. ` +
          `${fmtNum(modemSimS)} simulated s in ${modemCpuS.toFixed(1)} s CPU.`,
      },
    ],
    plots: [{ file: "fuzz-rates.svg", caption: "Rejection rate by frame class", svg: plot }],
    notes: r.examples.length ? [`Examples: ${r.examples.map((e) => `${e.class} ${e.what}: \`${e.hex}\``).join("; ")}`] : [],
    seeds: [FUZZ_SEED, MODEM_FUZZ_SEED],
    failures: [
      ...(r.acceptedForgeries || r.crashes || r.refusedGenuine
        ? [{ what: `${r.acceptedForgeries} forgeries accepted, ${r.crashes} crashes, ${r.refusedGenuine} genuine frames refused`, scenario: "bench/forgery.ts runFuzz", seed: FUZZ_SEED, detail: r.examples.map((e) => `${e.class}: ${e.what} ${e.hex}`).join("; ") }]
        : []),
      ...broken.slice(0, 20).map((m) => ({ what: "fuzzed modem output broke the receiver", scenario: "bench/harness/modem-fuzz.ts checkModemFuzz", seed: m.seed, detail: m.problems.join("; ") })),
    ],
    figures: { counts, ...r, wall_s: +wallS.toFixed(2), modem: { runs: modemRuns, broken: broken.length, episodes: episodes.length, cpu_s: +modemCpuS.toFixed(2) } },
  };
};
