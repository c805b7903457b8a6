// Power lost in the middle of writing an identity (the store stops after any number of writes
// or deletes) never leaves something the firmware would accept as a mix of the old and the new
// identity: the reader finds either the old one, the complete new one, or an invalid identity
// (and the board then keeps its radio off until it is provisioned again).
import test from "ava";
import { SETTINGS_DEFAULTS } from "../../firmware/core/config.ts";
import type { Store, StoreValue } from "../../firmware/hal/store.ts";
import { readCallerIdentity } from "../../firmware/stack/identity.ts";
import { writeIdentity } from "../../firmware/stack/identity-writer.ts";
import { MapStore } from "../auth/map-store.ts";
import { callerIdentity, SELF } from "./support.ts";

/** A store that dies after `budget` more writes or deletes. */
class DyingStore implements Store {
  constructor(
    readonly inner: MapStore,
    private budget: number,
  ) {}
  get(key: string) {
    return this.inner.get(key);
  }
  keys() {
    return this.inner.keys();
  }
  set(key: string, value: StoreValue) {
    if (this.budget-- <= 0) throw new Error("power lost");
    this.inner.set(key, value);
  }
  delete(key: string) {
    if (this.budget-- <= 0) throw new Error("power lost");
    this.inner.delete(key);
  }
}

const OLD = callerIdentity({ settings: { hold_ms: 400 } });
const NEW = callerIdentity({ nodeId: 7, key: new Uint8Array(16).fill(0x55), receiver: { id: "post2", nodeId: 3, mac: "24:0a:c4:00:00:03", name: "Post 2" } });

test("every cut point reads as the old identity, the new one, or invalid", (t) => {
  const outcomes = new Set<string>();
  for (let budget = 0; budget <= 40; budget++) {
    const inner = new MapStore();
    writeIdentity(inner, OLD);
    try {
      writeIdentity(new DyingStore(inner, budget), NEW);
    } catch {
      // power lost
    }
    const read = readCallerIdentity(inner, SELF);
    if (read.status === "ok") {
      const c = read.config;
      const isOld = c.self.nodeId === 2 && c.receiver.id === "post" && c.key[0] === OLD.key[0] && c.settings.holdMs === 400;
      const isNew = c.self.nodeId === 7 && c.receiver.id === "post2" && c.key[0] === 0x55 && c.settings.holdMs === SETTINGS_DEFAULTS.holdMs;
      t.true(isOld || isNew, `cut after ${budget}: a valid identity must be wholly old or wholly new`);
      outcomes.add(isOld ? "old" : "new");
    } else {
      t.is(read.status, "invalid", `cut after ${budget}`);
      outcomes.add("invalid");
    }
  }
  t.deepEqual([...outcomes].sort(), ["invalid", "new", "old"], "a cut before the first change keeps the old one, cuts in between leave it invalid, the full write gives the new one");
});
