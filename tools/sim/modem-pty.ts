/**
 * A pseudo-terminal for `bell modem` (issue 14): socat makes a pty and links its slave side at
 * a path the user chooses; what a program writes there (a receiver build's UART driver over a
 * USB-serial adapter, `picocom`, the AT driver in a test) comes out of socat's stdout, and what
 * we write to socat's stdin is read there. The other end may open and close the path as often as
 * it likes (socat stays up, checked with socat 1.7.4); the link goes when we stop socat.
 *
 * socat is the Debian package the repo's serial tests already use (host-tooling.md §2, §12);
 * Node has no pty of its own, and node-pty would be a native module to build.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, lstatSync } from "node:fs";
import { JobError, UsageError } from "../errors.ts";

/** Stable id: the pseudo-terminal could not be made (socat missing, or it failed): exit 1. */
export const E_MODEM_PTY = "E_MODEM_PTY";
/** Stable id: a bad `bell modem` option (a path that is taken, a bad phone number…): exit 2. */
export const E_MODEM_OPTION = "E_MODEM_OPTION";

/** Defaults of `openPty`. */
export const PTY_DEFAULTS = {
  /** Bound on waiting for socat to create the link, ms. */
  readyTimeoutMs: 5_000,
  /** Poll period while waiting, ms. */
  pollMs: 20,
} as const;

/** Our end of the pty. */
export interface PtyEnd {
  /** Where the other program opens it (a symlink to /dev/pts/N). */
  readonly path: string;
  /** Sends bytes to the program on the other end. */
  write(bytes: Uint8Array): void;
  /** Resolves with a reason when socat ends by itself. */
  readonly ended: Promise<string>;
  /** Stops socat (the link goes); resolves when it has exited. */
  close(): Promise<void>;
}

/**
 * Makes a pty linked at `path`, bytes from it to `onData`.
 * @throws UsageError E_MODEM_OPTION when `path` exists and is not a stale link (socat would
 *   delete whatever is there); JobError E_MODEM_PTY when socat is not installed, exits, or does
 *   not make the link within `readyTimeoutMs`.
 */
export async function openPty(path: string, onData: (bytes: Uint8Array) => void, readyTimeoutMs: number = PTY_DEFAULTS.readyTimeoutMs): Promise<PtyEnd> {
  let stat: ReturnType<typeof lstatSync> | undefined;
  try {
    stat = lstatSync(path);
  } catch {
    stat = undefined;
  }
  if (stat !== undefined && !(stat.isSymbolicLink() && !existsSync(path))) {
    throw new UsageError(E_MODEM_OPTION, `--pty ${path}: something is there already (another bell modem, or a file socat would delete); give a free path, e.g. --pty /tmp/bell-modem-2 (${E_MODEM_OPTION})`);
  }
  const proc: ChildProcess = spawn("socat", [`pty,raw,echo=0,link=${path}`, "STDIO"], { stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  proc.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  proc.stdout!.on("data", (d: Buffer) => onData(new Uint8Array(d.buffer, d.byteOffset, d.length)));
  proc.stdin!.on("error", () => undefined); // socat gone: `ended` says why
  let spawnError: NodeJS.ErrnoException | undefined;
  const exited = new Promise<string>((resolve) => {
    proc.once("error", (err: NodeJS.ErrnoException) => {
      spawnError = err;
      resolve(err.code === "ENOENT" ? "socat is not installed (apt-get install socat)" : `socat could not start: ${err.message}`);
    });
    proc.once("exit", (code, signal) => resolve(`socat ended (${signal ?? `exit ${code}`})${stderr.trim() ? `: ${stderr.trim()}` : ""}`));
  });
  let gone: string | undefined;
  void exited.then((why) => (gone = why));
  const started = Date.now();
  while (!existsSync(path)) {
    if (gone !== undefined || spawnError !== undefined) throw new JobError(E_MODEM_PTY, `cannot make a pseudo-terminal at ${path}: ${gone ?? spawnError!.message} (${E_MODEM_PTY})`);
    if (Date.now() - started > readyTimeoutMs) {
      proc.kill();
      throw new JobError(E_MODEM_PTY, `cannot make a pseudo-terminal at ${path}: socat did not create it within ${readyTimeoutMs} ms (${E_MODEM_PTY})`);
    }
    await new Promise((r) => setTimeout(r, PTY_DEFAULTS.pollMs));
  }
  return {
    path,
    write: (bytes) => {
      if (proc.exitCode === null && proc.signalCode === null) proc.stdin!.write(bytes);
    },
    ended: exited,
    close: async () => {
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill();
        await exited;
      }
    },
  };
}
