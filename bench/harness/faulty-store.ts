/**
 * Store faults for adversarial runs: wraps a device's hal `Store` so that writes (`set`,
 * `delete`) of chosen keys throw, as a worn or full NVS does ("nvs set fail"), while reads keep
 * working. The decision is made per write from the key and the device's own tick, so a test can
 * fail one key for a while and let it recover.
 */
import type { Ticks } from "../../firmware/core/ticks.ts";
import type { Store, StoreValue } from "../../firmware/hal/store.ts";

/** Says whether the write of `key` at device tick `now` fails. */
export type WriteFault = (key: string, now: Ticks) => boolean;

/** A `Store` whose writes fail where `fault` says so; everything else goes to `store`. */
export function faultyStore(store: Store, now: () => Ticks, fault: WriteFault): Store {
  const check = (key: string) => {
    if (fault(key, now())) throw new Error(`store "${key}": write failed (nvs set fail, injected)`);
  };
  return {
    get: (key) => store.get(key),
    set(key: string, value: StoreValue) {
      check(key);
      store.set(key, value);
    },
    delete(key: string) {
      check(key);
      store.delete(key);
    },
    keys: () => store.keys(),
  };
}
