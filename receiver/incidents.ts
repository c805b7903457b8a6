import { STORE_LIMITS, type Store } from "../firmware/hal/store.ts";

/** Store keys (≤ 15 characters). */
const KEY_OPEN = "incidents";
const KEY_LAST = "inc_last";
/** Bytes per open incident: caller u32, incident u32, state u8. */
const OPEN_BYTES = 9;
/** Bytes per last-incident pair: caller u32, incident u32. */
const LAST_BYTES = 8;

/**
 * Most incidents the table holds: its stored form is one Preference blob of at most
 * `STORE_LIMITS.valueBytes` (4000) bytes, 9 per incident, so 444. A post whose officers only
 * ever acknowledge, never reset, reaches it in ordinary use; see `makeRoom`.
 */
export const INCIDENT_TABLE_CAPACITY = Math.floor(STORE_LIMITS.valueBytes / OPEN_BYTES);

/** An incident at the post. `open` → `acknowledged` (an officer pressed acknowledge) → removed on reset. */
export interface Incident {
  /** Caller node id. */
  caller: number;
  /** The caller's own incident number. */
  incident: number;
  state: "open" | "acknowledged";
}

/**
 * The post's incidents, persisted on every change so a receiver reboot loses none:
 * the open and acknowledged incidents, and per caller the highest incident number ever
 * opened. An alarm whose number is not above that is a duplicate (a retransmission, a
 * duplicated frame, or a retransmission that crossed a reboot): it is acked again but never
 * opens a second incident. Caller incident numbers are persisted and monotonic
 * (`firmware/caller/alarm-memory.ts`).
 */
export class IncidentTable {
  readonly #store: Store;
  readonly #incidents: Incident[] = [];
  readonly #last = new Map<number, number>();

  /** Loads the table from `store`; missing or damaged entries read as empty. */
  constructor(store: Store) {
    this.#store = store;
    const open = store.get(KEY_OPEN);
    if (open instanceof Uint8Array && open.length % OPEN_BYTES === 0) {
      const v = new DataView(open.buffer, open.byteOffset, open.length);
      for (let i = 0; i < open.length; i += OPEN_BYTES) {
        this.#incidents.push({
          caller: v.getUint32(i, true),
          incident: v.getUint32(i + 4, true),
          state: v.getUint8(i + 8) === 1 ? "acknowledged" : "open",
        });
      }
    }
    const last = store.get(KEY_LAST);
    if (last instanceof Uint8Array && last.length % LAST_BYTES === 0) {
      const v = new DataView(last.buffer, last.byteOffset, last.length);
      for (let i = 0; i < last.length; i += LAST_BYTES) this.#last.set(v.getUint32(i, true), v.getUint32(i + 4, true));
    }
    for (const inc of this.#incidents) {
      if ((this.#last.get(inc.caller) ?? 0) < inc.incident) this.#last.set(inc.caller, inc.incident);
    }
  }

  /** Incidents not yet reset, in the order they were opened. */
  get all(): readonly Incident[] {
    return this.#incidents;
  }

  /** True while some incident awaits an officer's acknowledgement. */
  get unacknowledged(): boolean {
    return this.#incidents.some((i) => i.state === "open");
  }

  /** True when `incident` from `caller` would open a new incident (it is above that caller's highest). */
  isNew(caller: number, incident: number): boolean {
    return incident > (this.#last.get(caller) ?? 0);
  }

  /**
   * Makes room for one more incident when the table is full (`INCIDENT_TABLE_CAPACITY`):
   * closes the oldest acknowledged incidents, in RAM (the next change writes the table). An
   * incident nobody acknowledged is never closed: with all of them unacknowledged there is no
   * room, and the next write fails (the change then holds in RAM only).
   * @returns the incidents closed, oldest first (usually none): the app logs them and tells
   *   their callers, as for a reset.
   */
  makeRoom(): Incident[] {
    const closed: Incident[] = [];
    while (this.#incidents.length >= INCIDENT_TABLE_CAPACITY) {
      const i = this.#incidents.findIndex((x) => x.state === "acknowledged");
      if (i < 0) break;
      closed.push(...this.#incidents.splice(i, 1));
    }
    return closed;
  }

  /**
   * Opens an incident for an alarm, unless it is a duplicate.
   * @returns the new incident, or undefined for a duplicate.
   * @throws Error when the store write fails; the incident is open in RAM all the same.
   */
  open(caller: number, incident: number): Incident | undefined {
    if (!this.isNew(caller, incident)) return undefined;
    const entry: Incident = { caller, incident, state: "open" };
    this.#incidents.push(entry);
    this.#last.set(caller, incident);
    this.#save();
    return entry;
  }

  /**
   * Acknowledges every open incident.
   * @returns the incidents acknowledged now (empty when none were open).
   * @throws Error when the store write fails; the change holds in RAM.
   */
  acknowledgeAll(): Incident[] {
    const now = this.#incidents.filter((i) => i.state === "open");
    for (const i of now) i.state = "acknowledged";
    if (now.length) this.#save();
    return now;
  }

  /**
   * Resets (closes) every acknowledged incident. Open ones stay: a reset never silences an
   * alarm that no officer has acknowledged.
   * @returns the incidents closed now.
   * @throws Error when the store write fails; the change holds in RAM.
   */
  resolveAcknowledged(): Incident[] {
    const done = this.#incidents.filter((i) => i.state === "acknowledged");
    if (!done.length) return done;
    for (const d of done) this.#incidents.splice(this.#incidents.indexOf(d), 1);
    this.#save();
    return done;
  }

  #save(): void {
    const open = new Uint8Array(this.#incidents.length * OPEN_BYTES);
    const ov = new DataView(open.buffer);
    this.#incidents.forEach((inc, n) => {
      ov.setUint32(n * OPEN_BYTES, inc.caller, true);
      ov.setUint32(n * OPEN_BYTES + 4, inc.incident, true);
      ov.setUint8(n * OPEN_BYTES + 8, inc.state === "acknowledged" ? 1 : 0);
    });
    const last = new Uint8Array(this.#last.size * LAST_BYTES);
    const lv = new DataView(last.buffer);
    let n = 0;
    for (const [caller, incident] of this.#last) {
      lv.setUint32(n * LAST_BYTES, caller, true);
      lv.setUint32(n * LAST_BYTES + 4, incident, true);
      n++;
    }
    // Open incidents first: the constructor raises each caller's highest number to its open
    // incidents, so a cut between the two writes never leaves a number marked "seen" whose
    // incident is not stored (its retransmission would then be taken for a duplicate).
    if (open.length) this.#store.set(KEY_OPEN, open);
    else this.#store.delete(KEY_OPEN);
    this.#store.set(KEY_LAST, last);
  }
}
