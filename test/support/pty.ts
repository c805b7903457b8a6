/**
 * Pseudo-terminal pairs made by socat, so that tests run the real serial path (node-serialport
 * on a real tty) with no hardware: what one end writes, the other end reads (host-tooling.md
 * §9.1). A pty has no DTR/RTS lines; reset sequences are tested on SerialPortMock instead.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/** True when socat is installed (`make test` installs it; elsewhere the pty tests skip). */
export const hasSocat = spawnSync("socat", ["-V"], { stdio: "ignore" }).status === 0;

/** Why pty tests are skipped, printed by the test files when `hasSocat` is false. */
export const NO_SOCAT_REASON = "socat is not installed (apt-get install socat; `make test` does it): pty tests skipped";

/** A connected pair of ptys: bytes written to `a` come out of `b` and back. */
export interface PtyPair {
  /** Path of one end (a symlink to /dev/pts/N). */
  a: string;
  /** Path of the other end. */
  b: string;
  /** Kills socat: both ends hang up at once, as a USB cable pulled out does. */
  unplug(): void;
  /** Kills socat (if still running) and removes the temporary directory. */
  close(): Promise<void>;
}

/** Bound on waiting for socat to create the pty links, ms. */
const PTY_READY_TIMEOUT_MS = 5000;
const PTY_POLL_MS = 20;

/**
 * Starts socat with a pty pair and waits (bounded) until both links exist.
 * @throws Error when socat does not create them within 5 s.
 */
export async function ptyPair(): Promise<PtyPair> {
  const dir = mkdtempSync(path.join(tmpdir(), "bell-pty-"));
  const a = path.join(dir, "a");
  const b = path.join(dir, "b");
  const proc: ChildProcess = spawn("socat", [`pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], { stdio: "ignore" });
  const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
  const started = Date.now();
  while (!(existsSync(a) && existsSync(b))) {
    if (Date.now() - started > PTY_READY_TIMEOUT_MS || proc.exitCode !== null) {
      proc.kill();
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`socat did not create the pty pair within ${PTY_READY_TIMEOUT_MS} ms`);
    }
    await new Promise((r) => setTimeout(r, PTY_POLL_MS));
  }
  return {
    a,
    b,
    unplug: () => {
      proc.kill();
    },
    close: async () => {
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill();
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
