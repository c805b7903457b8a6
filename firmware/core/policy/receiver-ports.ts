/**
 * What the receiver policy (`receiver.ts`) keeps in flash, as the narrow interfaces it calls.
 * The stored forms live with the receiver app (`receiver/incidents.ts`, `receiver/offline-memory.ts`);
 * the policy sees only these shapes, and a store that refuses a write reaches it as a throw
 * from one of these calls (the "store result" input of issue 12).
 */
import type { Silence } from "../supervision/silence-checkpoint.ts";

/**
 * An incident at the post. `open` → `acknowledged` (an officer pressed acknowledge) → removed on
 * reset. With the table crowded, further alarms of its caller count on it: `presses` (absent =
 * 1) and `last`, the caller's newest incident number counted here (receiver README).
 */
export interface Incident {
  /** Caller node id. */
  caller: number;
  /** The caller's own incident number. */
  incident: number;
  state: "open" | "acknowledged";
  /** Presses counted on this incident, 2 … 65535; absent for one. */
  presses?: number;
  /** The caller's newest incident number counted here (present with `presses`). */
  last?: number;
}

/**
 * The post's incident table as the policy uses it (`receiver/incidents.ts` `IncidentTable`
 * documents each call). Every method that changes it writes flash first and throws when the
 * write fails; the change then holds in RAM and `dirty` is true until a write succeeds.
 */
export interface IncidentBook {
  /** Incidents not yet reset, in the order they were opened. */
  readonly all: readonly Incident[];
  /**
   * Incidents reset whose caller has not yet acked `resolved` (at most one per caller, kept in
   * flash so that a power cut loses no news; not in `all`).
   */
  readonly untold: readonly Incident[];
  /** True while flash lags RAM. */
  readonly dirty: boolean;
  /** True while some incident awaits an officer's acknowledgement. */
  readonly unacknowledged: boolean;
  /** True when alarm (`caller`, `incident`, `boot`) is not a duplicate. */
  isNew(caller: number, incident: number, boot?: number): boolean;
  /** Closes the oldest acknowledged incidents when full (in RAM); returns them, oldest first. */
  makeRoom(): Incident[];
  /** Records a new alarm; returns its incident. @throws when the write fails. */
  open(caller: number, incident: number, boot?: number): Incident | undefined;
  /** Makes sure a known alarm may be acked. @throws when it is held in RAM only and the write fails. */
  confirm(caller: number, incident: number, boot?: number): void;
  /** Acknowledges every open incident (or those `only` accepts); returns them. @throws when the write fails. */
  acknowledgeAll(only?: (i: Incident) => boolean): Incident[];
  /**
   * Closes every acknowledged incident (each caller's newest stays `untold`); returns them.
   * @throws when the write fails.
   */
  resolveAcknowledged(): Incident[];
  /**
   * The caller acked `resolved` for `incident`: its untold incidents up to that number are
   * forgotten. @returns whether any was. @throws when the write fails.
   */
  told(caller: number, incident: number): boolean;
  /** Writes the table again while `dirty`. @throws when the write fails again. */
  flush(): void;
}

/** What the post remembers about its callers' supervision faults across a reboot. */
export interface OfflineRecord {
  /** Node ids of the callers reported offline and not heard since. */
  offline: readonly number[];
  /** Node ids of the callers whose heartbeat last said their button is stuck (absent: none). */
  stuck?: readonly number[];
  /** True when an officer acknowledged the faults (the fault chirp stays quiet). */
  acknowledged: boolean;
}

/** A small record the policy loads at boot and rewrites (`save` throws when the store fails). */
export interface Memory<T> {
  load(): T;
  save(record: T): void;
}

/** The flash the receiver policy works on. */
export interface ReceiverStores {
  incidents: IncidentBook;
  /** Offline callers, stuck buttons and whether the fault was acknowledged. */
  offline: Memory<OfflineRecord>;
  /** The silence checkpoint (`firmware/core/supervision/silence-checkpoint.ts`). */
  silence: Memory<Silence[]>;
}
