/**
 * What the caller's LED tells the person who pressed (two-stage feedback, after Ajax's Button:
 * first "delivered", then "the post raised the alarm"; alarm-field-facts §1.1, §7). One LED is
 * enough; the states are told apart by rhythm, not colour (the rhythms are the caller app's
 * `LED_PATTERNS`, `firmware/caller/led.ts`).
 *
 * | state | meaning |
 * |---|---|
 * | `sending` | alarm not yet confirmed by the post: keep calm, it keeps trying |
 * | `delivered` | the post's receiver has the alarm; the siren is sounding |
 * | `acknowledged` | an officer acknowledged: help is coming |
 * | `link_fault` | no contact with the post: phone the police |
 * | `stuck` | the button is held or shorted: no alarm can be raised |
 * | `idle` | ready |
 */
export const CALLER_LED_STATES = ["idle", "sending", "delivered", "acknowledged", "link_fault", "stuck"] as const;

export type LedState = (typeof CALLER_LED_STATES)[number];

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
