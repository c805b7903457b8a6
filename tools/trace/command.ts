/**
 * `bell trace …` (ARCHITECTURE §5, docs/traces.md):
 * - `bell trace debounce TRACE [--signal NAME] [--strategy defer|eager|integrate] [--window-ms N]
 *   [--active-high] [--start-ticks N] [--input-latency-us N] [--events [--hold-ms N]
 *   [--stuck-ms N]] [--json]`:
 *   replays one signal as the device would and prints each debounced transition
 *   (`{"t": ms, "pressed": bool}` with `--json`), or with `--events` each `ButtonInput` event
 *   (`{"t": ms, "event": "press"}`).
 * - `bell trace convert IN OUT [--signal NAME]`: between JSONL, VCD and CSV by extension (.sr
 *   as input only).
 * Bad input: `UsageError` (exit 2) with a stable id (E_TRACE_*) naming the file and line.
 */
import { SETTINGS_DEFAULTS } from "../../firmware/core/config.ts";
import type { Command } from "commander";
import { realpathSync, writeFileSync } from "node:fs";
import { systemErrorWords } from "../system-error.ts";
import path from "node:path";
import { DEBOUNCE_STRATEGIES, DEBOUNCE_WINDOW_LIMITS, type DebounceStrategy } from "../../firmware/core/debounce/index.ts";
import { BUTTON_DEFAULTS, BUTTON_LIMITS } from "../../firmware/core/press.ts";
import { JobError, UsageError } from "../errors.ts";
import { checkSignalChoice, encodeTrace, formatOf, pickSignal, readTraceFile } from "./formats.ts";
import { replayEvents, replayTransitions } from "./replay.ts";
import { PINS_DEFAULTS } from "../sim/pins.ts";
import { TraceErrorId } from "./trace-errors.ts";

/** Largest `--input-latency-us`, µs: the scenario schema's bound on `input_latency_us`. */
const INPUT_LATENCY_MAX_US = 1_000_000;
import type { Trace } from "./trace.ts";

interface DebounceFlags {
  signal?: string;
  strategy: string;
  windowMs: string;
  activeHigh?: boolean;
  startTicks: string;
  inputLatencyUs?: string;
  events?: boolean;
  holdMs?: string;
  stuckMs?: string;
  json?: boolean;
}

/** Parses an integer option, or throws E_TRACE_OPTION naming the flag and the range. */
function intOption(flag: string, value: string, min: number, max: number): number {
  const n = /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(TraceErrorId.option, `${flag}: expected an integer from ${min} to ${max}, got "${value}"`);
  }
  return n;
}

const ms = (t: number) => `${String(t).padStart(9)} ms`;

/** Runs `bell trace debounce`; returns the text to print. */
export function runDebounce(file: string, flags: DebounceFlags): string {
  if (!(DEBOUNCE_STRATEGIES as readonly string[]).includes(flags.strategy)) {
    throw new UsageError(TraceErrorId.option, `--strategy: expected ${DEBOUNCE_STRATEGIES.join(" or ")}, got "${flags.strategy}"`);
  }
  const strategy = flags.strategy as DebounceStrategy;
  const windowMs = intOption("--window-ms", flags.windowMs, DEBOUNCE_WINDOW_LIMITS.minMs, DEBOUNCE_WINDOW_LIMITS.maxMs);
  const startTicks = intOption("--start-ticks", flags.startTicks, 0, 0xffff_ffff);
  const inputLatencyUs = intOption("--input-latency-us", flags.inputLatencyUs ?? String(PINS_DEFAULTS.inputLatencyUs), 0, INPUT_LATENCY_MAX_US);
  if (!flags.events && (flags.holdMs !== undefined || flags.stuckMs !== undefined)) {
    throw new UsageError(TraceErrorId.option, "--hold-ms and --stuck-ms apply to the press detector: add --events");
  }
  const holdMs = intOption("--hold-ms", flags.holdMs ?? String(SETTINGS_DEFAULTS.holdMs), 0, BUTTON_LIMITS.holdMaxMs);
  const stuckMs = intOption("--stuck-ms", flags.stuckMs ?? String(BUTTON_DEFAULTS.stuckMs), BUTTON_LIMITS.stuckMinMs, BUTTON_LIMITS.stuckMaxMs);
  if (stuckMs <= holdMs) throw new UsageError(TraceErrorId.option, `--stuck-ms (${stuckMs}) must exceed --hold-ms (${holdMs})`);

  checkSignalChoice(file, flags.signal); // a sigrok header names its signals: answer before decoding
  const trace = readTraceFile(file);
  const signal = pickSignal(trace, flags.signal);
  const options = { debounce: { strategy, windowMs }, activeLow: !flags.activeHigh, startTicks, holdMs, stuckMs, inputLatencyUs };
  const lines: string[] = [];
  const wiring = flags.activeHigh ? "active-high" : "active-low";
  const header = `${path.basename(file)}, signal ${JSON.stringify(signal.name)} (${wiring}), ${strategy} ${windowMs} ms`;
  if (flags.events) {
    const { events, stats } = replayEvents(signal, trace.endMs, options);
    if (flags.json) for (const e of events) lines.push(JSON.stringify(e));
    else {
      lines.push(`${header}, hold ${holdMs} ms, stuck ${stuckMs} ms: ${stats.edges} edges, ${stats.reads} reads`);
      for (const e of events) lines.push(`${ms(e.t)}  ${e.event}`);
      lines.push(`${events.length} event(s)`);
    }
  } else {
    const { transitions, stats } = replayTransitions(signal, trace.endMs, options);
    if (flags.json) for (const tr of transitions) lines.push(JSON.stringify(tr));
    else {
      lines.push(`${header}: ${stats.edges} edges, ${stats.reads} reads`);
      for (const tr of transitions) lines.push(`${ms(tr.t)}  ${tr.pressed ? "pressed" : "released"}`);
      lines.push(`${transitions.length} transition(s)`);
    }
  }
  return lines.length ? lines.join("\n") + "\n" : "";
}

/** Whether two paths name one file (the same path, or links to one file). */
function sameFile(a: string, b: string): boolean {
  const real = (p: string) => {
    try {
      return realpathSync(p);
    } catch {
      return path.resolve(p);
    }
  };
  return real(a) === real(b);
}

/**
 * Runs `bell trace convert`; returns a one-line summary.
 * @throws UsageError E_TRACE_OPTION when OUT is IN (it would be overwritten), E_TRACE_* for bad
 *   input; JobError E_TRACE_WRITE when OUT cannot be written.
 */
export function runConvert(input: string, output: string, flags: { signal?: string }): string {
  const outFormat = formatOf(output);
  if (sameFile(input, output)) throw new UsageError(TraceErrorId.option, `${output}: is also the input; give the converted trace another name`);
  const trace = readTraceFile(input);
  const chosen: Trace = flags.signal === undefined ? trace : { ...trace, signals: [pickSignal(trace, flags.signal)] };
  const text = encodeTrace(chosen, outFormat, output);
  try {
    writeFileSync(output, text);
  } catch (err) {
    throw new JobError("E_TRACE_WRITE", `${output}: cannot write: ${systemErrorWords(err, "write")}`);
  }
  const edges = chosen.signals.reduce((n, s) => n + s.times.length, 0);
  return `${output}: ${chosen.signals.length} signal(s), ${edges} edges, ${chosen.endMs} ms\n`;
}

/** Adds `bell trace debounce` and `bell trace convert` to the program. */
export function register(program: Command): void {
  const trace = program.command("trace").description("signal traces: replay through the debouncer, convert between formats");
  trace
    .command("debounce")
    .description("replay one signal of a trace (.jsonl, .vcd, .csv, .sr) through the debouncer as the device would")
    .argument("<trace>", "trace file")
    .option("--signal <name>", "the signal to replay (default: the only one)")
    .option("--strategy <name>", `debounce strategy: ${DEBOUNCE_STRATEGIES.join(" | ")} (default: the device's, ${SETTINGS_DEFAULTS.debounceStrategy})`, SETTINGS_DEFAULTS.debounceStrategy)
    .option("--window-ms <n>", `debounce window, ms (1-1000; default: the device's, ${SETTINGS_DEFAULTS.debounceMs})`, String(SETTINGS_DEFAULTS.debounceMs))
    .option("--active-high", "pressed = level 1 (default: active-low, pressed = 0)")
    .option("--start-ticks <n>", "the device's tick counter at the trace's start (0 to 2^32-1)", "0")
    .option("--input-latency-us <n>", `edge to onReadable latency, µs (0-${INPUT_LATENCY_MAX_US}; a scenario device's input_latency_us)`, String(PINS_DEFAULTS.inputLatencyUs))
    .option("--events", "print press-detector events (press, release, stuck, stuck_cleared) instead of transitions")
    .option("--hold-ms <n>", `with --events: hold-to-trigger, ms (default ${SETTINGS_DEFAULTS.holdMs}, the device default)`)
    .option("--stuck-ms <n>", `with --events: stuck-button time, ms (default ${BUTTON_DEFAULTS.stuckMs})`)
    .option("--json", 'one JSON object a line: {"t": ms, "pressed": bool} (or {"t", "event"})')
    .action((file: string, flags: DebounceFlags) => {
      process.stdout.write(runDebounce(file, flags));
    });
  trace
    .command("convert")
    .description("convert a trace between JSONL, VCD and CSV (by extension; .sr as input only)")
    .argument("<in>", "input trace (.jsonl, .vcd, .csv, .sr)")
    .argument("<out>", "output trace (.jsonl, .vcd, .csv)")
    .option("--signal <name>", "keep only this signal")
    .action((input: string, output: string, flags: { signal?: string }) => {
      process.stdout.write(runConvert(input, output, flags));
    });
}
