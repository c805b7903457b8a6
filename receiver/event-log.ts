import type { Store } from "../firmware/hal/store.ts";
import type { Ticks } from "../firmware/core/ticks.ts";

/** Event codes in the log (stored as one byte; never renumber). */
export const LOG_CODES = {
  boot: 1,
  incident_opened: 2,
  incident_acknowledged: 3,
  incident_resolved: 4,
  caller_offline: 5,
  caller_online: 6,
  frame_rejected: 7,
  fault_acknowledged: 8,
  siren_test: 9,
  store_error: 10,
  caller_button_stuck: 11,
  caller_button_released: 12,
  caller_rebooted: 13,
  caller_link_fault: 14,
  caller_link_ok: 15,
  // the LTE modem (issue 14); detail: the reason's index + 1 in MODEM_FAULTS (firmware/core/modem-fault.ts)
  modem_fault: 16,
  modem_ok: 17,
  // 30…: the incident store.
  incident_not_recorded: 30,
  incident_repeated: 31,
} as const;

export type LogEvent = keyof typeof LOG_CODES;

/** One log entry. */
export interface LogEntry {
  /** Sequence number, 1, 2, 3 … over the device's life (u32). */
  seq: number;
  /** Receiver tick count when it happened (ms, wraps). */
  ticks: Ticks;
  /** Unix seconds when the receiver knew the wall time, else 0. */
  wall: number;
  event: LogEvent;
  /** Caller node id, 0 when none. */
  caller: number;
  /** Incident number, 0 when none. */
  incident: number;
  /** Event detail byte (e.g. reject reason index), 0 when none. */
  detail: number;
}

/**
 * Layout: `LOG_BLOCKS` Preference blobs `log0`…`log3`, each `ENTRIES_PER_BLOCK` entries of
 * `ENTRY_BYTES` (little-endian): seq u32, ticks u32, wall u32, caller u32, incident u32,
 * code u8, detail u8, 2 reserved. 3072 bytes a blob, under Preference's 4000-byte limit.
 */
export const EVENT_LOG_LAYOUT = {
  ENTRY_BYTES: 24,
  ENTRIES_PER_BLOCK: 128,
  LOG_BLOCKS: 4,
} as const;

/** Capacity in entries: 512 ≥ the 500 events EN 50131-1 grade 3 asks a log to hold (alarm-field-facts §6). */
export const EVENT_LOG_CAPACITY = EVENT_LOG_LAYOUT.ENTRIES_PER_BLOCK * EVENT_LOG_LAYOUT.LOG_BLOCKS;

const CODE_NAMES = new Map<number, LogEvent>(Object.entries(LOG_CODES).map(([k, v]) => [v, k as LogEvent]));

/**
 * The receiver's persistent event log: a ring of `EVENT_LOG_CAPACITY` entries in the store.
 * Every append is written through at once (one blob write), so a reboot loses no entry.
 * Each entry carries its sequence number; at boot the ring's head is found by scanning for the
 * highest one, so there is no separate head pointer to keep consistent.
 */
export class EventLog {
  readonly #store: Store;
  readonly #blocks: Uint8Array[] = [];
  #nextSeq = 1;

  /** Loads the ring from `store` (missing or damaged blocks read as empty). */
  constructor(store: Store) {
    this.#store = store;
    const { ENTRY_BYTES, ENTRIES_PER_BLOCK, LOG_BLOCKS } = EVENT_LOG_LAYOUT;
    for (let b = 0; b < LOG_BLOCKS; b++) {
      const raw = store.get(`log${b}`);
      const block = new Uint8Array(ENTRY_BYTES * ENTRIES_PER_BLOCK);
      if (raw instanceof Uint8Array && raw.length === block.length) block.set(raw);
      this.#blocks.push(block);
    }
    for (const e of this.entries()) if (e.seq >= this.#nextSeq) this.#nextSeq = e.seq + 1;
  }

  /**
   * Appends an entry and writes its block to the store.
   * @returns the entry's sequence number.
   * @throws Error when the store write fails (the entry stays in RAM; the app reports it).
   */
  append(entry: Omit<LogEntry, "seq">): number {
    const { ENTRY_BYTES, ENTRIES_PER_BLOCK } = EVENT_LOG_LAYOUT;
    const seq = this.#nextSeq;
    this.#nextSeq = (this.#nextSeq + 1) >>> 0 || 1;
    const slot = (seq - 1) % EVENT_LOG_CAPACITY;
    const b = Math.floor(slot / ENTRIES_PER_BLOCK);
    const block = this.#blocks[b];
    const v = new DataView(block.buffer, (slot % ENTRIES_PER_BLOCK) * ENTRY_BYTES, ENTRY_BYTES);
    v.setUint32(0, seq, true);
    v.setUint32(4, entry.ticks >>> 0, true);
    v.setUint32(8, entry.wall >>> 0, true);
    v.setUint32(12, entry.caller >>> 0, true);
    v.setUint32(16, entry.incident >>> 0, true);
    v.setUint8(20, LOG_CODES[entry.event]);
    v.setUint8(21, entry.detail & 0xff);
    v.setUint16(22, 0, true);
    this.#store.set(`log${b}`, block);
    return seq;
  }

  /** All entries held, oldest first (at most `EVENT_LOG_CAPACITY`). */
  entries(): LogEntry[] {
    const { ENTRY_BYTES, ENTRIES_PER_BLOCK } = EVENT_LOG_LAYOUT;
    const out: LogEntry[] = [];
    for (const block of this.#blocks) {
      for (let i = 0; i < ENTRIES_PER_BLOCK; i++) {
        const v = new DataView(block.buffer, i * ENTRY_BYTES, ENTRY_BYTES);
        const seq = v.getUint32(0, true);
        const event = CODE_NAMES.get(v.getUint8(20));
        if (seq === 0 || event === undefined) continue;
        out.push({
          seq,
          ticks: v.getUint32(4, true),
          wall: v.getUint32(8, true),
          caller: v.getUint32(12, true),
          incident: v.getUint32(16, true),
          event,
          detail: v.getUint8(21),
        });
      }
    }
    return out.sort((a, b) => a.seq - b.seq);
  }
}
