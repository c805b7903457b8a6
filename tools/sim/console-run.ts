/**
 * `bell sim --console DEVICE=PATH …`: runs a scenario paced to the wall clock, with some of its
 * devices on serial consoles (pseudo-terminals), so that `bell provision` and `bell monitor` can
 * drive them as they drive boards (`tools/sim/console.ts`, `docs/console.md`).
 *
 * Pacing (`paced.ts`): every `tickMs` of wall time the simulation advances to the wall time elapsed since the
 * start (`Simulation.advanceTo`), so one virtual second lasts one real second; console lines are
 * answered between steps, at the virtual time reached. The run ends at `--until-ms` (virtual =
 * wall ms) or when stopped (Ctrl-C); the scenario's `duration_ms` does not end it, its inputs
 * still happen at their times. The summary closes the output as in a plain run.
 *
 * A console whose pseudo-terminal goes away (socat ended) is reopened when the path exists
 * again, as a board plugged back in; meanwhile the device runs on and its lines are dropped.
 */
import { existsSync } from "node:fs";
import { SerialPort } from "serialport";
import { UsageError } from "../errors.ts";
import { SimBoard } from "./console.ts";
import { runPaced } from "./paced.ts";
import { provision } from "./provision.ts";
import { Simulation, type RunResult, type SimEvent } from "./run.ts";
import { loadScenario, type Scenario } from "./scenario.ts";
import { phoneNames } from "./lte-scenario.ts";
import { Timeline } from "./timeline.ts";
import { errorText } from "../../firmware/core/error-text.ts";

/** Stable id of a bad `--console` (docs/console.md). */
export const E_SIM_CONSOLE = "E_SIM_CONSOLE";

/** Defaults of `runWithConsoles`. */
export const CONSOLE_RUN_DEFAULTS = {
  /** Wall time between simulation steps, ms. */
  tickMs: 10,
  /** Wall time between attempts to reopen a console that went away, ms. */
  reopenMs: 250,
  /** Serial speed (irrelevant on a pty; what a board's console uses). */
  baudRate: 115_200,
} as const;

/** Options of `runWithConsoles`. */
export interface ConsoleRunOptions {
  scenario: Scenario;
  seed?: number;
  /** Virtual (= wall) ms to stop at; default: run until `signal` aborts. */
  untilMs?: number;
  /** Device id → serial path (one end of a pty pair). */
  consoles: ReadonlyMap<string, string>;
  /** Console devices start with an empty identity store. */
  unprovisioned: boolean;
  /** Every event of the run, summary last (stdout in `bell sim`). */
  onEvent(e: SimEvent): void;
  /** Status text for a person (stderr in `bell sim`). */
  note(text: string): void;
  /** Stops the run (Ctrl-C). */
  signal?: AbortSignal;
  /** Also report pin changes and frames on the air. */
  detail?: boolean;
  /** Receives the boards once they exist (tests look into their stores). */
  onBoards?(boards: ReadonlyMap<string, SimBoard>): void;
}

/**
 * Checks the `--console` values: `DEVICE=PATH`, a device of the scenario, each once.
 * @throws UsageError E_SIM_CONSOLE naming the bad value and what is expected.
 */
export function parseConsoleSpecs(specs: readonly string[], scenario: Scenario): Map<string, string> {
  const ids = scenario.devices.map((d) => d.id);
  const out = new Map<string, string>();
  for (const spec of specs) {
    const eq = spec.indexOf("=");
    if (eq <= 0 || eq === spec.length - 1) {
      throw new UsageError(E_SIM_CONSOLE, `--console ${spec}: expected DEVICE=PATH, e.g. --console ${ids[1] ?? ids[0]}=/tmp/bell/clinic (E_SIM_CONSOLE)`);
    }
    const id = spec.slice(0, eq);
    const path = spec.slice(eq + 1);
    if (!ids.includes(id)) throw new UsageError(E_SIM_CONSOLE, `--console ${spec}: the scenario has no device "${id}" (it has: ${ids.join(", ")}) (E_SIM_CONSOLE)`);
    if (out.has(id)) throw new UsageError(E_SIM_CONSOLE, `--console: device "${id}" is given twice (E_SIM_CONSOLE)`);
    if (!existsSync(path)) {
      throw new UsageError(
        E_SIM_CONSOLE,
        `--console ${spec}: ${path} does not exist (E_SIM_CONSOLE)\n` +
          "  Make a pseudo-terminal pair first, e.g.\n" +
          `    socat pty,raw,echo=0,link=${path} pty,raw,echo=0,link=${path}-host &\n` +
          `  then give bell sim one end and the other tools the other: bell monitor --port ${path}-host`,
      );
    }
    out.set(id, path);
  }
  return out;
}

/**
 * Runs the scenario paced to the wall clock with the given consoles.
 * @throws UsageError E_SIM_CONSOLE when a console cannot be opened; SimAppError when app code throws.
 */
export async function runWithConsoles(o: ConsoleRunOptions): Promise<RunResult> {
  const ports = new Map<string, SerialPort | undefined>();
  const boards = new Map<string, SimBoard>();
  let sim: Simulation | undefined;
  const now = () => sim?.nowMs ?? 0;
  const write = (id: string, text: string) => {
    const port = ports.get(id);
    if (port?.isOpen) port.write(text);
  };
  sim = new Simulation(o.scenario, {
    seed: o.seed,
    untilMs: o.untilMs,
    openEnded: true,
    keepEvents: false,
    detail: o.detail,
    onEvent: (e) => {
      o.onEvent(e);
      for (const board of boards.values()) board.event(e);
    },
    starter: (p, apps) => {
      if (!o.consoles.has(p.device.id)) return undefined;
      const board = new SimBoard({ provisioned: p, unprovisioned: o.unprovisioned, write: (text) => write(p.device.id, text), nowMs: now });
      boards.set(p.device.id, board);
      return board.starter(apps);
    },
  });
  for (const [id, board] of boards) board.attach(sim.devices.get(id)!);
  o.onBoards?.(boards);

  let stopped = false;
  const timers = new Set<NodeJS.Timeout>();
  const open = async (id: string, path: string, first: boolean): Promise<void> => {
    const port = new SerialPort({ path, baudRate: CONSOLE_RUN_DEFAULTS.baudRate, autoOpen: false });
    try {
      await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
    } catch (err) {
      if (first) throw new UsageError(E_SIM_CONSOLE, `cannot open the console of ${id} at ${path}: ${errorText(err)} (E_SIM_CONSOLE)`);
      retry(id, path);
      return;
    }
    if (stopped) {
      port.close();
      return;
    }
    ports.set(id, port);
    port.on("data", (chunk: Buffer) => boards.get(id)!.receive(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length)));
    port.on("error", () => undefined); // a close follows; handled there
    port.on("close", () => {
      ports.set(id, undefined);
      if (stopped) return;
      o.note(`console of ${id}: ${path} went away; it is reopened when it exists again\n`);
      retry(id, path);
    });
    if (!first) o.note(`console of ${id}: ${path} reopened\n`);
  };
  const retry = (id: string, path: string) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (stopped) return;
      if (existsSync(path)) void open(id, path, false);
      else retry(id, path);
    }, CONSOLE_RUN_DEFAULTS.reopenMs);
    timers.add(timer);
  };
  try {
    for (const [id, path] of o.consoles) await open(id, path, true);
  } catch (err) {
    for (const port of ports.values()) port?.close();
    throw err;
  }

  const simulation = sim;
  try {
    await runPaced(simulation, { tickMs: CONSOLE_RUN_DEFAULTS.tickMs, signal: o.signal });
    return simulation.finish();
  } finally {
    stopped = true;
    for (const timer of timers) clearTimeout(timer);
    await Promise.all(
      [...ports.values()].map((port) => (port?.isOpen ? new Promise<void>((resolve) => port.drain(() => port.close(() => resolve()))) : undefined)),
    );
  }
}

/** What `bell sim` passes on when `--console` is given. */
export interface ConsoleCommandOptions {
  json?: boolean;
  seed?: number;
  untilMs?: number;
  detail?: boolean;
  engine: "node" | "xs";
  console: string[];
  unprovisioned?: boolean;
}

/**
 * `bell sim FILE --console DEVICE=PATH… [--unprovisioned]`: prints the timeline (or JSON Lines)
 * line by line as the paced run goes, status on stderr, and stops on Ctrl-C or SIGTERM.
 * @throws UsageError E_SIM_CONSOLE for a bad `--console`, `--unprovisioned` without it, or `--engine xs`.
 */
export async function consoleCommand(file: string, opts: ConsoleCommandOptions): Promise<void> {
  if (opts.console.length === 0) throw new UsageError(E_SIM_CONSOLE, "--unprovisioned needs --console DEVICE=PATH: it applies to the devices on a console (E_SIM_CONSOLE)");
  if (opts.engine !== "node") throw new UsageError(E_SIM_CONSOLE, "--console runs the firmware on Node only; leave out --engine xs (E_SIM_CONSOLE)");
  const scenario = loadScenario(file);
  const consoles = parseConsoleSpecs(opts.console, scenario);
  const seed = opts.seed ?? scenario.seed;
  const ids = provision(scenario.devices, seed).map((p) => p.identity);
  const timeline = new Timeline(
    { byId: new Map(ids.map((i) => [i.id, i.name])), byNodeId: new Map(ids.map((i) => [i.nodeId, i.name])), byAddress: new Map(ids.map((i) => [i.address, i.name])), byPhone: phoneNames(scenario.lte, ids) },
    Number.MAX_SAFE_INTEGER,
  );
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  const note = (text: string) => void process.stderr.write(text);
  note(
    `${scenario.name} — seed ${seed}, paced to the wall clock; consoles: ${[...consoles].map(([id, path]) => `${id} on ${path}`).join(", ")}` +
      `${opts.unprovisioned ? " (unprovisioned)" : ""}. Press Ctrl-C to stop.\n`,
  );
  try {
    await runWithConsoles({
      scenario,
      seed,
      untilMs: opts.untilMs,
      consoles,
      unprovisioned: opts.unprovisioned ?? false,
      detail: opts.detail,
      signal: controller.signal,
      note,
      onEvent: (e) => void process.stdout.write((opts.json ? JSON.stringify(e) : timeline.line(e)) + "\n"),
    });
  } finally {
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
  }
}
