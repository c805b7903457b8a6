/**
 * A wall-clock bound on every synchronous wait for an XS worker.
 *
 * The XS engine blocks the host's main thread in `fs.readSync` while a worker answers (the
 * simulator is synchronous, see `worker.ts`), so no timer of the main thread can fire during the
 * wait. The watchdog is a Node worker thread with its own event loop (one per XS engine, shared by
 * its workers): the main
 * thread writes "process `pid` must answer before `deadline`" into a shared slot before each
 * wait and clears it after; the watchdog checks the slots every `pollMs` and SIGKILLs a process
 * whose deadline passed. The blocked read then sees end of file, and the worker reports the
 * timeout (`XsWorker`). Arming and disarming are two `Atomics.store`s: no syscall per request.
 *
 * Deadlines are ms since the watchdog's epoch (`Date.now()` at creation), 32-bit: good for
 * 24 days of one process.
 */
import { Worker } from "node:worker_threads";

/** Limits of the watchdog. */
export const WATCHDOG_LIMITS = Object.freeze({
  /** Processes that can be watched at once (one per live XS worker). */
  slots: 64,
  /** How often the watchdog thread looks at the slots, ms (the bound's resolution). */
  pollMs: 50,
});

/** Ints per slot: pid, deadline (ms since epoch, 0 = disarmed), fired (1 after a kill). */
const SLOT_INTS = 3;

/** Code of the watchdog thread (plain JS: it runs without the TypeScript loader). */
const THREAD_SOURCE = `
const { workerData } = require("node:worker_threads");
const cells = new Int32Array(workerData.buffer);
const { slots, slotInts, epochMs, pollMs } = workerData;
setInterval(() => {
  const now = Date.now() - epochMs;
  for (let i = 0; i < slots; i++) {
    const at = i * slotInts;
    const pid = Atomics.load(cells, at);
    const deadline = Atomics.load(cells, at + 1);
    if (pid > 0 && deadline > 0 && now > deadline) {
      Atomics.store(cells, at + 2, 1);
      Atomics.store(cells, at + 1, 0);
      try { process.kill(pid, "SIGKILL"); } catch {}
    }
  }
}, pollMs);
`;

/** One watched process: arm before a wait, disarm after it. */
export interface WatchSlot {
  /**
   * The process must answer within `timeoutMs` (integer ≥ 1) from now, or it is killed.
   * @throws RangeError for a bad timeout.
   */
  arm(timeoutMs: number): void;
  /** The wait ended in time. */
  disarm(): void;
  /** True once the watchdog killed the process (the last wait timed out). */
  readonly fired: boolean;
  /** Frees the slot (the process is gone). */
  release(): void;
}

/** A watchdog thread (unref'd, so it never keeps the process alive; `close` ends it). */
export class Watchdog {
  readonly #cells: Int32Array;
  readonly #epochMs = Date.now();
  readonly #thread: Worker;

  constructor() {
    this.#cells = new Int32Array(new SharedArrayBuffer(WATCHDOG_LIMITS.slots * SLOT_INTS * Int32Array.BYTES_PER_ELEMENT));
    this.#thread = new Worker(THREAD_SOURCE, {
      eval: true,
      execArgv: [],
      workerData: {
        buffer: this.#cells.buffer,
        slots: WATCHDOG_LIMITS.slots,
        slotInts: SLOT_INTS,
        epochMs: this.#epochMs,
        pollMs: WATCHDOG_LIMITS.pollMs,
      },
    });
    this.#thread.unref();
  }

  /**
   * Takes a free slot for process `pid`.
   * @throws RangeError for a bad pid; Error when every slot is taken.
   */
  watch(pid: number): WatchSlot {
    if (!Number.isInteger(pid) || pid <= 0) throw new RangeError(`pid must be a positive integer, got ${pid}`);
    const cells = this.#cells;
    for (let i = 0; i < WATCHDOG_LIMITS.slots; i++) {
      const at = i * SLOT_INTS;
      if (Atomics.compareExchange(cells, at, 0, pid) !== 0) continue;
      Atomics.store(cells, at + 1, 0);
      Atomics.store(cells, at + 2, 0);
      const epochMs = this.#epochMs;
      let released = false;
      return {
        arm(timeoutMs: number): void {
          if (!Number.isInteger(timeoutMs) || timeoutMs < 1) throw new RangeError(`timeoutMs must be an integer ≥ 1, got ${timeoutMs}`);
          if (!released) Atomics.store(cells, at + 1, Date.now() - epochMs + timeoutMs);
        },
        disarm(): void {
          if (!released) Atomics.store(cells, at + 1, 0);
        },
        get fired(): boolean {
          return Atomics.load(cells, at + 2) === 1;
        },
        release(): void {
          if (released) return;
          released = true;
          Atomics.store(cells, at + 1, 0);
          Atomics.store(cells, at, 0);
        },
      };
    }
    throw new Error(`watchdog: all ${WATCHDOG_LIMITS.slots} slots are in use (too many live XS workers)`);
  }

  /** Stops the thread; slots still armed are no longer enforced. */
  close(): void {
    void this.#thread.terminate();
  }
}
