import { ESPNOW_LIMITS } from "../firmware/hal/radio.ts";
import type { Incident, IncidentBook } from "../firmware/core/policy/receiver-ports.ts";
import { STORE_LIMITS, type Store } from "../firmware/hal/store.ts";

/** Store keys (≤ 15 characters). */
const KEY_ROWS = "inc_rows";
const KEY_BOOTS = "inc_boots";
/** Keys of the table's first stored form (9-byte rows, highest number per caller), read once, then deleted. */
const LEGACY_KEY_OPEN = "incidents";
const LEGACY_KEY_LAST = "inc_last";
const LEGACY_OPEN_BYTES = 9;
const LEGACY_LAST_BYTES = 8;
/** Every key the table writes (tests inject faults and power cuts on them). */
export const INCIDENT_STORE_KEYS: readonly string[] = [KEY_ROWS, KEY_BOOTS, LEGACY_KEY_OPEN, LEGACY_KEY_LAST];
/**
 * Bytes per incident row: caller u32, incident u32, boot u32, state u8, presses u16, last
 * incident u32, last boot u32. State: 0 open, 1 acknowledged, 2 resolved with its caller not yet
 * told (`STATE_UNTOLD`; rows written before it existed hold 0 or 1 and read unchanged).
 */
const ROW_BYTES = 23;
/** Stored state of a resolved incident whose caller has not yet acked `resolved` (see `untold`). */
const STATE_UNTOLD = 2;
/** Bytes per remembered caller boot: caller u32, boot u32, highest incident u32. */
const BOOT_BYTES = 12;
/**
 * Boots remembered per caller. An alarm is a duplicate only when its boot is remembered and its
 * number is not above that boot's highest; 4 covers a caller whose pending alarms cross three
 * reboots before the post answers them (see `isNew`).
 */
export const BOOTS_REMEMBERED = 4;
/** Most presses counted on one row (u16). */
const PRESSES_MAX = 0xffff;

/**
 * Most incident rows the table holds: its stored form is one Preference blob of at most
 * `STORE_LIMITS.valueBytes` (4000) bytes, 23 per row, so 173.
 */
export const INCIDENT_TABLE_CAPACITY = Math.floor(STORE_LIMITS.valueBytes / ROW_BYTES);

/**
 * Unacknowledged rows beyond which a caller's new alarm is counted on its newest unacknowledged
 * row instead of opening one (153): the rest of the table (one row per caller a post can have,
 * `ESPNOW_LIMITS.maxPeers`, 20) is kept so that every caller can always open an incident. Below
 * it every alarm is its own incident, as it always was.
 */
export const COALESCE_AT = INCIDENT_TABLE_CAPACITY - ESPNOW_LIMITS.maxPeers;

export type { Incident };

/** An incident with the caller boots its duplicate check needs (stored, not shown in `all`). */
interface Row {
  inc: Incident;
  boot: number;
  lastBoot: number;
  /** Resolved, its caller not yet told (`untold`): kept only so that `resolved` survives a power cut. */
  untold?: boolean;
}

/** The identity of an alarm: (caller, boot nonce, number). */
const alarmKey = (caller: number, incident: number, boot: number) => `${caller}:${boot}:${incident}`;

/**
 * The post's incidents, persisted on every change so that a receiver reboot loses none, and
 * per caller the highest incident number recorded in each of its last `BOOTS_REMEMBERED`
 * boots. An alarm is identified by (caller, boot nonce, incident number): the caller numbers
 * its alarms monotonically and draws a new nonce at each boot (`firmware/caller/alarm-memory.ts`,
 * docs/protocol.md), so a number that a caller with worn flash hands out again after a reboot
 * is still a new alarm, while a retransmission (same boot nonce, kept with each pending alarm)
 * is acked again but never opens a second incident.
 *
 * Every change is written before it is reported. When a write fails the change holds in RAM
 * (the siren still sounds for a new alarm) and the table remembers which alarms flash lacks, so
 * the app can refuse to ack them until a write succeeds (`confirm`).
 */
export class IncidentTable implements IncidentBook {
  readonly #store: Store;
  #rows: Row[] = [];
  /** Per caller, its remembered boots, least recent first: [boot, highest]. */
  #boots = new Map<number, [number, number][]>();
  #legacy = false;
  /** Alarms taken in RAM since the last successful write (not to be acked yet, see `confirm`). */
  readonly #unsaved = new Map<string, Incident>();
  /** True from a failed write until a write succeeds: flash lags RAM. */
  #dirty = false;

  /** Loads the table from `store`; missing or damaged entries read as empty. */
  constructor(store: Store) {
    this.#store = store;
    const rows = store.get(KEY_ROWS);
    if (rows instanceof Uint8Array && rows.length % ROW_BYTES === 0) {
      const v = new DataView(rows.buffer, rows.byteOffset, rows.length);
      for (let i = 0; i < rows.length; i += ROW_BYTES) {
        const state = v.getUint8(i + 12);
        const inc: Incident = {
          caller: v.getUint32(i, true),
          incident: v.getUint32(i + 4, true),
          state: state === 1 || state === STATE_UNTOLD ? "acknowledged" : "open",
        };
        const presses = v.getUint16(i + 13, true);
        if (presses > 1) {
          inc.presses = presses;
          inc.last = v.getUint32(i + 15, true);
        }
        const row: Row = { inc, boot: v.getUint32(i + 8, true), lastBoot: v.getUint32(i + 19, true) };
        if (state === STATE_UNTOLD) row.untold = true;
        this.#rows.push(row);
      }
    }
    const boots = store.get(KEY_BOOTS);
    if (boots instanceof Uint8Array && boots.length % BOOT_BYTES === 0) {
      const v = new DataView(boots.buffer, boots.byteOffset, boots.length);
      for (let i = 0; i < boots.length; i += BOOT_BYTES) this.#raise(v.getUint32(i, true), v.getUint32(i + 4, true), v.getUint32(i + 8, true));
    }
    this.#loadLegacy(store);
    // Rows are written before the boots: a cut between the two writes never leaves a number
    // marked "seen" whose incident is not stored. Raise the boots to what the rows hold.
    for (const { inc, boot, lastBoot } of this.#rows) {
      this.#raise(inc.caller, boot, inc.incident);
      if (inc.last !== undefined) this.#raise(inc.caller, lastBoot, inc.last);
    }
  }

  /** Incidents not yet reset, in the order they were opened. */
  get all(): readonly Incident[] {
    return this.#rows.filter((r) => !r.untold).map((r) => r.inc);
  }

  /**
   * Incidents reset whose caller has not yet acked `resolved` (at most one per caller, its
   * newest), in the order they were opened: the post owes each caller `resolved` for it, also
   * after a power cut. Not in `all` (no siren, not counted open).
   */
  get untold(): readonly Incident[] {
    return this.#rows.filter((r) => r.untold).map((r) => r.inc);
  }

  /**
   * `caller` acked `resolved` for `incident` (its link ack arrived): the incident it closed, and
   * any older one of that caller still untold, is forgotten. One write, only when something was
   * untold (a repeat costs nothing).
   * @returns whether a row was removed.
   * @throws Error when the store write fails; the change holds in RAM (`dirty`).
   */
  told(caller: number, incident: number): boolean {
    const before = this.#rows.length;
    this.#rows = this.#rows.filter((r) => !(r.untold && r.inc.caller === caller && (r.inc.last ?? r.inc.incident) <= incident));
    if (this.#rows.length === before) return false;
    // Only the rows changed: the boots are written too only when flash lags or a legacy form is
    // still to be replaced (one Preference write per caller told, otherwise).
    this.#save(this.#dirty || this.#legacy);
    return true;
  }

  /** True while flash lags RAM (a write failed and none has succeeded since): a fault. */
  get dirty(): boolean {
    return this.#dirty;
  }

  /**
   * Writes the table again when flash lags RAM (`dirty`); does nothing otherwise.
   * @throws Error when the write fails again.
   */
  flush(): void {
    if (this.#dirty) this.#save();
  }

  /** True while some incident awaits an officer's acknowledgement. */
  get unacknowledged(): boolean {
    return this.#rows.some((r) => r.inc.state === "open");
  }

  /**
   * True when alarm `incident` of `caller`, raised in the caller's boot `boot`, is new: its boot
   * is not remembered (a caller that rebooted; numbers may start again below ones seen before),
   * or its number is above that boot's highest. A pending alarm resent from a boot the post has
   * forgotten (more than `BOOTS_REMEMBERED` caller reboots while it was recorded but unanswered)
   * would open a second incident for one press: a false duplicate, never a lost alarm.
   * @param boot the caller's boot nonce (u32); 0 for alarms stored before nonces existed.
   */
  isNew(caller: number, incident: number, boot = 0): boolean {
    const entry = this.#boots.get(caller)?.find((b) => b[0] === boot);
    return entry === undefined || incident > entry[1];
  }

  /**
   * Makes room for one more incident when the table is full (`INCIDENT_TABLE_CAPACITY`), in
   * RAM (the next change writes the table): first forgets the oldest `untold` rows (a caller
   * owed `resolved` is then told only from RAM, as before they were kept: an untold row never
   * pushes out an incident), then closes the oldest acknowledged incidents. An incident nobody
   * acknowledged is never closed; there is always room for them (`COALESCE_AT`).
   * @returns the incidents closed, oldest first (usually none; untold rows forgotten are not
   *   among them, they were reported at their reset): the app logs them and tells their callers.
   */
  makeRoom(): Incident[] {
    const closed: Incident[] = [];
    while (this.#rows.length >= INCIDENT_TABLE_CAPACITY) {
      const u = this.#rows.findIndex((r) => r.untold);
      if (u >= 0) {
        this.#rows.splice(u, 1);
        continue;
      }
      const i = this.#rows.findIndex((r) => r.inc.state === "acknowledged");
      if (i < 0) break;
      closed.push(this.#rows.splice(i, 1)[0]!.inc);
    }
    return closed;
  }

  /**
   * Records an alarm, unless it is a duplicate: a new incident, or, once `COALESCE_AT`
   * unacknowledged incidents are open, one more press on the caller's newest unacknowledged
   * incident (a caller with none still opens one). Call `makeRoom` first. The caller's `untold`
   * row goes in the same write: its LED follows its newest alarm, so `resolved` for an older one
   * is moot.
   * @param boot the caller's boot nonce carried by the alarm (default 0, see `isNew`).
   * @returns the incident the alarm is in (its `incident` is another number when the alarm was
   *   counted on it), or undefined for a duplicate.
   * @throws Error when the store write fails: the alarm is then held in RAM (shown, and known
   *   to `isNew`) but not in flash, and must not be acked until `confirm` succeeds.
   */
  open(caller: number, incident: number, boot = 0): Incident | undefined {
    if (!this.isNew(caller, incident, boot)) return undefined;
    let open = 0;
    let mine: Row | undefined;
    for (const r of this.#rows) {
      if (r.inc.state !== "open") continue;
      open++;
      if (r.inc.caller === caller) mine = r;
    }
    let inc: Incident;
    if (open >= COALESCE_AT && mine !== undefined && (mine.inc.presses ?? 1) < PRESSES_MAX) {
      inc = mine.inc;
      inc.presses = (inc.presses ?? 1) + 1;
      inc.last = incident;
      mine.lastBoot = boot;
    } else {
      inc = { caller, incident, state: "open" };
      this.#rows.push({ inc, boot, lastBoot: 0 });
    }
    this.#rows = this.#rows.filter((r) => !(r.untold && r.inc.caller === caller));
    this.#raise(caller, boot, incident);
    this.#unsaved.set(alarmKey(caller, incident, boot), inc);
    this.#save();
    return inc;
  }

  /**
   * For a known alarm (`isNew` false): makes sure it may be acked. An alarm the table took in
   * RAM while the store failed is written again now; it may also be acked once an officer has
   * acknowledged its incident (a person at the post knows of it; the caller's alarm lane can
   * then move on to its next alarm).
   * @throws Error when the alarm is held in RAM only, unacknowledged, and the write fails again.
   */
  confirm(caller: number, incident: number, boot = 0): void {
    const inc = this.#unsaved.get(alarmKey(caller, incident, boot));
    if (inc === undefined || inc.state === "acknowledged") return;
    this.#save();
  }

  /**
   * Acknowledges every open incident, or only those `only` accepts (an alarm a duty officer
   * took by phone).
   * @returns the incidents acknowledged now (empty when none were open).
   * @throws Error when the store write fails; the change holds in RAM.
   */
  acknowledgeAll(only?: (i: Incident) => boolean): Incident[] {
    const now = this.#rows.filter((r) => r.inc.state === "open" && !r.untold && (only === undefined || only(r.inc))).map((r) => r.inc);
    for (const i of now) i.state = "acknowledged";
    if (now.length) this.#save();
    return now;
  }

  /**
   * Resets (closes) every acknowledged incident. Open ones stay: a reset never silences an
   * alarm that no officer has acknowledged. Each caller's newest incident closed stays as an
   * `untold` row (in the same write) until its caller acks `resolved` (`told`); its older ones,
   * and any older untold row of it, go (the caller's LED follows its newest alarm).
   * @returns the incidents closed now.
   * @throws Error when the store write fails; the change holds in RAM.
   */
  resolveAcknowledged(): Incident[] {
    const closing = this.#rows.filter((r) => r.inc.state === "acknowledged" && !r.untold);
    const done = closing.map((r) => r.inc);
    if (!done.length) return done;
    const newest = new Map<number, Row>();
    for (const r of this.#rows) if (r.untold || closing.includes(r)) newest.set(r.inc.caller, r);
    this.#rows = this.#rows.filter((r) => (r.inc.state !== "acknowledged" && !r.untold) || newest.get(r.inc.caller) === r);
    for (const r of newest.values()) r.untold = true;
    this.#save();
    return done;
  }

  /** Remembers that `caller`'s boot `boot` reached `incident` (the most recent boot last). */
  #raise(caller: number, boot: number, incident: number): void {
    let boots = this.#boots.get(caller);
    if (boots === undefined) this.#boots.set(caller, (boots = []));
    const i = boots.findIndex((b) => b[0] === boot);
    const entry: [number, number] = i < 0 ? [boot, incident] : boots.splice(i, 1)[0]!;
    if (entry[1] < incident) entry[1] = incident;
    boots.push(entry);
    while (boots.length > BOOTS_REMEMBERED) boots.shift();
  }

  /** Reads the first stored form (boot 0 for every number), to be replaced at the next write. */
  #loadLegacy(store: Store): void {
    const open = store.get(LEGACY_KEY_OPEN);
    if (open instanceof Uint8Array && open.length % LEGACY_OPEN_BYTES === 0) {
      this.#legacy = true;
      const v = new DataView(open.buffer, open.byteOffset, open.length);
      for (let i = 0; i < open.length; i += LEGACY_OPEN_BYTES) {
        const inc: Incident = { caller: v.getUint32(i, true), incident: v.getUint32(i + 4, true), state: v.getUint8(i + 8) === 1 ? "acknowledged" : "open" };
        this.#rows.push({ inc, boot: 0, lastBoot: 0 });
      }
    }
    const last = store.get(LEGACY_KEY_LAST);
    if (last instanceof Uint8Array && last.length % LEGACY_LAST_BYTES === 0) {
      this.#legacy = true;
      const v = new DataView(last.buffer, last.byteOffset, last.length);
      for (let i = 0; i < last.length; i += LEGACY_LAST_BYTES) this.#raise(v.getUint32(i, true), 0, v.getUint32(i + 4, true));
    }
  }

  /** Writes the rows and, unless `withBoots` is false (they did not change and flash is current), the boots. */
  #save(withBoots = true): void {
    this.#dirty = true; // until every write below has succeeded
    const rows = new Uint8Array(this.#rows.length * ROW_BYTES);
    const rv = new DataView(rows.buffer);
    this.#rows.forEach(({ inc, boot, lastBoot, untold }, n) => {
      const o = n * ROW_BYTES;
      rv.setUint32(o, inc.caller, true);
      rv.setUint32(o + 4, inc.incident, true);
      rv.setUint32(o + 8, boot, true);
      rv.setUint8(o + 12, untold ? STATE_UNTOLD : inc.state === "acknowledged" ? 1 : 0);
      rv.setUint16(o + 13, inc.presses ?? 1, true);
      rv.setUint32(o + 15, inc.last ?? 0, true);
      rv.setUint32(o + 19, lastBoot, true);
    });
    let count = 0;
    for (const b of this.#boots.values()) count += b.length;
    const boots = new Uint8Array(count * BOOT_BYTES);
    const bv = new DataView(boots.buffer);
    let n = 0;
    for (const [caller, list] of this.#boots) {
      for (const [boot, highest] of list) {
        bv.setUint32(n * BOOT_BYTES, caller, true);
        bv.setUint32(n * BOOT_BYTES + 4, boot, true);
        bv.setUint32(n * BOOT_BYTES + 8, highest, true);
        n++;
      }
    }
    // Rows first: the constructor raises each caller's boots to its rows, so a cut between the
    // two writes never leaves a number marked "seen" whose incident is not stored (its
    // retransmission would then be taken for a duplicate).
    if (rows.length) this.#store.set(KEY_ROWS, rows);
    else this.#store.delete(KEY_ROWS);
    if (withBoots) this.#store.set(KEY_BOOTS, boots);
    if (this.#legacy) {
      this.#store.delete(LEGACY_KEY_OPEN);
      this.#store.delete(LEGACY_KEY_LAST);
      this.#legacy = false;
    }
    this.#unsaved.clear();
    this.#dirty = false;
  }
}
