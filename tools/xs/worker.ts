/**
 * A synchronous driver of one `xsnap-worker` process: real XS (13.3, from @agoric/xsnap 0.15.0)
 * on the host, without the package's SES-based API (which would lock down the host process;
 * `reference/host-tooling.md` §10.2, §10.5).
 *
 * ## Why synchronous, and how
 * The simulator's engine is a synchronous discrete-event loop: when a device's timer fires, the
 * app's callback must have run — and every hal call it made must have been served in order —
 * before the next event. So a host → XS request here *blocks* until XS answers, and serves the
 * XS → host queries (`issueCommand`) that arrive meanwhile, on the same thread.
 *
 * xsnap speaks netstrings (`<len>:<payload>,`) on fd 3 (to XS) and fd 4 (from XS). Node cannot
 * make socketpairs or read a spawned child's pipes synchronously, so each channel is a named
 * FIFO (`mkfifo`) opened by the host with plain `open(2)` before the spawn:
 * - the child gets a *blocking* read end (fd 3) and write end (fd 4);
 * - the host keeps the other ends and uses `fs.writeSync` / `fs.readSync`, which block;
 * - the FIFOs are unlinked right after the spawn (open FIFOs work without a name), and both the
 *   child's stdout and stderr go to an unlinked temporary file, read only to explain a failure.
 * Opening a FIFO end blocks until the other end is open; a temporary O_RDWR descriptor (never
 * blocking on Linux, fifo(7)) holds the FIFO open while the real ends are opened, then closes.
 * Every descriptor is opened close-on-exec (libuv), so no other child inherits an end: when the
 * host dies the worker reads end of file and exits, and when the worker dies the host reads end
 * of file — no orphan either way.
 *
 * ## Bounds
 * - Wall time: each request arms the engine's `Watchdog` (`replyTimeoutMs`); a worker that does
 *   not answer in time is killed, the blocked read returns end of file, and the request throws
 *   `XsWorkerError` (`E_XS_TIMEOUT`).
 * - Computation: xsnap's own meter (`-l meteringLimit` computrons per crank) aborts a runaway
 *   loop with exit status 17.
 * - A worker that exits or crashes: end of file, `XsWorkerError` (`E_XS_DIED`) with the exit
 *   cause and the tail of its stderr.
 * An exception thrown inside XS (`!<message>` on the wire) is `XsError`; the worker stays usable.
 *
 * Each reply carries xsnap's meter (`.{"currentHeapCount":…,"compute":…,"allocate":…}\x01…`):
 * the last one is kept (`lastMeter`) and `compute` is summed (`computeTotal`).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { JobError } from "../errors.ts";
import { Watchdog, type WatchSlot } from "./watchdog.ts";

const require = createRequire(import.meta.url);

/** The xsnap-worker binary that @agoric/xsnap's postinstall builds (`npm ci` builds it). */
export const XSNAP_WORKER_BIN = path.join(
  path.dirname(require.resolve("@agoric/xsnap/package.json")),
  "xsnap-native/xsnap/build/bin/lin/release/xsnap-worker",
);

/**
 * The worker binary: xsnap by default; `WB_XS_WORKER` names another that speaks the same
 * protocol, e.g. `build/xs-host/wbxs`, the device's own XS 17.9.1 (tools/xs/host/).
 */
export const XS_WORKER_BIN = process.env.WB_XS_WORKER ? path.resolve(process.env.WB_XS_WORKER) : XSNAP_WORKER_BIN;

/** Which XS the workers run, for reports. */
export const XS_WORKER_LABEL = !process.env.WB_XS_WORKER
  ? "xsnap 0.15.0, XS 13.3.0"
  : path.basename(XS_WORKER_BIN) === "wbxs"
    ? "wbxs, XS 17.9.1 of Moddable SDK 8.2.3"
    : `${XS_WORKER_BIN} (WB_XS_WORKER)`;

/** Defaults of `XsWorkerOptions`. */
export const XS_WORKER_DEFAULTS = Object.freeze({
  name: "xs",
  /** Longest wait for one reply, ms (booting a bundle takes tens of ms). */
  replyTimeoutMs: 10_000,
  /**
   * Computrons per crank before xsnap aborts (`-l`): booting an app bundle costs about 10^5
   * and a simulated callback 10^3…10^4 (docs/xs-engine.md), so 10^8 only stops runaway loops.
   */
  meteringLimit: 100_000_000,
});

/** xsnap's meter, from each reply. */
export interface MeterUsage {
  /** Live slots of the XS heap (after the last collection, plus those allocated since). */
  currentHeapCount: number;
  /** Computrons of the last crank (one request). */
  compute: number;
  /** Bytes the machine has taken from the OS for its heaps (slots and chunks); only grows. */
  allocate: number;
}

/** A reply: the bytes XS returned (an ArrayBuffer completion value) and the meter. */
export interface XsReply {
  reply: Uint8Array;
  meter: MeterUsage;
}

/** Serves one XS → host query (`issueCommand(bytes)` in XS) and returns the answer bytes. */
export type QueryHandler = (query: Uint8Array) => Uint8Array;

/** Options of `XsWorker`. */
export interface XsWorkerOptions {
  /** Serves `issueCommand` queries from XS; synchronous. Default: answers nothing (empty). */
  handleQuery?: QueryHandler;
  /** Name in messages. Default "xs". */
  name?: string;
  /** Longest wait for one reply, ms, integer ≥ 1. Default 10000. */
  replyTimeoutMs?: number;
  /** Computrons per crank, integer ≥ 1 (xsnap `-l`). Default 10^8. */
  meteringLimit?: number;
  /** The watchdog that bounds waits (share one among many workers); default: the worker's own. */
  watchdog?: Watchdog;
}

/** An exception thrown inside XS (the worker stays usable). `message` is XS's `String(error)`. */
export class XsError extends Error {
  override get name() {
    return "XsError";
  }
  constructor(
    readonly worker: string,
    readonly xsMessage: string,
  ) {
    super(`${worker}: XS threw: ${explainXsMessage(xsMessage)}`);
  }
}

/** The worker itself failed: it died, timed out or broke the protocol (`id`: E_XS_DIED, E_XS_TIMEOUT, E_XS_PROTOCOL, E_XS_SPAWN). */
export class XsWorkerError extends JobError {
  override get name() {
    return "XsWorkerError";
  }
}

/**
 * Globals a Node program takes for granted and XS lacks (`reference/host-tooling.md` §10.3,
 * `reference/moddable.md` §7), with what device code uses instead.
 */
export const XS_ABSENT_GLOBALS: Readonly<Record<string, string>> = Object.freeze({
  console: "XS has no console: device code reports through the hal EventSink (trace() on the device)",
  setTimeout: "XS has no setTimeout: device code schedules through the hal Scheduler (Moddable Timer)",
  setInterval: "XS has no setInterval: device code schedules through the hal Scheduler (Moddable Timer)",
  clearTimeout: "XS has no clearTimeout: device code cancels through the hal Scheduler",
  process: "XS has no process: device code gets its configuration from the hal and mc/config",
  Buffer: "XS has no Buffer: use Uint8Array / ArrayBuffer",
  require: "XS has no require: the bundle must contain every module",
  structuredClone: "XS has no structuredClone",
  Intl: "XS has no Intl (ECMA-402)",
});

/**
 * Adds the reason to XS messages a Node habit provokes: "undefined variable" for the globals XS
 * lacks, "not writable" for an assignment to a property of a frozen built-in (the override
 * mistake: Moddable's preload freezes the built-ins, `reference/moddable.md` §7).
 */
export function explainXsMessage(message: string): string {
  const m = /get ([A-Za-z_$][\w$]*): undefined variable/.exec(message) ?? /([A-Za-z_$][\w$]*) is not defined/.exec(message);
  const why = m ? XS_ABSENT_GLOBALS[m[1]!] : undefined;
  if (why) return `${message} — ${why}`;
  const frozen = /set ([A-Za-z_$][\w$]*): not writable/.exec(message);
  if (frozen) {
    return `${message} — "${frozen[1]}" is inherited from a built-in prototype, which a Moddable build freezes: define it as a class field or a getter instead of assigning it`;
  }
  return message;
}

const COMMA = 0x2c;
const COLON = 0x3a;
const METER_SEPARATOR = 0x01;
/** Bytes read from the worker at a time. */
const READ_CHUNK_BYTES = 64 * 1024;
/** stderr bytes quoted in an error. */
const STDERR_TAIL_BYTES = 2000;

/** One xsnap-worker process, driven synchronously. */
export class XsWorker {
  readonly name: string;
  readonly pid: number;
  #handleQuery: QueryHandler;
  readonly #replyTimeoutMs: number;
  readonly #watchdog: Watchdog;
  readonly #ownWatchdog: boolean;
  readonly #slot: WatchSlot;
  readonly #proc: ChildProcess;
  readonly #toXs: number;
  readonly #fromXs: number;
  readonly #logFd: number;
  readonly #exit: Promise<number | null>;
  #buf = Buffer.alloc(READ_CHUNK_BYTES);
  #start = 0;
  #end = 0;
  #busy = false;
  #closed = false;
  #lastMeter: MeterUsage | undefined;
  #computeTotal = 0;
  #requests = 0;
  #queries = 0;

  /**
   * Spawns the worker (synchronously).
   * @throws RangeError/TypeError for bad options; XsWorkerError E_XS_SPAWN when the binary is
   *   missing (run `npm ci`: @agoric/xsnap's postinstall builds it) or cannot start.
   */
  constructor(options: XsWorkerOptions = {}) {
    const o = { ...XS_WORKER_DEFAULTS, ...options };
    for (const field of ["replyTimeoutMs", "meteringLimit"] as const) {
      if (!Number.isInteger(o[field]) || o[field] < 1) throw new RangeError(`${field} must be an integer ≥ 1, got ${o[field]}`);
    }
    if (options.handleQuery !== undefined && typeof options.handleQuery !== "function") throw new TypeError("handleQuery must be a function");
    this.name = o.name;
    this.#handleQuery = options.handleQuery ?? (() => new Uint8Array(0));
    this.#replyTimeoutMs = o.replyTimeoutMs;
    if (!fs.existsSync(XS_WORKER_BIN)) {
      throw new XsWorkerError("E_XS_SPAWN", `${this.name}: ${XS_WORKER_BIN} is missing: run \`npm ci\` (the @agoric/xsnap postinstall builds it; it needs make and gcc)`);
    }
    this.#ownWatchdog = options.watchdog === undefined;
    this.#watchdog = options.watchdog ?? new Watchdog();

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bell-xs-"));
    const toXsPath = path.join(dir, "to-xs");
    const fromXsPath = path.join(dir, "from-xs");
    const opened: number[] = [];
    try {
      const made = spawnSync("mkfifo", ["-m", "600", toXsPath, fromXsPath], { encoding: "utf8" });
      if (made.status !== 0) throw new XsWorkerError("E_XS_SPAWN", `${this.name}: mkfifo failed: ${made.error?.message ?? made.stderr}`);
      const { O_RDONLY, O_WRONLY, O_RDWR } = fs.constants;
      const open = (p: string, flags: number) => {
        const fd = fs.openSync(p, flags);
        opened.push(fd);
        return fd;
      };
      const holdTo = open(toXsPath, O_RDWR);
      const childIn = open(toXsPath, O_RDONLY);
      this.#toXs = open(toXsPath, O_WRONLY);
      const holdFrom = open(fromXsPath, O_RDWR);
      const childOut = open(fromXsPath, O_WRONLY);
      this.#fromXs = open(fromXsPath, O_RDONLY);
      this.#logFd = open(path.join(dir, "stderr"), fs.constants.O_RDWR | fs.constants.O_CREAT | fs.constants.O_TRUNC);
      for (const fd of [holdTo, holdFrom]) close(fd, opened);

      this.#proc = spawn(XS_WORKER_BIN, [this.name, "-l", String(o.meteringLimit)], {
        stdio: ["ignore", this.#logFd, this.#logFd, childIn, childOut],
      });
      const proc = this.#proc;
      this.#exit = new Promise((resolve) => {
        proc.once("exit", (code) => resolve(code));
        proc.once("error", () => resolve(null)); // a failed spawn: reported below, not thrown later
      });
      for (const fd of [childIn, childOut]) close(fd, opened);
      if (this.#proc.pid === undefined) throw new XsWorkerError("E_XS_SPAWN", `${this.name}: could not start ${XS_WORKER_BIN}`);
      this.pid = this.#proc.pid;
    } catch (err) {
      for (const fd of opened) fs.closeSync(fd);
      if (this.#ownWatchdog) this.#watchdog.close();
      throw err;
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    this.#slot = this.#watchdog.watch(this.pid);
  }

  /** Replaces the query handler (e.g. once the object that serves queries exists). */
  set handleQuery(handler: QueryHandler) {
    this.#handleQuery = handler;
  }

  /** Meter of the last reply, or undefined before the first. */
  get lastMeter(): MeterUsage | undefined {
    return this.#lastMeter;
  }

  /** Sum of `compute` over every reply so far (computrons). */
  get computeTotal(): number {
    return this.#computeTotal;
  }

  /** Requests answered and queries served so far. */
  get counts(): { requests: number; queries: number } {
    return { requests: this.#requests, queries: this.#queries };
  }

  /** True once `close` or `kill` ran, or the worker died. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Resolves with the exit status (null when killed by a signal) once the process is gone. */
  get exited(): Promise<number | null> {
    return this.#exit;
  }

  /**
   * Evaluates a script (global code; its completion value is the reply when it is an
   * ArrayBuffer, or has one as `.result`). Promise jobs run before the reply.
   * @throws XsError when the script throws; XsWorkerError when the worker fails.
   */
  evaluate(code: string): XsReply {
    return this.#request("e", Buffer.from(code, "utf8"));
  }

  /**
   * Calls the global `handleCommand(ArrayBuffer)` in XS, which must return an ArrayBuffer.
   * @throws XsError when it throws; XsWorkerError when the worker fails.
   */
  command(bytes: Uint8Array): XsReply {
    return this.#request("?", bytes);
  }

  /**
   * Asks the worker to quit and waits (bounded) for it to close its end.
   * Idempotent. Never throws: a worker that does not quit in time is killed.
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    try {
      this.#write("q", new Uint8Array(0));
      this.#slot.arm(this.#replyTimeoutMs);
      const scratch = Buffer.alloc(256);
      while (fs.readSync(this.#fromXs, scratch, 0, scratch.length, null) > 0);
    } catch {
      this.#proc.kill("SIGKILL");
    }
    this.#release();
  }

  /** Kills the worker at once (a power cut, or a failure). Idempotent. */
  kill(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#proc.kill("SIGKILL");
    zombieStatus(this.pid); // returns once the process has exited (bounded): a power cut is immediate
    this.#release();
  }

  /** The worker's stdout and stderr so far (the last `maxBytes`). */
  output(maxBytes = STDERR_TAIL_BYTES): string {
    try {
      const size = fs.fstatSync(this.#logFd).size;
      const length = Math.min(size, maxBytes);
      const out = Buffer.alloc(length);
      fs.readSync(this.#logFd, out, 0, length, size - length);
      return out.toString("utf8");
    } catch {
      return "";
    }
  }

  #release(): void {
    this.#slot.release();
    if (this.#ownWatchdog) this.#watchdog.close();
    for (const fd of [this.#toXs, this.#fromXs]) {
      try {
        fs.closeSync(fd);
      } catch {
        /* already closed */
      }
    }
    // The log stays readable until the process object is collected; close it once the worker is gone.
    void this.#exit.then(() => {
      try {
        fs.closeSync(this.#logFd);
      } catch {
        /* already closed */
      }
    });
  }

  #request(tag: string, body: Uint8Array): XsReply {
    if (this.#closed) throw new XsWorkerError("E_XS_DIED", `${this.name}: the worker is closed`);
    if (this.#busy) {
      throw new XsWorkerError("E_XS_PROTOCOL", `${this.name}: re-entrant request: a query handler called into the same XS worker while XS waits for its answer`);
    }
    this.#busy = true;
    try {
      this.#write(tag, body);
      for (;;) {
        const m = this.#readMessage();
        const kind = m[0];
        if (kind === 0x3f /* ? */) {
          this.#queries++;
          const answer = this.#handleQuery(m.subarray(1));
          this.#write("/", answer);
          continue;
        }
        if (kind === 0x2e /* . */) {
          this.#requests++;
          const sep = m.indexOf(METER_SEPARATOR);
          const meterText = m.subarray(1, sep < 0 ? m.length : sep).toString("latin1");
          this.#lastMeter = parseMeter(meterText);
          this.#computeTotal += this.#lastMeter.compute;
          return { reply: sep < 0 ? new Uint8Array(0) : new Uint8Array(m.subarray(sep + 1)), meter: this.#lastMeter };
        }
        if (kind === 0x21 /* ! */) {
          this.#requests++;
          throw new XsError(this.name, m.subarray(1).toString("utf8"));
        }
        throw this.#fail("E_XS_PROTOCOL", `unexpected message from xsnap: ${JSON.stringify(m.subarray(0, 80).toString("latin1"))}`);
      }
    } finally {
      this.#busy = false;
    }
  }

  #write(tag: string, body: Uint8Array): void {
    const head = Buffer.from(`${body.length + tag.length}:${tag}`, "latin1");
    const frame = Buffer.concat([head, body, Buffer.from([COMMA])]);
    this.#slot.arm(this.#replyTimeoutMs);
    try {
      let off = 0;
      while (off < frame.length) off += fs.writeSync(this.#toXs, frame, off, frame.length - off);
    } catch (err) {
      throw this.#fail("E_XS_DIED", `cannot write to the worker (${(err as Error).message})`);
    } finally {
      this.#slot.disarm();
    }
  }

  /** Reads one netstring payload, blocking (bounded by the watchdog). */
  #readMessage(): Buffer {
    for (;;) {
      const m = this.#parse();
      if (m) return m;
      if (this.#end === this.#buf.length) {
        const bigger = Buffer.alloc(this.#buf.length * 2);
        this.#buf.copy(bigger, 0, this.#start, this.#end);
        this.#end -= this.#start;
        this.#start = 0;
        this.#buf = bigger;
      }
      this.#slot.arm(this.#replyTimeoutMs);
      let n: number;
      try {
        n = fs.readSync(this.#fromXs, this.#buf, this.#end, this.#buf.length - this.#end, null);
      } catch (err) {
        throw this.#fail("E_XS_DIED", `cannot read from the worker (${(err as Error).message})`);
      } finally {
        this.#slot.disarm();
      }
      if (n === 0) {
        if (this.#slot.fired) throw this.#fail("E_XS_TIMEOUT", `no answer within ${this.#replyTimeoutMs} ms: killed`);
        throw this.#fail("E_XS_DIED", `the worker exited: ${describeExit(zombieStatus(this.pid))}`);
      }
      this.#end += n;
    }
  }

  #parse(): Buffer | undefined {
    const buf = this.#buf;
    const colon = buf.indexOf(COLON, this.#start);
    if (colon < 0 || colon >= this.#end) {
      if (this.#end - this.#start > 20) throw this.#fail("E_XS_PROTOCOL", "bad netstring length");
      return undefined;
    }
    const length = Number(buf.toString("latin1", this.#start, colon));
    if (!Number.isInteger(length) || length < 0) throw this.#fail("E_XS_PROTOCOL", "bad netstring length");
    const stop = colon + 1 + length;
    if (stop + 1 > this.#end) {
      if (stop + 1 > this.#buf.length + this.#start) {
        const bigger = Buffer.alloc(stop + 1 - this.#start + READ_CHUNK_BYTES);
        buf.copy(bigger, 0, this.#start, this.#end);
        this.#end -= this.#start;
        this.#start = 0;
        this.#buf = bigger;
      }
      return undefined;
    }
    if (buf[stop] !== COMMA) throw this.#fail("E_XS_PROTOCOL", "netstring without its comma");
    const message = buf.subarray(colon + 1, stop);
    this.#start = stop + 1;
    if (this.#start === this.#end) this.#start = this.#end = 0;
    return message;
  }

  /** Kills the worker and makes the error, with its stderr tail. */
  #fail(id: string, what: string): XsWorkerError {
    const wasClosed = this.#closed;
    this.#closed = true;
    if (!wasClosed) {
      this.#proc.kill("SIGKILL");
      this.#release();
    }
    const tail = this.output().trim();
    return new XsWorkerError(id, `${this.name} (pid ${this.pid}): ${what}${tail ? `\n--- xsnap output ---\n${tail}` : ""}`);
  }
}

/** xsnap-worker's exit statuses (`xsnap-worker.c`, `ExitCode`). */
export const XSNAP_EXIT_STATUS: Readonly<Record<number, string>> = Object.freeze({
  1: "bad usage",
  2: "I/O error",
  11: "out of memory",
  12: "stack overflow",
  15: "unhandled exception",
  16: "no more keys",
  17: "too much computation: a crank went over the metering limit (a runaway loop?)",
});

/**
 * The wait status of a child that has exited and not yet been reaped (Linux: field 52 of
 * `/proc/<pid>/stat`, proc(5)), polling up to ~200 ms for the process to become a zombie;
 * undefined when it cannot be known (still running, already reaped, or not Linux). Returns as
 * soon as the process has exited, so it also serves to wait (bounded) for a killed worker.
 */
function zombieStatus(pid: number): number | undefined {
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  for (let i = 0; i < 200; i++) {
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${pid}/stat`, "latin1");
    } catch {
      return undefined;
    }
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (fields[0] === "Z" || fields[0] === "X") {
      const status = Number(fields[fields.length - 1]);
      return Number.isInteger(status) ? status : undefined;
    }
    Atomics.wait(sleeper, 0, 0, 1);
  }
  return undefined;
}

function describeExit(status: number | undefined): string {
  if (status === undefined) return "exit status unknown";
  const signal = status & 0x7f;
  if (signal !== 0) return `killed by signal ${signal}`;
  const code = (status >> 8) & 0xff;
  const why = XSNAP_EXIT_STATUS[code];
  return `exit status ${code}${why ? ` (${why})` : ""}`;
}

function close(fd: number, opened: number[]): void {
  fs.closeSync(fd);
  opened.splice(opened.indexOf(fd), 1);
}

/** Parses xsnap's meter JSON; missing numbers read as 0. */
function parseMeter(text: string): MeterUsage {
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    /* an empty or partial meter: zeros */
  }
  const num = (k: string) => (typeof json[k] === "number" ? (json[k] as number) : 0);
  return { currentHeapCount: num("currentHeapCount"), compute: num("compute"), allocate: num("allocate") };
}
