import type { LedPattern } from "../firmware/core/annunciator/annunciator.ts";
import type { Cadence } from "../firmware/stack/cadence.ts";
import { steady } from "../firmware/stack/cadence.ts";

/**
 * The rhythm of each receiver LED pattern; which pattern shows is the annunciator's
 * (`View.led`, `firmware/core/annunciator/annunciator.ts`), its meaning for an installer in
 * docs/deploying.md "Receiver LED".
 *
 * | pattern | rhythm |
 * |---|---|
 * | `alarm` | fast flash, 100 ms on / 100 ms off |
 * | `acknowledged` | steady on |
 * | `fault` | one 100 ms blink every 2 s |
 * | `ok` | a short 50 ms blink every 5 s |
 * | `setup` | double blink every 2 s |
 */
export const RECEIVER_LED_PATTERNS = {
  alarm: { steps: [[1, 100], [0, 100]], repeat: true, rest: 0 },
  acknowledged: steady(1),
  fault: { steps: [[1, 100], [0, 1900]], repeat: true, rest: 0 },
  ok: { steps: [[1, 50], [0, 4950]], repeat: true, rest: 0 },
  setup: { steps: [[1, 100], [0, 150], [1, 100], [0, 1650]], repeat: true, rest: 0 },
} as const satisfies Record<LedPattern, Cadence>;
