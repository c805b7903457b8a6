/**
 * An on-disk, append-only, fsynced queue of messages to publish, with an index of delivered ids:
 * what the bridge has to say survives a broker outage and a bridge crash, and is delivered in
 * order afterwards, each id once.
 *
 * Files in the queue directory:
 * - `events.jsonl`: one entry a line, `{"id", "topic", "payload", "retain"}`, appended and
 *   fsynced before `append` returns;
 * - `delivered.jsonl`: one id a line (a JSON string), appended and fsynced by `markDelivered`;
 * - `lock`: the pid of the process using the queue (one bridge per queue).
 *
 * Crash safety. A crash can only cut the last line of a file short (appends are the only
 * writes); `open` drops such a torn tail. The pending entries are those of `events.jsonl`
 * whose id is not in `delivered.jsonl`, in file order. An entry whose delivery was confirmed
 * (PUBACK) but not yet recorded is sent once more after a crash: the id lets consumers drop it.
 * When enough delivered entries accumulate, `events.jsonl` is rewritten with only the pending
 * ones, atomically (write-file-atomic: temp file, fsync, rename; then the directory is
 * fsynced), so a crash leaves either the old or the new file, never a mix.
 * Ids stay in `delivered.jsonl` for good, so a replayed event is still recognised.
 */
import fs from "node:fs";
import path from "node:path";
import writeFileAtomic from "write-file-atomic";

/** One message waiting for delivery. */
export interface QueueEntry {
  /** Unique, stable id: the duplicate-suppression key here and downstream. */
  id: string;
  topic: string;
  /** UTF-8 payload (JSON for the bridge). */
  payload: string;
  retain: boolean;
}

/** Defaults of `EventQueue`. */
export const QUEUE_DEFAULTS = {
  /** Rewrite `events.jsonl` once it holds this many delivered entries. */
  compactAfterDelivered: 1_000,
} as const;

/** Options of `EventQueue.open`. */
export interface EventQueueOptions {
  /** The queue directory; created if absent. */
  dir: string;
  /** Delivered entries kept in `events.jsonl` before it is compacted; integer ≥ 1. Default 1 000. */
  compactAfterDelivered?: number;
}

/** The queue's files are damaged in a way a crash cannot cause (a bad line before the last). */
export class QueueCorruptError extends Error {
  override get name() {
    return "QueueCorruptError";
  }
  /** @param file path of the damaged file; @param line 1-based line number. */
  constructor(
    readonly file: string,
    readonly line: number,
    detail: string,
  ) {
    super(`${file}:${line}: ${detail} (the queue is damaged; move it aside to start afresh)`);
  }
}

/** Another live process holds the queue. */
export class QueueLockedError extends Error {
  override get name() {
    return "QueueLockedError";
  }
  constructor(
    readonly dir: string,
    readonly pid: number,
  ) {
    super(`queue ${dir} is in use by process ${pid}`);
  }
}

const FILES = { events: "events.jsonl", delivered: "delivered.jsonl", lock: "lock" } as const;

/**
 * Reads the complete lines of an append-only file, dropping (and truncating away) a torn last
 * line. @returns the lines, without their newlines.
 */
function readLines(file: string): string[] {
  if (!fs.existsSync(file)) return [];
  const text = fs.readFileSync(file, "utf8");
  const end = text.lastIndexOf("\n") + 1;
  if (end < text.length) {
    fs.truncateSync(file, Buffer.byteLength(text.slice(0, end)));
  }
  return end === 0 ? [] : text.slice(0, end - 1).split("\n");
}

function fsyncDir(dir: string): void {
  const fd = fs.openSync(dir, "r");
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function isEntry(value: unknown): value is QueueEntry {
  const v = value as QueueEntry;
  return (
    typeof v === "object" && v !== null && typeof v.id === "string" && v.id.length > 0 && typeof v.topic === "string" &&
    typeof v.payload === "string" && typeof v.retain === "boolean"
  );
}

/** See the file comment. Not safe for two processes: `open` takes a lock. */
export class EventQueue {
  readonly dir: string;
  readonly compactAfterDelivered: number;
  /** Ids ever delivered (survives compaction). */
  readonly #delivered = new Set<string>();
  /** Pending entries in order, by id. Map iteration order is insertion order. */
  readonly #pending = new Map<string, QueueEntry>();
  /** Delivered entries still present in events.jsonl. */
  #deliveredInLog = 0;
  #eventsFd: number;
  #deliveredFd: number;
  #closed = false;

  private constructor(dir: string, compactAfterDelivered: number) {
    this.dir = dir;
    this.compactAfterDelivered = compactAfterDelivered;
    this.#takeLock();
    const eventsFile = path.join(dir, FILES.events);
    const deliveredFile = path.join(dir, FILES.delivered);
    readLines(deliveredFile).forEach((line, i) => {
      let id: unknown;
      try {
        id = JSON.parse(line);
      } catch {
        throw new QueueCorruptError(deliveredFile, i + 1, "not JSON");
      }
      if (typeof id !== "string") throw new QueueCorruptError(deliveredFile, i + 1, "not an id string");
      this.#delivered.add(id);
    });
    readLines(eventsFile).forEach((line, i) => {
      let entry: unknown;
      try {
        entry = JSON.parse(line);
      } catch {
        throw new QueueCorruptError(eventsFile, i + 1, "not JSON");
      }
      if (!isEntry(entry)) throw new QueueCorruptError(eventsFile, i + 1, "not a queue entry {id, topic, payload, retain}");
      if (this.#delivered.has(entry.id)) this.#deliveredInLog++;
      else if (!this.#pending.has(entry.id)) this.#pending.set(entry.id, entry);
    });
    // A crash during a compaction can leave write-file-atomic's temporary file; the rename never
    // happened, so events.jsonl is the old, whole file and the temporary one is garbage.
    for (const name of fs.readdirSync(dir)) if (/^events\.jsonl\.[0-9a-f]+$/.test(name)) fs.rmSync(path.join(dir, name), { force: true });
    this.#eventsFd = fs.openSync(eventsFile, "a");
    this.#deliveredFd = fs.openSync(deliveredFile, "a");
    fsyncDir(dir);
  }

  /**
   * Opens (or creates) the queue in `options.dir`, recovering from a crash.
   * @throws RangeError for a bad option; QueueLockedError if a live process holds it;
   *   QueueCorruptError (file and line) if a file is damaged beyond a torn last line;
   *   the fs error if the directory cannot be created or read.
   */
  static open(options: EventQueueOptions): EventQueue {
    const compactAfterDelivered = options.compactAfterDelivered ?? QUEUE_DEFAULTS.compactAfterDelivered;
    if (typeof options.dir !== "string" || options.dir.length === 0) throw new TypeError("dir must be a directory path");
    if (!Number.isInteger(compactAfterDelivered) || compactAfterDelivered < 1) {
      throw new RangeError(`compactAfterDelivered must be an integer ≥ 1, got ${compactAfterDelivered}`);
    }
    fs.mkdirSync(options.dir, { recursive: true });
    return new EventQueue(path.resolve(options.dir), compactAfterDelivered);
  }

  /** Entries not yet delivered. */
  get size(): number {
    return this.#pending.size;
  }

  /** True when `id` is pending or was delivered. */
  has(id: string): boolean {
    return this.#pending.has(id) || this.#delivered.has(id);
  }

  /** True when `id` was delivered. */
  wasDelivered(id: string): boolean {
    return this.#delivered.has(id);
  }

  /** The oldest pending entry. */
  peek(): QueueEntry | undefined {
    return this.#pending.values().next().value;
  }

  /** Pending entries, oldest first (a copy). */
  pending(): QueueEntry[] {
    return [...this.#pending.values()];
  }

  /**
   * Appends an entry durably (fsynced before returning).
   * @returns false, writing nothing, when its id is already pending or delivered.
   * @throws TypeError for a malformed entry; Error if closed; the fs error if the write fails
   *   (then nothing was queued: the caller still has the entry).
   */
  append(entry: QueueEntry): boolean {
    this.#open();
    if (!isEntry(entry)) throw new TypeError("entry must be {id: non-empty string, topic, payload: string, retain: boolean}");
    if (this.has(entry.id)) return false;
    const copy = { id: entry.id, topic: entry.topic, payload: entry.payload, retain: entry.retain };
    fs.writeSync(this.#eventsFd, JSON.stringify(copy) + "\n");
    fs.fsyncSync(this.#eventsFd);
    this.#pending.set(copy.id, copy);
    return true;
  }

  /**
   * Records the delivery of a pending entry durably; may compact `events.jsonl`.
   * @throws RangeError if `id` is not pending; the fs error if the write fails.
   */
  markDelivered(id: string): void {
    this.#open();
    if (!this.#pending.has(id)) throw new RangeError(`"${id}" is not pending`);
    fs.writeSync(this.#deliveredFd, JSON.stringify(id) + "\n");
    fs.fsyncSync(this.#deliveredFd);
    this.#pending.delete(id);
    this.#delivered.add(id);
    if (++this.#deliveredInLog >= this.compactAfterDelivered) this.#compact();
  }

  /** Releases the files and the lock. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    fs.closeSync(this.#eventsFd);
    fs.closeSync(this.#deliveredFd);
    fs.rmSync(path.join(this.dir, FILES.lock), { force: true });
  }

  #open(): void {
    if (this.#closed) throw new Error(`queue ${this.dir} is closed`);
  }

  /** Rewrites events.jsonl with the pending entries only (atomic replace). */
  #compact(): void {
    const file = path.join(this.dir, FILES.events);
    const text = [...this.#pending.values()].map((e) => JSON.stringify(e) + "\n").join("");
    fs.closeSync(this.#eventsFd);
    writeFileAtomic.sync(file, text, { fsync: true });
    fsyncDir(this.dir);
    this.#eventsFd = fs.openSync(file, "a");
    this.#deliveredInLog = 0;
  }

  #takeLock(): void {
    const lock = path.join(this.dir, FILES.lock);
    for (let tries = 0; tries < 2; tries++) {
      try {
        const fd = fs.openSync(lock, "wx");
        fs.writeSync(fd, String(process.pid));
        fs.closeSync(fd);
        return;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      }
      const pid = Number(fs.readFileSync(lock, "utf8"));
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && processAlive(pid)) throw new QueueLockedError(this.dir, pid);
      fs.rmSync(lock, { force: true }); // left by a process that died (or by ourselves)
    }
    throw new Error(`could not take the lock ${lock}`);
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}
