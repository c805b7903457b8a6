import type { Silence } from "../firmware/core/supervision/silence-checkpoint.ts";
import type { Memory, OfflineRecord } from "../firmware/core/policy/receiver-ports.ts";
import type { Store } from "../firmware/hal/store.ts";

/** Store key (≤ 15 characters). */
const KEY = "offline";

export type { OfflineRecord };

/**
 * The receiver's record of which callers are offline or have a stuck button, kept in the store
 * so that a power blip at the post neither forgets them (the fault chirp and the status would
 * show nothing until each timed out again, or until the next heartbeat) nor reports the same
 * death or jam twice (issue 10 point 6). One flash write per change (a caller going offline or
 * coming back, a button sticking or freeing, an acknowledgement): rare.
 *
 * Layout: one byte, 1 when acknowledged; one byte, the number n of offline callers; then the n
 * offline node ids, then the stuck ones, each as a u32, little-endian (length ≡ 2 mod 4). The
 * first layout, without the count and the stuck ones (length ≡ 1 mod 4), is still read.
 */
export class OfflineMemory implements Memory<OfflineRecord> {
  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  /** The record, or none offline or stuck when absent or damaged. */
  load(): OfflineRecord {
    const none = { offline: [], stuck: [], acknowledged: true };
    const raw = this.#store.get(KEY);
    if (!(raw instanceof Uint8Array)) return none;
    const v = new DataView(raw.buffer, raw.byteOffset, raw.length);
    const ids = (from: number) => {
      const out: number[] = [];
      for (let i = from; i + 4 <= raw.length; i += 4) out.push(v.getUint32(i, true));
      return out;
    };
    if (raw.length % 4 === 1) return { offline: ids(1), stuck: [], acknowledged: raw[0] === 1 };
    if (raw.length % 4 !== 2 || 2 + 4 * raw[1]! > raw.length) return none;
    const all = ids(2);
    return { offline: all.slice(0, raw[1]), stuck: all.slice(raw[1]), acknowledged: raw[0] === 1 };
  }

  /**
   * Writes the record (deletes it when nobody is offline or stuck). At most 255 offline callers
   * (a post has ≤ 20).
   * @throws Error when the store fails (the caller reports `store_error`; RAM keeps the truth).
   */
  save(record: OfflineRecord): void {
    const stuck = record.stuck ?? [];
    if (record.offline.length === 0 && stuck.length === 0) {
      this.#store.delete(KEY);
      return;
    }
    const bytes = new Uint8Array(2 + 4 * (record.offline.length + stuck.length));
    const v = new DataView(bytes.buffer);
    bytes[0] = record.acknowledged ? 1 : 0;
    bytes[1] = record.offline.length;
    [...record.offline, ...stuck].forEach((id, i) => v.setUint32(2 + 4 * i, id, true));
    this.#store.set(KEY, bytes);
  }
}

/** Store key of the silence checkpoint (≤ 15 characters). */
const SILENCE_KEY = "silence";

/**
 * The receiver's silence checkpoint (`firmware/core/supervision/silence-checkpoint.ts`): for each
 * caller silent past half its timeout, how long it had been silent, so that a post in a boot loop
 * still reports a dead caller. Written only while some caller is that silent.
 *
 * Layout: n records of (node id u32, silence in ms u32), little-endian (length ≡ 0 mod 8).
 */
export class SilenceMemory implements Memory<Silence[]> {
  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  /** The last record written, or none when absent or damaged. */
  load(): Silence[] {
    const raw = this.#store.get(SILENCE_KEY);
    if (!(raw instanceof Uint8Array) || raw.length % 8 !== 0) return [];
    const v = new DataView(raw.buffer, raw.byteOffset, raw.length);
    const out: Silence[] = [];
    for (let at = 0; at < raw.length; at += 8) out.push({ peer: v.getUint32(at, true), silentMs: v.getUint32(at + 4, true) });
    return out;
  }

  /** Writes the record (an empty one clears it). @throws whatever the store throws. */
  save(record: readonly Silence[]): void {
    const bytes = new Uint8Array(record.length * 8);
    const v = new DataView(bytes.buffer);
    record.forEach((s, i) => {
      v.setUint32(i * 8, s.peer, true);
      v.setUint32(i * 8 + 4, Math.min(s.silentMs, 0xffff_ffff), true);
    });
    this.#store.set(SILENCE_KEY, bytes);
  }
}
