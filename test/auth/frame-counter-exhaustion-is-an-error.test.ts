/**
 * Claim: at 2^32 − 1 the frame counter stops with a CounterExhaustedError (never wraps to 0,
 * which would reuse counters), including after a reboot.
 */
import test from "ava";
import { CounterExhaustedError, FrameCounter, FRAME_COUNTER_MAX } from "../../firmware/core/auth/counter.ts";
import { MapStore } from "./map-store.ts";

test("the last counter is 2^32 − 1, then every call throws", (t) => {
  const store = new MapStore({ "ch.ctr": (FRAME_COUNTER_MAX - 2) | 0 });
  const c = new FrameCounter({ store, blockFrames: 64 });
  t.is(c.next(), FRAME_COUNTER_MAX - 1);
  t.is(store.get("ch.ctr"), -1, "the block is cut at 2^32 − 1 (stored as -1)");
  t.is(c.next(), FRAME_COUNTER_MAX);
  const err = t.throws(() => c.next(), { instanceOf: CounterExhaustedError });
  t.is(err?.name, "CounterExhaustedError");
  t.regex(err?.message ?? "", /new key/);
  t.throws(() => c.next(), { instanceOf: CounterExhaustedError }, "and again");
  t.throws(() => new FrameCounter({ store }).next(), { instanceOf: CounterExhaustedError }, "after a reboot too");
});
