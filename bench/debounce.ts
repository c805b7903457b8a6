/**
 * Section "debounce": hostile input on the caller's button — bounce, EMI bursts, slow edges,
 * sags, short taps (`hostile-input.ts`, generated with ground truth), the trace fixtures and real
 * logic-analyzer captures (`../shared/data/traces/`) — played onto the button pin of a simulated
 * caller, whose `press` events are counted: false presses and missed presses must both be 0.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { SETTINGS_DEFAULTS } from "../firmware/core/config.ts";
import type { DebounceStrategy } from "../firmware/core/debounce/index.ts";
import { Random } from "../tools/sim/random.ts";
import { runScenario, type SimEvent } from "../tools/sim/run.ts";
import { readTraceEdges } from "../tools/sim/trace-input.ts";
import { callerId, deployment, POST_ID } from "./deployment.ts";
import { fmtInt } from "./format.ts";
import { HOSTILE_CLASSES, hostileEvent, minPressMs, type HostileClass } from "./hostile-input.ts";
import { keyedHmacSha256 } from "./keyed-hmac.ts";
import { judgeRecording, type RecordedVerdict } from "./recorded-truth.ts";
import type { Failure, SectionRunner, SummaryRow, Table } from "./section.ts";
import { errorText } from "../firmware/core/error-text.ts";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
/** Real captures, found as `../shared/data/traces` from the repo root. */
export const CAPTURES_DIR = path.resolve(REPO, "../shared/data/traces");
/** The trace fixtures of the test suite. */
export const FIXTURES_DIR = path.join(REPO, "test/fixtures/traces");

/** Events per generated class. */
export const DEBOUNCE_EVENTS = { full: 500, quick: 40 } as const;
export const DEBOUNCE_SEED = 6001;
/** Quiet between events, ms (the debounced level settles; the officer resets in it). */
const QUIET_MS = 2000;
/** A press event counts for an event if it comes before the event's end plus this, ms. */
const LATE_MS = 1000;

/** One window of input with its ground truth: how many presses it must give. */
export interface Window {
  label: string;
  fromMs: number;
  toMs: number;
  /** Presses required (clear presses). */
  required: number;
  /** Presses allowed at most (≥ required; more than required only for ambiguous real input). */
  allowed: number;
}

export interface Tally {
  windows: number;
  required: number;
  got: number;
  missed: number;
  extra: number;
}

/** Plays the windows' edges onto caller c01's button and counts press events per window. */
export function play(name: string, seed: number, strategy: DebounceStrategy, inputs: Array<Record<string, unknown>>, windows: Window[], durationMs: number): { byLabel: Map<string, Tally>; stray: number } {
  const { scenario } = deployment({
    name,
    seed,
    durationMs,
    callers: 1,
    callerConfig: { debounce_strategy: strategy },
    inputs,
  });
  const presses: number[] = [];
  runScenario(scenario, {
    keepEvents: false,
    engine: { hmac: keyedHmacSha256() },
    onEvent: (e: SimEvent) => {
      if (e.event === "press" && e.device === callerId(0)) presses.push(e.t);
    },
  });
  const byLabel = new Map<string, Tally>();
  let i = 0;
  let stray = 0;
  for (const w of windows) {
    let got = 0;
    while (i < presses.length && presses[i]! < w.fromMs) {
      stray++;
      i++;
    }
    while (i < presses.length && presses[i]! <= w.toMs) {
      got++;
      i++;
    }
    const t = byLabel.get(w.label) ?? { windows: 0, required: 0, got: 0, missed: 0, extra: 0 };
    t.windows++;
    t.required += w.required;
    t.got += got;
    t.missed += Math.max(0, w.required - got);
    t.extra += Math.max(0, got - w.allowed);
    byLabel.set(w.label, t);
  }
  stray += presses.length - i;
  return { byLabel, stray };
}

/** The generated events, as scenario inputs and windows. */
export function generated(count: number): { inputs: Array<Record<string, unknown>>; windows: Window[]; durationMs: number } {
  const r = new Random(DEBOUNCE_SEED, "bench:hostile");
  const classes = Object.keys(HOSTILE_CLASSES) as HostileClass[];
  const inputs: Array<Record<string, unknown>> = [];
  const windows: Window[] = [];
  let t = 3000;
  for (let k = 0; k < count; k++) {
    for (const cls of classes) {
      const ev = hostileEvent(cls, r, SETTINGS_DEFAULTS.debounceMs, SETTINGS_DEFAULTS.holdMs);
      inputs.push({ at_ms: t, device: callerId(0), edges: ev.edges });
      const end = t + Math.ceil(ev.lengthMs);
      windows.push({ label: cls, fromMs: t, toMs: end + LATE_MS, required: ev.press ? 1 : 0, allowed: ev.press ? 1 : 0 });
      inputs.push({ at_ms: end + LATE_MS + 100, device: POST_ID, button: "acknowledge" }, { at_ms: end + LATE_MS + 500, device: POST_ID, button: "reset" });
      t = end + LATE_MS + QUIET_MS;
    }
  }
  return { inputs, windows, durationMs: t + 1000 };
}

/**
 * A recorded input: the trace fixtures (`test/fixtures/traces/`) and the real captures
 * (`../shared/data/traces/`). Judged against the debounce and hold contracts
 * (`recorded-truth.ts`); DCF77 captures are also read second by second.
 */
interface Recording {
  dir: "captures" | "fixtures";
  file: string;
  signal?: string;
  /** Invert the level: the capture is active-high (its pulse is the press). */
  invert: boolean;
  text: string;
  /** DCF77: the second marks in the capture, from the edge analysis in `source`. */
  dcf77Marks?: number;
  source?: string;
}

const DCF77_SOURCE = "test/trace/dcf77-data-gives-one-press-per-second-pulse.test.ts";

export const RECORDINGS: readonly Recording[] = [
  { dir: "fixtures", file: "bouncy-press.jsonl", invert: false, text: "a press with contact bounce" },
  { dir: "fixtures", file: "noise-burst.jsonl", invert: false, text: "a burst of short noise pulses" },
  { dir: "fixtures", file: "slow-edge.csv", invert: false, text: "a press through a slow, chattering edge" },
  { dir: "fixtures", file: "glitch.vcd", signal: "button", invert: false, text: "a glitch, then a press" },
  { dir: "captures", file: "ir_nec_button1_press.vcd", signal: "IR Toy IRRX", invert: false, text: "IR remote, one press: demodulated bursts ≤ 9 ms" },
  { dir: "captures", file: "ir_nec_button1_press.vcd", signal: "IR Toy IRDETECT", invert: false, text: "IR remote, one press: 38 kHz carrier, µs pulses" },
  { dir: "captures", file: "ir_nec_button1_hold.vcd", signal: "IR Toy IRRX", invert: false, text: "IR remote held: demodulated NEC repeat codes" },
  { dir: "captures", file: "ir_nec_button1_hold.vcd", signal: "IR Toy IRDETECT", invert: false, text: "IR remote held: the 38 kHz carrier" },
  { dir: "captures", file: "dcf77_120s.vcd", signal: "DATA", invert: true, text: "DCF77 receiver, 120 s: a 100/200 ms pulse a second, real reception noise", dcf77Marks: 99, source: DCF77_SOURCE },
  { dir: "captures", file: "dcf77_480s_interrupted.vcd", signal: "DATA", invert: true, text: "DCF77 receiver, 480 s with its power cut for 70 s", dcf77Marks: 402, source: DCF77_SOURCE },
];

/** DCF77: a press whose phase in the second is this far from its neighbours' is not at a mark, ms. */
const MARK_PHASE_TOLERANCE_MS = 150;
/** DCF77: neighbours on each side whose phases make the reference. */
const PHASE_NEIGHBOURS = 5;

/**
 * DCF77: which presses fall at a second mark. Marks come once a second at a slowly drifting
 * phase (the analyser's clock against DCF77's), interference at any phase; a press is at a mark
 * when its phase in the second is within the tolerance of the median phase of its neighbours.
 */
export function pressesAtMarks(pressesMs: readonly number[]): boolean[] {
  const phase = pressesMs.map((p) => ((p % 1000) + 1000) % 1000);
  const diff = (a: number, b: number) => ((((a - b) % 1000) + 1500) % 1000) - 500; // (−500, 500]
  return pressesMs.map((_, i) => {
    const d: number[] = [];
    for (let j = Math.max(0, i - PHASE_NEIGHBOURS); j <= Math.min(pressesMs.length - 1, i + PHASE_NEIGHBOURS); j++) if (j !== i) d.push(diff(phase[j]!, phase[i]!));
    if (d.length === 0) return true;
    d.sort((a, b) => a - b);
    return Math.abs(d[Math.floor(d.length / 2)]!) <= MARK_PHASE_TOLERANCE_MS;
  });
}

interface RecordingResult {
  recording: Recording;
  status: "measured" | "absent" | "unreadable";
  why?: string;
  edges: number;
  presses: number;
  verdict?: RecordedVerdict;
  /** DCF77: presses away from the second marks (interference, or the power going). */
  offMarks?: number;
}

/** Offset of a recording's start in the scenario, ms (after boot and the first heartbeat). */
const RECORDING_AT_MS = 3000;

function playRecording(rec: Recording): RecordingResult {
  const base: RecordingResult = { recording: rec, status: "measured", edges: 0, presses: 0 };
  const file = path.join(rec.dir === "captures" ? CAPTURES_DIR : FIXTURES_DIR, rec.file);
  if (!existsSync(file)) return { ...base, status: "absent", why: `${file} is absent` };
  let raw: Array<[number, 0 | 1]>;
  try {
    raw = readTraceEdges(file, rec.signal) as Array<[number, 0 | 1]>;
  } catch (err) {
    return { ...base, status: "unreadable", why: errorText(err) };
  }
  const edges = rec.invert ? raw.map(([us, l]): [number, 0 | 1] => [us, l === 0 ? 1 : 0]) : raw;
  const lastUs = edges.length ? edges[edges.length - 1]![0] : 0;
  const scenarioEdges: Array<[number, 0 | 1]> = edges.map(([u, l]) => [u / 1000, l]);
  if (!scenarioEdges.length || scenarioEdges[scenarioEdges.length - 1]![1] !== 1) scenarioEdges.push([lastUs / 1000 + 1, 1]);
  const { scenario } = deployment({
    name: `bench debounce: ${rec.file}${rec.signal ? ` ${rec.signal}` : ""}`,
    seed: DEBOUNCE_SEED,
    durationMs: Math.ceil(RECORDING_AT_MS + lastUs / 1000 + 5000),
    callers: 1,
    inputs: [{ at_ms: RECORDING_AT_MS, device: callerId(0), edges: scenarioEdges }],
  });
  const presses: number[] = [];
  runScenario(scenario, {
    keepEvents: false,
    engine: { hmac: keyedHmacSha256() },
    onEvent: (e: SimEvent) => {
      if (e.event === "press" && e.device === callerId(0)) presses.push(e.t - RECORDING_AT_MS);
    },
  });
  const endUs = lastUs + 1_000_000;
  const verdict = judgeRecording(edges, SETTINGS_DEFAULTS.debounceMs, SETTINGS_DEFAULTS.holdMs, endUs, presses);
  const offMarks = rec.dcf77Marks === undefined ? undefined : pressesAtMarks(presses).filter((at) => !at).length;
  return { ...base, edges: raw.length, presses: presses.length, verdict, offMarks };
}

/** Plays generated and recorded hostile input onto a caller and judges its presses. */
export const run: SectionRunner = async ({ quick, log }) => {
  const count = quick ? DEBOUNCE_EVENTS.quick : DEBOUNCE_EVENTS.full;
  const gen = generated(count);
  const defer = play("bench debounce: hostile input, defer", DEBOUNCE_SEED, "defer", gen.inputs, gen.windows, gen.durationMs);
  const eager = play("bench debounce: hostile input, eager", DEBOUNCE_SEED, "eager", gen.inputs, gen.windows, gen.durationMs);
  log(`debounce generated: ${gen.windows.length} events`);
  const recordings = RECORDINGS.map(playRecording);
  for (const c of recordings) log(`debounce ${c.recording.file}${c.recording.signal ? ` ${c.recording.signal}` : ""}: ${c.status}, ${c.presses} presses`);

  const classes = Object.keys(HOSTILE_CLASSES) as HostileClass[];
  const genTable: Table = {
    title: `Generated hostile input, ${fmtInt(count)} events per class, defaults (${SETTINGS_DEFAULTS.debounceStrategy} debounce ${SETTINGS_DEFAULTS.debounceMs} ms, hold ${SETTINGS_DEFAULTS.holdMs} ms)`,
    columns: ["input", "is a press", "events", "press events", "missed presses", "false presses", "eager debounce, same hold: missed / false (for comparison)"],
    rows: classes.map((cls) => {
      const d = defer.byLabel.get(cls)!;
      const e = eager.byLabel.get(cls)!;
      return [HOSTILE_CLASSES[cls].text, HOSTILE_CLASSES[cls].press ? "yes" : "no", fmtInt(d.windows), fmtInt(d.got), fmtInt(d.missed), fmtInt(d.extra), `${fmtInt(e.missed)} / ${fmtInt(e.extra)}`];
    }),
    note:
      "Played as pin edges onto a simulated caller's button (µs resolution; the pin model posts `onReadable` 100 µs after an edge and reads the level then, as Moddable does), through the app's ButtonPin → ButtonInput → `press` event. " +
      `A press event counts for an event if it comes before the event's end + ${LATE_MS} ms; the next event starts ${(LATE_MS + QUIET_MS) / 1000} s after one ends. False = press events beyond what the event should give, plus any outside all events (defer: ${defer.stray}, eager: ${eager.stray}).`,
  };

  const min = minPressMs(SETTINGS_DEFAULTS.debounceMs, SETTINGS_DEFAULTS.holdMs);
  const capTable: Table = {
    title: "Recorded input: trace fixtures and real captures (sigrok-dumps, public domain), defaults",
    columns: ["recording", "what", "edges", "press events", "contract: must / may", "missed", "false"],
    rows: recordings.map((c) => {
      const name = `\`${c.recording.file}\`${c.recording.signal ? ` ${c.recording.signal}` : ""}`;
      if (c.status !== "measured" || !c.verdict) return [name, c.recording.text, "—", `not measured: ${c.why ?? ""}`, "—", "—", "—"];
      const v = c.verdict;
      return [name, c.recording.text, fmtInt(c.edges), fmtInt(c.presses), `${fmtInt(v.required)} / ${fmtInt(v.allowed)}`, fmtInt(v.missed), fmtInt(v.extra)];
    }),
    note:
      "Judged against the contracts, not the code (`bench/recorded-truth.ts`): an ideal defer debouncer and hold run on the recorded µs edges, once with a window 1.5 ms shorter and a hold 3 ms shorter (the presses the device *may* give) and once with both longer (the presses it *must* give), which covers the device's 100 µs read latency and whole-ms ticks. " +
      "False = a press outside the “may” set (or a second one inside one); missed = a “must” press not given. DCF77 is played inverted: its pulse is the press.",
  };
  const dcf = recordings.filter((c) => c.recording.dcf77Marks !== undefined && c.status === "measured");
  const dcfTable: Table = {
    title: `DCF77 as a button: what the ${SETTINGS_DEFAULTS.holdMs} ms hold does to real interference`,
    columns: ["capture", "second marks (edge analysis)", "press events", "presses away from the marks", "second marks without a press"],
    rows: dcf.map((c) => {
      const atMarks = c.presses - (c.offMarks ?? 0);
      return [`\`${c.recording.file}\``, fmtInt(c.recording.dcf77Marks!), fmtInt(c.presses), fmtInt(c.offMarks ?? 0), fmtInt(Math.max(0, c.recording.dcf77Marks! - atMarks))];
    }),
    note:
      `Second marks: one 100/200 ms pulse a second, counted in ${DCF77_SOURCE}. A press is away from the marks when its phase in the second is more than ${MARK_PHASE_TOLERANCE_MS} ms from the median phase of its ${PHASE_NEIGHBOURS} neighbours on each side: an interference pulse (or the module losing power) that lasted ≥ ${min} ms once the debounce merged its gaps, which the contract cannot reject. ` +
      `Marks without a press: marks shorter than ${min} ms, refused by the hold (EN 50131 only asks for signals ≥ 400 ms). Informational: a DCF77 receiver is not a button.`,
  };

  const genMissed = classes.reduce((s, c) => s + defer.byLabel.get(c)!.missed, 0);
  const genFalse = classes.reduce((s, c) => s + defer.byLabel.get(c)!.extra, 0) + defer.stray;
  const measured = recordings.filter((c) => c.status === "measured");
  const capMissed = measured.reduce((s, c) => s + (c.verdict?.missed ?? 0), 0);
  const capFalse = measured.reduce((s, c) => s + (c.verdict?.extra ?? 0), 0);
  const eagerFalse = classes.reduce((s, c) => s + eager.byLabel.get(c)!.extra, 0) + eager.stray;

  const summary: SummaryRow[] = [
    { what: `False presses, generated hostile input (${fmtInt(gen.windows.length)} events)`, target: "0", measured: fmtInt(genFalse), verdict: genFalse === 0 ? "pass" : "fail" },
    { what: "Missed presses, generated hostile input", target: "0", measured: fmtInt(genMissed), verdict: genMissed === 0 ? "pass" : "fail" },
    measured.length
      ? {
          what: `False / missed presses, recorded input (${measured.length} of ${recordings.length} recordings read)`,
          target: "0 / 0",
          measured: `${fmtInt(capFalse)} / ${fmtInt(capMissed)}`,
          verdict: capFalse === 0 && capMissed === 0 ? "pass" : "fail",
        }
      : { what: "False / missed presses, recorded input", target: "0 / 0", measured: `not measured yet: ${recordings[0]?.why ?? "no recordings"}`, verdict: "info" },
  ];
  const failures: Failure[] = [];
  if (genFalse || genMissed) failures.push({ what: `${genFalse} false and ${genMissed} missed presses on generated input`, scenario: "bench debounce: hostile input, defer", seed: DEBOUNCE_SEED, detail: classes.map((c) => `${c}: ${JSON.stringify(defer.byLabel.get(c))}`).join("; ") });
  for (const c of measured) {
    const v = c.verdict!;
    if (v.missed || v.extra) {
      failures.push({
        what: `${v.extra} false and ${v.missed} missed presses`,
        scenario: `bench debounce: ${c.recording.file}${c.recording.signal ? ` ${c.recording.signal}` : ""}`,
        seed: DEBOUNCE_SEED,
        detail: `${c.presses} presses; the contract requires ${v.required}, allows ${v.allowed}`,
      });
    }
  }

  return {
    id: "debounce",
    title: "Debounce on hostile input",
    method:
      `Defaults in force: ${SETTINGS_DEFAULTS.debounceStrategy} debounce, ${SETTINGS_DEFAULTS.debounceMs} ms window, hold-to-trigger ${SETTINGS_DEFAULTS.holdMs} ms: ` +
      `a pressed pulse of ≥ ${minPressMs(SETTINGS_DEFAULTS.debounceMs, SETTINGS_DEFAULTS.holdMs)} ms gives a press (the release is debounced as late as the press), ${SETTINGS_DEFAULTS.debounceMs + SETTINGS_DEFAULTS.holdMs} ms after its first edge. ` +
      `Ground truth follows the debounce and hold contracts: true presses hold the pressed level at least ${2 * minPressMs(SETTINGS_DEFAULTS.debounceMs, SETTINGS_DEFAULTS.holdMs) + 10} ms at a stretch, and no disturbance holds it a whole debounce window. ` +
      `The eager strategy (not the default) is run on the same input to show why the alarm button uses defer. EN 50131 asks that alarm signals of ≥ 400 ms be detected: far above the ${SETTINGS_DEFAULTS.debounceMs} ms window.`,
    summary,
    tables: [genTable, capTable, dcfTable],
    plots: [],
    notes: [
      `Eager debounce on the same input: ${fmtInt(eagerFalse)} false presses${SETTINGS_DEFAULTS.holdMs > 0 ? ` even with the ${SETTINGS_DEFAULTS.holdMs} ms hold` : ""}: eager reports the first edge of a spike at once, so a noise train is seen as held.`,
    ],
    seeds: [DEBOUNCE_SEED],
    failures,
    figures: {
      events_per_class: count,
      generated: Object.fromEntries(classes.map((c) => [c, { defer: defer.byLabel.get(c), eager: eager.byLabel.get(c) }])),
      stray: { defer: defer.stray, eager: eager.stray },
      recordings: recordings.map((c) => ({
        dir: c.recording.dir,
        file: c.recording.file,
        signal: c.recording.signal ?? null,
        status: c.status,
        why: c.why ?? null,
        edges: c.edges,
        presses: c.presses,
        verdict: c.verdict ?? null,
        dcf77_marks: c.recording.dcf77Marks ?? null,
        presses_off_marks: c.offMarks ?? null,
      })),
    },
  };
};
