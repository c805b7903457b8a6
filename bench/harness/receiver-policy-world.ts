/**
 * A police post reduced to its policy: `ReceiverPolicy` over the receiver's real stored forms
 * (`IncidentTable`, `OfflineMemory`, `SilenceMemory`) on a store whose writes can be made to
 * fail (worn NVS) and that survives a power cut (RAM does not). No radio, no timers: the tests
 * call the policy's inputs and read its outputs, as the receiver app's wiring does.
 */
import { SETTINGS_DEFAULTS, type CallerEntry } from "../../firmware/core/config.ts";
import { ReceiverPolicy, type ReceiverOutput } from "../../firmware/core/policy/receiver.ts";
import type { IncidentBook } from "../../firmware/core/policy/receiver-ports.ts";
import type { Store, StoreValue } from "../../firmware/hal/store.ts";
import type { Ticks } from "../../firmware/core/ticks.ts";
import { IncidentTable } from "../../receiver/incidents.ts";
import { OfflineMemory, SilenceMemory } from "../../receiver/offline-memory.ts";

/** The message a failing store throws (it reaches `store_error`). */
export const FLASH_FAILED = "flash write failed";

/** NVS whose writes fail while `failing` is set; reads always work. */
export class FaultyStore implements Store {
  readonly #values = new Map<string, StoreValue>();
  failing = false;

  get(key: string): StoreValue | undefined {
    const v = this.#values.get(key);
    return v instanceof Uint8Array ? v.slice() : v;
  }

  set(key: string, value: StoreValue): void {
    if (this.failing) throw new Error(FLASH_FAILED);
    this.#values.set(key, value instanceof Uint8Array ? value.slice() : value);
  }

  delete(key: string): void {
    if (this.failing) throw new Error(FLASH_FAILED);
    this.#values.delete(key);
  }

  keys(): string[] {
    return [...this.#values.keys()];
  }

  /** The stored bytes, keys sorted (for state hashing). */
  dump(): string {
    const out: string[] = [];
    for (const k of [...this.#values.keys()].sort()) {
      const v = this.#values.get(k);
      out.push(`${k}=${v instanceof Uint8Array ? Array.from(v).join(",") : String(v)}`);
    }
    return out.join(";");
  }

  /** A copy (same values, same failing flag). */
  clone(): FaultyStore {
    const c = new FaultyStore();
    for (const [k, v] of this.#values) c.#values.set(k, v instanceof Uint8Array ? v.slice() : v);
    c.failing = this.failing;
    return c;
  }
}

/** Callers of the small worlds: node ids 1…n, ids c1…cn. */
export function worldCallers(n: number): CallerEntry[] {
  return Array.from({ length: n }, (_, i) => ({ nodeId: i + 1, id: `c${i + 1}`, name: `Caller ${i + 1}`, address: `mqtt:c${i + 1}`, key: new Uint8Array(16) }));
}

/**
 * A post booted on `store` at `now`: the policy, its incident table, and the boot outputs.
 * `wrap` hands the policy another view of the table (the exhaustive check's mutants).
 */
export function bootPost(store: Store, callers: readonly CallerEntry[], now: Ticks, offlineAfterMs = SETTINGS_DEFAULTS.offlineAfterMs, wrap?: (table: IncidentTable) => IncidentBook) {
  const incidents = new IncidentTable(store);
  const stores = { incidents: wrap?.(incidents) ?? incidents, offline: new OfflineMemory(store), silence: new SilenceMemory(store) };
  const policy = new ReceiverPolicy({ callers, offlineAfterMs, stores, now });
  const outputs = policy.start("Post");
  return { policy, incidents, outputs };
}

/**
 * One output as a short line: `event k=v …` (the `name` and `role` fields left out), `send c1
 * operator_ack 3`, `siren alarm`; `rearm` is left out (the wiring's timer, not behaviour).
 */
export function render(o: ReceiverOutput, callerId: (peer: number) => string = (p) => `c${p}`): string | undefined {
  switch (o.kind) {
    case "rearm":
      return undefined;
    case "siren":
      return `siren ${o.pattern}`;
    case "send":
      return `send ${callerId(o.peer)} ${o.message.kind} ${o.message.incident}`;
    default: {
      const parts: string[] = [o.event];
      for (const [k, v] of Object.entries(o.fields)) if (k !== "name" && k !== "role") parts.push(`${k}=${String(v)}`);
      return parts.join(" ");
    }
  }
}

/** `render` over a list, dropping what it leaves out. */
export function renderAll(outputs: readonly ReceiverOutput[]): string[] {
  const out: string[] = [];
  for (const o of outputs) {
    const line = render(o);
    if (line !== undefined) out.push(line);
  }
  return out;
}
