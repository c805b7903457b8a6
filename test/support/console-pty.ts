/**
 * Test support for the console tools: pseudo-terminal pairs at fixed paths (so a pair can be
 * "unplugged" and "plugged back" at the same path), a simulated deployment whose devices sit on
 * consoles (`runWithConsoles`, in this process), and `bell …` run as a child process. Every wait
 * is bounded; every socat and child is killed at teardown.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { SimBoard } from "../../tools/sim/console.ts";
import { runWithConsoles } from "../../tools/sim/console-run.ts";
import type { RunResult, SimEvent } from "../../tools/sim/run.ts";
import { loadScenario } from "../../tools/sim/scenario.ts";

export { hasSocat, NO_SOCAT_REASON } from "./pty.ts";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** Polls `check` every 20 ms until it returns true or `timeoutMs` passes; resolves with the last result. */
export async function waitUntil(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const started = Date.now();
  for (;;) {
    if (check()) return true;
    if (Date.now() - started > timeoutMs) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A temporary directory, removed by `cleanup`. */
export function tempDir(prefix: string): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Every socat this process started and has not killed: killed on exit even if a test dies early. */
const liveSocats = new Set<ChildProcess>();
process.once("exit", () => {
  for (const proc of liveSocats) proc.kill();
});

/** A socat pty pair at fixed paths `device` (the board's end) and `host` (the tools' end). */
export class FixedPtyPair {
  private proc: ChildProcess | undefined;

  constructor(
    readonly device: string,
    readonly host: string,
  ) {}

  /** Starts socat (again) and waits, at most 5 s, for both links. */
  async plug(): Promise<void> {
    if (this.proc) throw new Error("already plugged");
    const proc = spawn("socat", [`pty,raw,echo=0,link=${this.device}`, `pty,raw,echo=0,link=${this.host}`], { stdio: "ignore" });
    this.proc = proc;
    liveSocats.add(proc);
    proc.once("exit", () => liveSocats.delete(proc));
    const ok = await waitUntil(() => existsSync(this.device) && existsSync(this.host), 15_000);
    if (!ok) {
      this.unplug();
      throw new Error("socat did not create the pty pair within 15 s");
    }
  }

  /** Kills socat: both ends hang up and the links go away, as a pulled USB cable. Waits (≤ 3 s) for it to exit. */
  async unplugAndWait(): Promise<void> {
    const proc = this.proc;
    this.unplug();
    if (proc && proc.exitCode === null && proc.signalCode === null) {
      await Promise.race([new Promise((r) => proc.once("exit", r)), new Promise((r) => setTimeout(r, 3000))]);
    }
    await waitUntil(() => !existsSync(this.host), 3000);
  }

  unplug(): void {
    this.proc?.kill();
    this.proc = undefined;
  }
}

/** A running simulated deployment with consoles. */
export interface ConsoleSim {
  /** The boards, by scenario id. */
  boards: ReadonlyMap<string, SimBoard>;
  /** Every event so far. */
  events: SimEvent[];
  /** Stops the run (bounded) and returns its result. */
  stop(): Promise<RunResult>;
}

/**
 * Starts a scenario (written to `dir/scenario.json`) paced to the wall clock, with the given
 * devices on consoles (device id → the pty end the board uses).
 */
export async function startConsoleSim(dir: string, scenario: unknown, consoles: Record<string, string>, unprovisioned: boolean): Promise<ConsoleSim> {
  const file = path.join(dir, "scenario.json");
  writeFileSync(file, JSON.stringify(scenario));
  const events: SimEvent[] = [];
  const boards = new Map<string, SimBoard>();
  const controller = new AbortController();
  const run = runWithConsoles({
    scenario: loadScenario(file),
    consoles: new Map(Object.entries(consoles)),
    unprovisioned,
    onEvent: (e) => events.push(e),
    note: () => undefined,
    signal: controller.signal,
    onBoards: (b) => {
      for (const [id, board] of b) boards.set(id, board);
    },
  });
  let failure: unknown;
  run.catch((err) => (failure = err));
  await waitUntil(() => boards.size > 0 || failure !== undefined, 5000);
  if (failure) throw failure;
  return {
    boards,
    events,
    stop: async () => {
      controller.abort();
      return Promise.race([run, new Promise<RunResult>((_, reject) => setTimeout(() => reject(new Error("the simulation did not stop within 5 s")), 5000))]);
    },
  };
}

/** What a `bell` child process did. */
export interface BellRun {
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/** A `bell` child process still running. */
export interface BellChild {
  readonly stdout: string;
  readonly stderr: string;
  /** Sends SIGINT (Ctrl-C) and resolves when it exits (killed after 5 s). */
  interrupt(): Promise<BellRun>;
  /** Resolves when it exits on its own, or kills it after `timeoutMs`. */
  done(timeoutMs: number): Promise<BellRun>;
}

/** Starts `node tools/bin/bell.js ...args` in `cwd`. */
export function startBell(args: readonly string[], cwd: string, env: Record<string, string> = {}): BellChild {
  const child = spawn(process.execPath, [path.join(repoRoot, "tools/bin/bell.js"), ...args], {
    cwd,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, BELL_DEBUG: "", BELL_REGISTRY: "", ...env },
  });
  let stdout = "";
  let stderr = "";
  let timedOut = false;
  child.stdout!.setEncoding("utf8").on("data", (s: string) => (stdout += s));
  child.stderr!.setEncoding("utf8").on("data", (s: string) => (stderr += s));
  const exited = new Promise<number | null>((resolve) => child.once("close", (code) => resolve(code)));
  const done = async (timeoutMs: number): Promise<BellRun> => {
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeoutMs);
    const code = await exited;
    clearTimeout(timer);
    return { code, stdout, stderr, timedOut };
  };
  return {
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
    interrupt: () => {
      child.kill("SIGINT");
      return done(5000);
    },
    done,
  };
}

/** Runs `bell ...args` to its end (killed after `timeoutMs`). */
export function runBell(args: readonly string[], cwd: string, timeoutMs: number, env: Record<string, string> = {}): Promise<BellRun> {
  return startBell(args, cwd, env).done(timeoutMs);
}
