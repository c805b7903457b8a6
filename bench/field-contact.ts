/**
 * Section "field-contact" (issue 10 point 3): a worn or dirty contact. A person holds the alarm
 * button for 3 s while the contact opens briefly and repeatedly; the table gives, for each
 * contact-open duration × period, how many alarms (caller `press` events) one such press gives
 * under the device defaults (`integrate` debounce) and under `defer` for comparison, beside the
 * hostile-input classes of the debounce section (`hostile-input.ts`: bounce, EMI, slow edges,
 * sags, taps) under both strategies. Played as pin edges onto the real caller app in the
 * simulator, as `bench/debounce.ts` does.
 *
 * Each cell is played `repeats` times; every open and every period is jittered by up to ±20 %
 * (seeded), and the first open falls at a random phase, because worn contacts are not clocks.
 * The promise: every cell inside the issue's range (opens of 0.1–3 ms every 10–30 ms) gives
 * exactly one alarm per press under the defaults, and no cell ever gives two; the hostile
 * classes stay at 0 false and 0 missed.
 */
import { SETTINGS_DEFAULTS } from "../firmware/core/config.ts";
import type { DebounceStrategy } from "../firmware/core/debounce/index.ts";
import { IntegrateDebouncer } from "../firmware/core/debounce/integrate.ts";
import { Random } from "../tools/sim/random.ts";
import { generated, play, type Window } from "./debounce.ts";
import { callerId, POST_ID } from "./deployment.ts";
import { fmtInt } from "./format.ts";
import { HOSTILE_CLASSES, type HostileClass } from "./hostile-input.ts";
import type { Failure, SectionRunner, SummaryRow, Table } from "./section.ts";

export const FIELD_CONTACT_SEED = 10_003;
/** Contact-open durations, ms, and periods, ms, of the table. */
export const OPEN_MS = [0.1, 0.2, 0.5, 1, 2, 3, 5, 8, 12] as const;
export const PERIOD_MS = [10, 15, 20, 25, 30, 50] as const;
/** The issue's range: opens of sub-ms to a few ms (here ≤ 3 ms) every 10–30 ms. */
const REQUIRED = { maxOpenMs: 3, minPeriodMs: 10, maxPeriodMs: 30 } as const;
/** How long each press is held, ms, and the idle time after it. */
const PRESS_MS = 3000;
const QUIET_MS = 3000;
/** Jitter of each open and period, as a share. */
const JITTER = 0.2;
/** Presses per cell. */
const REPEATS = { full: 20, quick: 2 } as const;
/** Hostile events per class. */
const HOSTILE_EVENTS = { full: 500, quick: 40 } as const;

const us = (ms: number) => Math.round(ms * 1000) / 1000;

/** The edges of one worn-contact press (offsets ms from the make; ends released). */
export function wornPressEdges(r: Random, openMs: number, periodMs: number, pressMs = PRESS_MS): Array<[number, 0 | 1]> {
  const edges: Array<[number, 0 | 1]> = [[0, 0]];
  const jitter = (x: number) => x * (1 + JITTER * (2 * r.float() - 1));
  let t = r.float() * periodMs;
  for (;;) {
    const o = Math.max(0.001, jitter(openMs));
    if (t + o >= pressMs - 1) break;
    edges.push([us(t), 1], [us(t + o), 0]);
    t += Math.max(o + 0.2, jitter(periodMs));
  }
  edges.push([pressMs, 1]);
  return edges;
}

const required = (o: number, p: number) => o <= REQUIRED.maxOpenMs && p >= REQUIRED.minPeriodMs && p <= REQUIRED.maxPeriodMs;

/** Every cell `repeats` times, as scenario inputs and windows labelled "o|P". */
function wornInputs(repeats: number): { inputs: Array<Record<string, unknown>>; windows: Window[]; durationMs: number } {
  const r = new Random(FIELD_CONTACT_SEED, "bench:field-contact");
  const inputs: Array<Record<string, unknown>> = [];
  const windows: Window[] = [];
  let t = 3000;
  for (let k = 0; k < repeats; k++) {
    for (const o of OPEN_MS) {
      for (const p of PERIOD_MS) {
        inputs.push({ at_ms: t, device: callerId(0), edges: wornPressEdges(r, o, p) });
        const need = required(o, p) ? 1 : 0;
        windows.push({ label: `${o}|${p}`, fromMs: t, toMs: t + PRESS_MS + QUIET_MS / 2, required: need, allowed: 1 });
        inputs.push({ at_ms: t + PRESS_MS + 200, device: POST_ID, button: "acknowledge" }, { at_ms: t + PRESS_MS + 600, device: POST_ID, button: "reset" });
        t += PRESS_MS + QUIET_MS;
      }
    }
  }
  return { inputs, windows, durationMs: t + 1000 };
}

/** Plays the worn-contact table and the hostile classes under the defaults and under `defer`. */
export const run: SectionRunner = async ({ quick, log }) => {
  const repeats = quick ? REPEATS.quick : REPEATS.full;
  const strategies: DebounceStrategy[] = [SETTINGS_DEFAULTS.debounceStrategy, ...(["defer", "integrate"] as const).filter((s) => s !== SETTINGS_DEFAULTS.debounceStrategy)];
  const worn = wornInputs(repeats);
  const wornBy = new Map(strategies.map((s) => [s, play(`bench field-contact: worn contact, ${s}`, FIELD_CONTACT_SEED, s, worn.inputs, worn.windows, worn.durationMs)]));
  log(`field-contact worn: ${worn.windows.length} presses per strategy`);
  const count = quick ? HOSTILE_EVENTS.quick : HOSTILE_EVENTS.full;
  const gen = generated(count);
  const hostileBy = new Map(strategies.map((s) => [s, play(`bench field-contact: hostile input, ${s}`, FIELD_CONTACT_SEED, s, gen.inputs, gen.windows, gen.durationMs)]));
  log(`field-contact hostile: ${gen.windows.length} events per strategy`);

  const cell = (s: DebounceStrategy, o: number, p: number): string => {
    const t = wornBy.get(s)!.byLabel.get(`${o}|${p}`)!;
    const exactlyOne = t.got === t.windows && t.extra === 0;
    const none = t.got === 0;
    return exactlyOne ? "alarm" : none ? "—" : `${t.got} of ${t.windows}`;
  };
  const wornTables: Table[] = strategies.map((s) => ({
    title: `Worn contact, ${s}${s === SETTINGS_DEFAULTS.debounceStrategy ? " (device default)" : ""}: a ${PRESS_MS / 1000} s press whose contact opens for o ms every P ms → alarms per press`,
    columns: ["open o \\ period P", ...PERIOD_MS.map((p) => `${p} ms`)],
    rows: OPEN_MS.map((o) => [`${o} ms`, ...PERIOD_MS.map((p) => cell(s, o, p))]),
    note:
      `“alarm”: each of the ${repeats} presses gave exactly one alarm; “—”: none did; “k of n”: k alarms over n presses (never two in one press unless k > n). ` +
      `Opens and periods jittered ±${JITTER * 100} %, random phase, debounce ${SETTINGS_DEFAULTS.debounceMs} ms, hold ${SETTINGS_DEFAULTS.holdMs} ms. ` +
      `The issue's range: o ≤ ${REQUIRED.maxOpenMs} ms, P ${REQUIRED.minPeriodMs}–${REQUIRED.maxPeriodMs} ms. integrate's boundary (firmware/core/debounce/README.md): passes when o < P / 3 as the ms ticks see it (evidence falls ${IntegrateDebouncer.fallPerMs}× as fast as it rises).`,
  }));

  const classes = Object.keys(HOSTILE_CLASSES) as HostileClass[];
  const hostileTable: Table = {
    title: `Hostile input beside it, ${fmtInt(count)} events per class: missed / false presses`,
    columns: ["input", "is a press", ...strategies.map((s) => `${s}${s === SETTINGS_DEFAULTS.debounceStrategy ? " (default)" : ""}: missed / false`)],
    rows: classes.map((c) => [HOSTILE_CLASSES[c].text, HOSTILE_CLASSES[c].press ? "yes" : "no", ...strategies.map((s) => {
      const t = hostileBy.get(s)!.byLabel.get(c)!;
      return `${fmtInt(t.missed)} / ${fmtInt(t.extra)}`;
    })]),
    note: `The generator and ground truth of the debounce section (bench/hostile-input.ts, bench/debounce.ts), seed ${6001}; stray presses outside every event: ${strategies.map((s) => `${s} ${hostileBy.get(s)!.stray}`).join(", ")}.`,
  };

  const def = SETTINGS_DEFAULTS.debounceStrategy;
  const wd = wornBy.get(def)!;
  let inRange = 0;
  let inRangeOk = 0;
  let doubles = 0;
  for (const o of OPEN_MS) for (const p of PERIOD_MS) {
    const t = wd.byLabel.get(`${o}|${p}`)!;
    doubles += t.extra;
    if (required(o, p)) {
      inRange += t.windows;
      inRangeOk += t.windows - t.missed;
    }
  }
  doubles += wd.stray;
  const hd = hostileBy.get(def)!;
  const hMissed = classes.reduce((n, c) => n + hd.byLabel.get(c)!.missed, 0);
  const hFalse = classes.reduce((n, c) => n + hd.byLabel.get(c)!.extra, 0) + hd.stray;
  const summary: SummaryRow[] = [
    { what: `Worn contact, opens ≤ ${REQUIRED.maxOpenMs} ms every ${REQUIRED.minPeriodMs}–${REQUIRED.maxPeriodMs} ms, ${PRESS_MS / 1000} s press: presses giving an alarm (defaults)`, target: "all", measured: `${fmtInt(inRangeOk)} of ${fmtInt(inRange)}`, verdict: inRangeOk === inRange ? "pass" : "fail" },
    { what: "Worn contact, any cell: a second alarm from one press (defaults)", target: "0", measured: fmtInt(doubles), verdict: doubles === 0 ? "pass" : "fail" },
    { what: `Hostile input beside it (defaults, ${fmtInt(gen.windows.length)} events): missed / false presses`, target: "0 / 0", measured: `${fmtInt(hMissed)} / ${fmtInt(hFalse)}`, verdict: hMissed === 0 && hFalse === 0 ? "pass" : "fail" },
  ];
  const failures: Failure[] = [];
  if (inRangeOk !== inRange || doubles) failures.push({ what: `worn contact: ${inRange - inRangeOk} presses without an alarm, ${doubles} extra alarms`, scenario: `bench field-contact: worn contact, ${def}`, seed: FIELD_CONTACT_SEED, detail: JSON.stringify(Object.fromEntries(wd.byLabel)) });
  if (hMissed || hFalse) failures.push({ what: `hostile input: ${hMissed} missed, ${hFalse} false`, scenario: `bench field-contact: hostile input, ${def}`, seed: FIELD_CONTACT_SEED, detail: JSON.stringify(Object.fromEntries(hd.byLabel)) });

  return {
    id: "field-contact",
    title: "Field cases: a worn contact",
    method:
      `A ${PRESS_MS / 1000} s press on a contact that opens briefly and repeatedly, for each open duration × period, ${repeats} times each with jitter, played as pin edges onto the real caller app (simulator, 100 µs edge → onReadable), ` +
      `under the device default (${def} debounce ${SETTINGS_DEFAULTS.debounceMs} ms, hold ${SETTINGS_DEFAULTS.holdMs} ms) and the other noise-immune strategy; beside it the hostile-input classes of the debounce section under both. The real captures are in the debounce section (played under the defaults).`,
    summary,
    tables: [...wornTables, hostileTable],
    plots: [],
    notes: [
      "defer refuses a press whose contact never stays closed a whole window: with opens every ≤ 30 ms it never raises the alarm, however long the press (the “—” cells of its table).",
    ],
    seeds: [FIELD_CONTACT_SEED],
    failures,
    figures: {
      repeats,
      hostile_events_per_class: count,
      worn: Object.fromEntries(strategies.map((s) => [s, Object.fromEntries(wornBy.get(s)!.byLabel)])),
      hostile: Object.fromEntries(strategies.map((s) => [s, Object.fromEntries(hostileBy.get(s)!.byLabel)])),
    },
  };
};
