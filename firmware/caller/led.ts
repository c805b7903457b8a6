import type { LedState } from "../core/policy/caller-led.ts";
import type { Cadence } from "../stack/cadence.ts";
import { steady } from "../stack/cadence.ts";

/**
 * The rhythm of each caller LED state (`firmware/core/policy/caller-led.ts` says what each
 * state means and when it shows).
 *
 * | state | pattern |
 * |---|---|
 * | `sending` | fast blink, 100 ms on / 100 ms off |
 * | `delivered` | steady on |
 * | `acknowledged` | slow pulse, 1 s on / 1 s off |
 * | `link_fault` | double blink every 3 s |
 * | `stuck` | triple blink every 3 s |
 * | `idle` | off |
 */
export const LED_PATTERNS = {
  idle: steady(0),
  sending: { steps: [[1, 100], [0, 100]], repeat: true, rest: 0 },
  delivered: steady(1),
  acknowledged: { steps: [[1, 1000], [0, 1000]], repeat: true, rest: 0 },
  link_fault: { steps: [[1, 100], [0, 150], [1, 100], [0, 2650]], repeat: true, rest: 0 },
  stuck: { steps: [[1, 100], [0, 150], [1, 100], [0, 150], [1, 100], [0, 2400]], repeat: true, rest: 0 },
} as const satisfies Record<LedState, Cadence>;
