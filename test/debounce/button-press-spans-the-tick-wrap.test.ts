/**
 * Presses, holds and stuck timers that span the 2^32 wrap of the tick counter behave exactly as
 * anywhere else (ticks compared wrap-safe), with event ticks wrapped.
 */
import test from "ava";
import { ButtonInput } from "../../firmware/core/press.ts";
import { TICKS_MODULUS } from "../../firmware/core/ticks.ts";

const W = (ms: number) => (TICKS_MODULUS + ms) >>> 0; // a tick ms after (or before, if < 0) the wrap

test("hold-to-trigger across the wrap: press 600 ms after the debounced press, at the wrapped tick", (t) => {
  const button = new ButtonInput({ initial: 1, holdMs: 600 });
  t.deepEqual(button.sample(0, W(-400)), []);
  t.is(button.nextDeadline(), W(-370));
  t.deepEqual(button.poll(W(-370)), []); // debounced; hold ends at W(230)
  t.is(button.nextDeadline(), W(230));
  t.deepEqual(button.poll(W(229)), []);
  t.deepEqual(button.poll(W(230)), [{ type: "press", at: 230 }]);
  t.deepEqual(button.sample(1, W(500)), []);
  t.deepEqual(button.poll(W(530)), [{ type: "release", at: 530 }]);
});

test("a stuck timer across the wrap fires once, stuckMs after the debounced press", (t) => {
  const button = new ButtonInput({ initial: 1, stuckMs: 10_000 });
  t.deepEqual(button.sample(0, W(-5000)), []);
  t.deepEqual(button.poll(W(-4970)), [{ type: "press", at: W(-4970) }]);
  t.is(button.nextDeadline(), W(5030));
  const events = [];
  for (let ms = -4969; ms <= 20_000; ms += 3) events.push(...button.poll(W(ms)));
  t.deepEqual(events, [{ type: "stuck", at: W(5030) }]);
});

test("a release just after the wrap ends a press that began just before it", (t) => {
  const button = new ButtonInput({ initial: 1 });
  t.deepEqual(button.sample(0, W(-40)), []);
  t.deepEqual(button.poll(W(-10)), [{ type: "press", at: W(-10) }]);
  t.deepEqual(button.sample(1, W(5)), []);
  t.deepEqual(button.poll(W(34)), []);
  t.deepEqual(button.poll(W(35)), [{ type: "release", at: 35 }]);
  t.false(button.pressed);
});

test("nextDeadline picks the earlier deadline when one is before the wrap and one after", (t) => {
  const button = new ButtonInput({ initial: 1, holdMs: 2000 });
  t.deepEqual(button.sample(0, W(-1000)), []);
  t.deepEqual(button.poll(W(-970)), []); // debounced press; hold ends at W(1030)
  t.is(button.nextDeadline(), W(1030));
  t.deepEqual(button.sample(1, W(-100)), []); // release read: debounce deadline W(-70)
  t.is(button.nextDeadline(), W(-70));
  t.deepEqual(button.poll(W(-70)), []); // released before the hold ended: nothing
  t.is(button.nextDeadline(), undefined);
});
