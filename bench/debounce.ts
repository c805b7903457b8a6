/**
 * Section "debounce": hostile input on the caller's button — bounce, EMI bursts, slow edges,
 * sags, short taps (`hostile-input.ts`, generated with ground truth) and real logic-analyzer
 * captures (`../shared/data/traces/`) — played onto the button pin of a simulated caller, whose
 * `press` events are counted: false presses and missed presses must both be 0.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { SETTINGS_DEFAULTS } from "../firmware/core/config.ts";
import { Random } from "../tools/sim/random.ts";
import { runScenario, type SimEvent } from "../tools/sim/run.ts";
import { readTraceEdges } from "../tools/sim/trace-input.ts";
import { callerId, deployment, POST_ID } from "./deployment.ts";
import { fmtInt } from "./format.ts";
import { HOSTILE_CLASSES, hostileEvent, type HostileClass } from "./hostile-input.ts";
import { keyedHmacSha256 } from "./keyed-hmac.ts";
import type { Failure, SectionRunner, SummaryRow, Table } from "./section.ts";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
/** Real captures, found as `../shared/data/traces` from the repo root. */
export const CAPTURES_DIR = path.resolve(REPO, "../shared/data/traces");

/** Events per generated class. */
export const DEBOUNCE_EVENTS = { full: 500, quick: 40 } as const;
export const DEBOUNCE_SEED = 6001;
/** Quiet between events, ms (the debounced level settles; the officer resets in it). */
const QUIET_MS = 2000;
/** A press event counts for an event if it comes before the event's end plus this, ms. */
const LATE_MS = 1000;

/** One window of input with its ground truth: how many presses it must give. */
interface Window {
  label: string;
  fromMs: number;
  toMs: number;
  /** Presses required (clear presses). */
  required: number;
  /** Presses allowed at most (≥ required; more than required only for ambiguous real input). */
  allowed: number;
}

interface Tally {
  windows: number;
  required: number;
  got: number;
  missed: number;
  extra: number;
}

/** Plays the windows' edges onto caller c01's button and counts press events per window. */
function play(name: string, seed: number, strategy: "defer" | "eager", inputs: Array<Record<string, unknown>>, windows: Window[], durationMs: number): { byLabel: Map<string, Tally>; stray: number } {
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
function generated(count: number): { inputs: Array<Record<string, unknown>>; windows: Window[]; durationMs: number } {
  const r = new Random(DEBOUNCE_SEED, "bench:hostile");
  const classes = Object.keys(HOSTILE_CLASSES) as HostileClass[];
  const inputs: Array<Record<string, unknown>> = [];
  const windows: Window[] = [];
  let t = 3000;
  for (let k = 0; k < count; k++) {
    for (const cls of classes) {
      const ev = hostileEvent(cls, r, SETTINGS_DEFAULTS.debounceMs);
      inputs.push({ at_ms: t, device: callerId(0), edges: ev.edges });
      const end = t + Math.ceil(ev.lengthMs);
      windows.push({ label: cls, fromMs: t, toMs: end + LATE_MS, required: ev.press ? 1 : 0, allowed: ev.press ? 1 : 0 });
      inputs.push({ at_ms: end + LATE_MS + 100, device: POST_ID, button: "acknowledge" }, { at_ms: end + LATE_MS + 500, device: POST_ID, button: "reset" });
      t = end + LATE_MS + QUIET_MS;
    }
  }
  return { inputs, windows, durationMs: t + 1000 };
}

/** A real capture: which signal, whether to invert it, and its ground truth. */
interface Capture {
  file: string;
  signal: string;
  invert: boolean;
  /** Words for the report. */
  text: string;
  truth: "no_press" | "dcf77";
}

export const CAPTURES: readonly Capture[] = [
  { file: "ir_nec_button1_press.vcd", signal: "IR Toy IRRX", invert: false, text: "IR remote, one press: demodulated bursts ≤ 9 ms", truth: "no_press" },
  { file: "ir_nec_button1_press.vcd", signal: "IR Toy IRDETECT", invert: false, text: "IR remote, one press: 38 kHz carrier, µs pulses", truth: "no_press" },
  { file: "ir_nec_button1_hold.vcd", signal: "IR Toy IRRX", invert: false, text: "IR remote held: NEC repeat codes, ≈ 36,000 edges", truth: "no_press" },
  { file: "dcf77_120s.vcd", signal: "DATA", invert: true, text: "DCF77 receiver, 120 s, inverted: one 100/200 ms mark a second, real noise", truth: "dcf77" },
  { file: "dcf77_480s_interrupted.vcd", signal: "DATA", invert: true, text: "DCF77 receiver, 480 s with power cuts, inverted", truth: "dcf77" },
];

/**
 * DCF77 ground truth: a second mark starts with a pulse (pressed level) beginning ≥ 700 ms after
 * the previous mark's start; it is **clear** if it holds the pressed level ≥ 2 windows without a
 * break of `MIN_BREAK_MS`, and must then give exactly one press; a fainter mark may give one
 * press or none; nothing outside a mark may give a press.
 */
function dcf77Windows(edges: Array<[number, 0 | 1]>, offsetMs: number, windowMs: number): Window[] {
  const windows: Window[] = [];
  let markStart = -Infinity;
  let current: Window | undefined;
  let pressedAt: number | undefined;
  let longest = 0;
  const close = () => {
    if (!current) return;
    current.required = longest >= 2 * windowMs ? 1 : 0;
    current.label = current.required ? "clear mark" : "faint mark";
    windows.push(current);
  };
  for (const [us, level] of edges) {
    const ms = us / 1000;
    if (level === 0) {
      if (ms - markStart >= 700) {
        close();
        markStart = ms;
        current = { label: "", fromMs: offsetMs + ms, toMs: offsetMs + ms + 600, required: 0, allowed: 1 };
        longest = 0;
      }
      pressedAt = ms;
    } else if (pressedAt !== undefined) {
      longest = Math.max(longest, ms - pressedAt);
      pressedAt = undefined;
    }
  }
  close();
  return windows;
}

interface CaptureResult {
  capture: Capture;
  edges: number;
  status: "measured" | "absent" | "unreadable";
  why?: string;
  tally?: Map<string, Tally>;
  stray?: number;
}

function playCapture(c: Capture): CaptureResult {
  const file = path.join(CAPTURES_DIR, c.file);
  if (!existsSync(file)) return { capture: c, edges: 0, status: "absent", why: `${file} is absent` };
  let raw: Array<[number, 0 | 1]>;
  try {
    raw = readTraceEdges(file, c.signal) as Array<[number, 0 | 1]>;
  } catch (err) {
    return { capture: c, edges: 0, status: "unreadable", why: err instanceof Error ? err.message : String(err) };
  }
  const edges = c.invert ? raw.map(([us, l]): [number, 0 | 1] => [us, l === 0 ? 1 : 0]) : raw;
  // Start released: the pin idles at 1 before the trace begins.
  const at = 3000;
  const lastUs = edges.length ? edges[edges.length - 1]![0] : 0;
  const scenarioEdges: Array<[number, 0 | 1]> = edges.map(([u, l]) => [u / 1000, l]);
  if (!scenarioEdges.length || scenarioEdges[scenarioEdges.length - 1]![1] !== 1) scenarioEdges.push([lastUs / 1000 + 1, 1]);
  const windows: Window[] =
    c.truth === "dcf77" ? dcf77Windows(edges, at, SETTINGS_DEFAULTS.debounceMs) : [{ label: "whole capture", fromMs: at, toMs: at + lastUs / 1000 + LATE_MS, required: 0, allowed: 0 }];
  const inputs = [{ at_ms: at, device: callerId(0), edges: scenarioEdges }];
  const { byLabel, stray } = play(`bench debounce: ${c.file} ${c.signal}`, DEBOUNCE_SEED, "defer", inputs, windows, Math.ceil(at + lastUs / 1000 + 5000));
  return { capture: c, edges: edges.length, status: "measured", tally: byLabel, stray };
}

export const run: SectionRunner = async ({ quick, log }) => {
  const count = quick ? DEBOUNCE_EVENTS.quick : DEBOUNCE_EVENTS.full;
  const gen = generated(count);
  const defer = play("bench debounce: hostile input, defer", DEBOUNCE_SEED, "defer", gen.inputs, gen.windows, gen.durationMs);
  const eager = play("bench debounce: hostile input, eager", DEBOUNCE_SEED, "eager", gen.inputs, gen.windows, gen.durationMs);
  log(`debounce generated: ${gen.windows.length} events`);
  const captures = CAPTURES.map(playCapture);
  for (const c of captures) log(`debounce ${c.capture.file} ${c.capture.signal}: ${c.status}`);

  const classes = Object.keys(HOSTILE_CLASSES) as HostileClass[];
  const genTable: Table = {
    title: `Generated hostile input, ${fmtInt(count)} events per class, default debounce (${SETTINGS_DEFAULTS.debounceStrategy} ${SETTINGS_DEFAULTS.debounceMs} ms)`,
    columns: ["input", "is a press", "events", "press events", "missed presses", "false presses", "eager strategy: missed / false (for comparison)"],
    rows: classes.map((cls) => {
      const d = defer.byLabel.get(cls)!;
      const e = eager.byLabel.get(cls)!;
      return [HOSTILE_CLASSES[cls].text, HOSTILE_CLASSES[cls].press ? "yes" : "no", fmtInt(d.windows), fmtInt(d.got), fmtInt(d.missed), fmtInt(d.extra), `${fmtInt(e.missed)} / ${fmtInt(e.extra)}`];
    }),
    note:
      "Played as pin edges onto a simulated caller's button (µs resolution; the pin model posts `onReadable` 100 µs after an edge and reads the level then, as Moddable does), through the app's ButtonPin → ButtonInput → `press` event. " +
      `A press event counts for an event if it comes before the event's end + ${LATE_MS} ms; events are ${QUIET_MS / 1000} s apart. False = press events beyond what the event should give, plus any outside all events (defer: ${defer.stray}, eager: ${eager.stray}).`,
  };

  const capRows: string[][] = [];
  for (const c of captures) {
    if (c.status !== "measured") {
      capRows.push([`\`${c.capture.file}\` ${c.capture.signal}`, c.capture.text, "—", "not measured yet", "—", "—", c.why ?? ""]);
      continue;
    }
    const entries = [...c.tally!.entries()];
    const required = entries.reduce((s, [, t]) => s + t.required, 0);
    const got = entries.reduce((s, [, t]) => s + t.got, 0);
    const missed = entries.reduce((s, [, t]) => s + t.missed, 0);
    const extra = entries.reduce((s, [, t]) => s + t.extra, 0) + c.stray!;
    const detail = entries.map(([label, t]) => `${label}: ${fmtInt(t.windows)}`).join(", ");
    capRows.push([`\`${c.capture.file}\` ${c.capture.signal}`, c.capture.text, fmtInt(c.edges), `${fmtInt(got)} (required ${fmtInt(required)})`, fmtInt(missed), fmtInt(extra), detail]);
  }
  const capTable: Table = {
    title: "Real captures (sigrok-dumps, public domain), default debounce",
    columns: ["capture", "what", "edges", "press events", "missed", "false", "windows"],
    rows: capRows,
    note:
      "IR receiver output is interference that must never become a press. DCF77: a second mark is a pulse starting ≥ 700 ms after the last mark; a clear mark (pressed ≥ 2 windows without a break) must give exactly one press, a faint one may give one or none; a press outside every mark is false.",
  };

  const genMissed = classes.reduce((s, c) => s + defer.byLabel.get(c)!.missed, 0);
  const genFalse = classes.reduce((s, c) => s + defer.byLabel.get(c)!.extra, 0) + defer.stray;
  const measured = captures.filter((c) => c.status === "measured");
  const capMissed = measured.reduce((s, c) => s + [...c.tally!.values()].reduce((x, t) => x + t.missed, 0), 0);
  const capFalse = measured.reduce((s, c) => s + [...c.tally!.values()].reduce((x, t) => x + t.extra, 0) + c.stray!, 0);
  const eagerFalse = classes.reduce((s, c) => s + eager.byLabel.get(c)!.extra, 0) + eager.stray;

  const summary: SummaryRow[] = [
    { what: `False presses, generated hostile input (${fmtInt(gen.windows.length)} events)`, target: "0", measured: fmtInt(genFalse), verdict: genFalse === 0 ? "pass" : "fail" },
    { what: "Missed presses, generated hostile input", target: "0", measured: fmtInt(genMissed), verdict: genMissed === 0 ? "pass" : "fail" },
    measured.length
      ? {
          what: `False / missed presses, real captures (${measured.length} of ${captures.length} read)`,
          target: "0 / 0",
          measured: `${fmtInt(capFalse)} / ${fmtInt(capMissed)}`,
          verdict: capFalse === 0 && capMissed === 0 ? "pass" : "fail",
        }
      : { what: "False / missed presses, real captures", target: "0 / 0", measured: `not measured yet: ${captures[0]?.why ?? "no captures"}`, verdict: "info" },
  ];
  const failures: Failure[] = [];
  if (genFalse || genMissed) failures.push({ what: `${genFalse} false and ${genMissed} missed presses on generated input`, scenario: "bench debounce: hostile input, defer", seed: DEBOUNCE_SEED, detail: classes.map((c) => `${c}: ${JSON.stringify(defer.byLabel.get(c))}`).join("; ") });
  for (const c of measured) {
    const m = [...c.tally!.values()].reduce((x, t) => x + t.missed, 0);
    const f = [...c.tally!.values()].reduce((x, t) => x + t.extra, 0) + c.stray!;
    if (m || f) failures.push({ what: `${f} false and ${m} missed presses`, scenario: `bench debounce: ${c.capture.file} ${c.capture.signal}`, seed: DEBOUNCE_SEED, detail: c.capture.text });
  }

  return {
    id: "debounce",
    title: "Debounce on hostile input",
    method:
      `Defaults in force: ${SETTINGS_DEFAULTS.debounceStrategy} debounce, ${SETTINGS_DEFAULTS.debounceMs} ms window, hold-to-trigger ${SETTINGS_DEFAULTS.holdMs} ms. ` +
      "Ground truth follows the debounce contract: a level held for the window passes, a pulse shorter than the window never does; so true presses hold the pressed level at least two windows, and no disturbance holds one level a whole window. " +
      `The eager strategy (not the default) is run on the same input to show why the alarm button uses defer. EN 50131 asks that alarm signals of ≥ 400 ms be detected: far above the ${SETTINGS_DEFAULTS.debounceMs} ms window.`,
    summary,
    tables: [genTable, capTable],
    plots: [],
    notes: [`Eager on the same input: ${fmtInt(eagerFalse)} false presses — every EMI spike on an idle line becomes an alarm.`],
    seeds: [DEBOUNCE_SEED],
    failures,
    figures: {
      events_per_class: count,
      generated: Object.fromEntries(classes.map((c) => [c, { defer: defer.byLabel.get(c), eager: eager.byLabel.get(c) }])),
      stray: { defer: defer.stray, eager: eager.stray },
      captures: captures.map((c) => ({ file: c.capture.file, signal: c.capture.signal, status: c.status, why: c.why, edges: c.edges, windows: c.tally ? Object.fromEntries(c.tally) : null, stray: c.stray ?? null })),
    },
  };
};
