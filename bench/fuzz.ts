/**
 * Section "fuzz": millions of random, mutated, forged, relabelled, reflected and replayed frames
 * through a receiver's `SecureChannel`, interleaved with genuine traffic (`forgery.ts`):
 * accepted forgeries and crashes must be 0, every genuine frame must still be accepted, and the
 * rate at which the post throws bad frames away is measured in the same run.
 */
import { CHANNEL_DEFAULTS } from "../firmware/core/channel.ts";
import { hmacSha256 } from "../tools/sim/hmac.ts";
import { fmtInt, fmtNum, fmtOf } from "./format.ts";
import { FRAME_CLASSES, runFuzz, type FrameClass, type FuzzCounts } from "./forgery.ts";
import type { SectionRunner, SummaryRow, Table } from "./section.ts";
import { barChart } from "./svg.ts";

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
    { what: "Rejection throughput (all attack classes)", target: "—", measured: `${fmtInt(rate(attackFrames, attackMs))} frames/s wall (${fmtInt(rate(attackFrames, attackCpuMs))} per CPU s), host`, verdict: "info" },
  ];

  return {
    id: "fuzz",
    title: "Fuzz and forgery",
    method:
      `A post with 20 provisioned callers (one key each, replay window ${CHANNEL_DEFAULTS.replayWindowFrames} frames) opens ${fmtInt(attackFrames)} attack frames in seven classes, ` +
      `interleaved with ${fmtInt(r.byClass.legit.frames)} genuine frames sealed by the callers' own channels. One in four frames is handed over as a view into a larger buffer (non-zero byteOffset). ` +
      `The whole run took ${fmtNum(wallS)} s wall.`,
    summary,
    tables: [table],
    plots: [{ file: "fuzz-rates.svg", caption: "Rejection rate by frame class", svg: plot }],
    notes: r.examples.length ? [`Examples: ${r.examples.map((e) => `${e.class} ${e.what}: \`${e.hex}\``).join("; ")}`] : [],
    seeds: [FUZZ_SEED],
    failures:
      r.acceptedForgeries || r.crashes || r.refusedGenuine
        ? [{ what: `${r.acceptedForgeries} forgeries accepted, ${r.crashes} crashes, ${r.refusedGenuine} genuine frames refused`, scenario: "bench/forgery.ts runFuzz", seed: FUZZ_SEED, detail: r.examples.map((e) => `${e.class}: ${e.what} ${e.hex}`).join("; ") }]
        : [],
    figures: { counts, ...r, wall_s: +wallS.toFixed(2) },
  };
};
