import type { Cadence } from "../stack/cadence.ts";
import { steady } from "../stack/cadence.ts";

/**
 * What the caller's LED tells the person who pressed (two-stage feedback, after Ajax's Button:
 * first "delivered", then "the post raised the alarm"; alarm-field-facts §1.1, §7).
 * One LED is enough; the patterns are told apart by rhythm, not colour.
 *
 * | state | pattern | meaning |
 * |---|---|---|
 * | `sending` | fast blink, 100 ms on / 100 ms off | alarm not yet confirmed by the post: keep calm, it keeps trying |
 * | `delivered` | steady on | the post's receiver has the alarm; the siren is sounding |
 * | `acknowledged` | slow pulse, 1 s on / 1 s off | an officer acknowledged: help is coming |
 * | `link_fault` | double blink every 3 s | no contact with the post: phone the police |
 * | `stuck` | triple blink every 3 s | the button is held or shorted: no alarm can be raised |
 * | `idle` | off | ready |
 */
export const LED_PATTERNS = {
  idle: steady(0),
  sending: { steps: [[1, 100], [0, 100]], repeat: true, rest: 0 },
  delivered: steady(1),
  acknowledged: { steps: [[1, 1000], [0, 1000]], repeat: true, rest: 0 },
  link_fault: { steps: [[1, 100], [0, 150], [1, 100], [0, 2650]], repeat: true, rest: 0 },
  stuck: { steps: [[1, 100], [0, 150], [1, 100], [0, 150], [1, 100], [0, 2400]], repeat: true, rest: 0 },
} as const satisfies Record<string, Cadence>;

export type LedState = keyof typeof LED_PATTERNS;

/** Inputs that decide the LED state. */
export interface LedInputs {
  /** Alarms raised and not yet acknowledged by the receiver. */
  sending: boolean;
  /** The newest incident was delivered and not yet acknowledged by an officer. */
  delivered: boolean;
  /** An officer acknowledged the newest incident, and it is not resolved yet. */
  acknowledged: boolean;
  linkFault: boolean;
  stuck: boolean;
}

/**
 * The LED state for the caller's situation, most urgent first. An alarm in flight outranks
 * everything but a known link fault: then the person who pressed must be told to phone the
 * police, not to keep waiting (ARCHITECTURE §1: a caller that cannot reach its receiver shows a
 * link fault). A stuck-button or link fault shows otherwise only when no alarm story is told.
 */
export function ledState(s: LedInputs): LedState {
  if (s.sending) return s.linkFault ? "link_fault" : "sending";
  if (s.acknowledged) return "acknowledged";
  if (s.delivered) return "delivered";
  if (s.stuck) return "stuck";
  if (s.linkFault) return "link_fault";
  return "idle";
}
