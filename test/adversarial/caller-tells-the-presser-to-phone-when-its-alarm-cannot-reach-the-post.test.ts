/**
 * Claim: when the caller knows it cannot reach the post (`link_fault`) while its alarm is still
 * unacknowledged, its LED shows the link fault ("no contact with the post: phone the police"),
 * not "sending" ("keep calm, it keeps trying"); once the post acks, it shows "delivered".
 * ARCHITECTURE §1: "When a caller cannot reach the receiver it shows a link fault on its LED."
 * Before the fix a pending alarm outranked the fault, so a person who pressed during an outage
 * of the post was told to wait, however long the outage lasted.
 */
import test from "ava";
import type { OutputChange } from "../../tools/sim/pins.ts";
import { simulate } from "../scenarios/support/simulate.ts";

/** The longest time the LED stays low within [fromMs, toMs), ms. */
function longestLowMs(history: readonly OutputChange[], fromMs: number, toMs: number): number {
  let level = 0;
  let lowSince = fromMs;
  let longest = 0;
  for (const c of history) {
    const at = c.atUs / 1000;
    if (at < fromMs) {
      level = c.level;
      continue;
    }
    if (at >= toMs) break;
    if (c.level === 1 && level === 0) longest = Math.max(longest, at - lowSince);
    if (c.level === 0 && level === 1) lowSince = at;
    level = c.level;
  }
  if (level === 0) longest = Math.max(longest, toMs - lowSince);
  return longest;
}

test("the post is off from 1 s to 300 s and a press comes at 5 s: link fault on the LED while it lasts, steady on once delivered", (t) => {
  const run = simulate({
    duration_ms: 330_000,
    seed: 91,
    devices: [
      { id: "post", role: "receiver" },
      { id: "shop", role: "caller" },
    ],
    inputs: [
      { at_ms: 1000, device: "post", power: "off" },
      { at_ms: 5000, device: "shop", press_ms: 300 },
      { at_ms: 300_000, device: "post", power: "on" },
    ],
  });
  const faultAt = run.of("link_fault", "shop")[0]!.t;
  t.true(faultAt < 300_000, "the caller noticed the outage");
  const led = run.devices.find((d) => d.id === "shop")!.outputs.led!;
  t.true(longestLowMs(led, faultAt + 100, faultAt + 10_000) >= 2500, "the link-fault double blink (long dark gaps), not the 100 ms sending blink");
  const deliveredAt = run.of("alarm_delivered", "shop")[0]!.t;
  t.true(deliveredAt >= 300_000);
  const after = led.filter((c) => c.atUs / 1000 > deliveredAt + 50);
  t.deepEqual(after, [], "steady on after the delivery: no change at all");
  t.is(led.filter((c) => c.atUs / 1000 <= deliveredAt + 50).at(-1)?.level, 1);
});
