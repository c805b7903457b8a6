/**
 * Runs `bell …` as a child process for tests (the real CLI, through tools/bin/bell.js), with its
 * output collected and bounded waits on it.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Condition } from "./condition.ts";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** A running `bell` process. */
export class BellChild {
  readonly child: ChildProcess;
  stdout = "";
  stderr = "";
  /** Resolves with the exit code (or the signal name) when the process ends. */
  readonly exited: Promise<number | string>;
  readonly #changed = new Condition();

  /** @param args arguments after `bell`; @param stdin "pipe" to write to it, else "ignore". */
  constructor(args: readonly string[], stdin: "pipe" | "ignore" = "ignore") {
    this.child = spawn(process.execPath, [path.join(repoRoot, "tools/bin/bell.js"), ...args], { cwd: repoRoot, stdio: [stdin, "pipe", "pipe"] });
    this.child.stdout!.on("data", (c: Buffer) => {
      this.stdout += c.toString();
      this.#changed.notify();
    });
    this.child.stderr!.on("data", (c: Buffer) => {
      this.stderr += c.toString();
      this.#changed.notify();
    });
    this.exited = new Promise((resolve) => this.child.once("exit", (code, signal) => resolve(code ?? signal ?? -1)));
    process.once("exit", () => this.child.kill("SIGKILL"));
  }

  /** stdout lines so far. */
  get lines(): string[] {
    return this.stdout.split("\n").filter(Boolean);
  }

  /** Resolves once `condition()` holds over the output so far, or rejects after `timeoutMs`. */
  until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
    return this.#changed.until(condition, timeoutMs, what, () => `\nstdout:\n${this.stdout}\nstderr:\n${this.stderr}`);
  }

  /** Resolves with the exit status, or rejects (killing the process) after `timeoutMs`. */
  async exit(timeoutMs: number): Promise<number | string> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        this.child.kill("SIGKILL");
        reject(new Error(`bell did not exit within ${timeoutMs} ms\nstdout:\n${this.stdout}\nstderr:\n${this.stderr}`));
      }, timeoutMs);
    });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Kills with `signal` and resolves once the process is gone. */
  async kill(signal: NodeJS.Signals = "SIGKILL"): Promise<void> {
    this.child.kill(signal);
    await this.exited;
  }
}
