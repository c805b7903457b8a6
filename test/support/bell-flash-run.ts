/**
 * Runs `bell flash …` as a child process (the real command line: argument parsing, output, exit
 * status) with a bound on its run time, for the pty tests against the fake ROM.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** What the command did. */
export interface BellRun {
  /** Exit status; `null` when it was killed at the time bound. */
  code: number | null;
  stdout: string;
  stderr: string;
  /** Wall time, ms. */
  elapsedMs: number;
  /** True when the time bound killed it (a hang). */
  timedOut: boolean;
}

/**
 * Runs `node tools/bin/bell.js flash ...args` and resolves when it exits or `timeoutMs` passes
 * (then it is killed and `timedOut` is true). Never rejects.
 */
export function runBellFlash(args: readonly string[], timeoutMs: number): Promise<BellRun> {
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(repoRoot, "tools/bin/bell.js"), "flash", ...args], {
    cwd: repoRoot,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, BELL_DEBUG: "" },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (s: string) => (stdout += s));
  child.stderr.setEncoding("utf8").on("data", (s: string) => (stderr += s));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill("SIGKILL");
  }, timeoutMs);
  return new Promise((resolve) => {
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, elapsedMs: performance.now() - started, timedOut });
    });
  });
}
