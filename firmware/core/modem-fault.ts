/**
 * What can be wrong with the post's LTE modem (issue 14): the one list the AT driver reports
 * (`firmware/stack/at/modem.ts`), the receiver's policy logs (its index + 1 is the event log's
 * detail byte: append only, never reorder) and the annunciator words.
 *
 * - `no_sim` (`AT+CPIN?` not READY), `not_registered` (`AT+CEREG?` stat not 1 or 5),
 *   `not_answering` (an AT command timed out): definite, the modem can neither text nor call;
 * - `weak_signal` (`AT+CSQ` rssi under the usable level, or 99 unknown, while registered): a
 *   warning — SMS and calls often still go through, so the escalation keeps trying;
 * - `sms_refused` (several SMS in a row refused with `+CMS ERROR`) and `calls_refused` (several
 *   calls in a row that could not be made, e.g. no VoLTE on the line): the other way of reaching
 *   the duty phones still works, so the escalation keeps trying both;
 * - `test_sms_failed` (the periodic test SMS was refused, `firmware/core/escalation/`): the chain
 *   SIM → network → phone is in doubt (an expired prepaid SIM, a number that changed hands); the
 *   escalation keeps trying.
 */
export const MODEM_FAULTS = ["no_sim", "not_registered", "not_answering", "weak_signal", "sms_refused", "calls_refused", "test_sms_failed"] as const;

/** A reason of `MODEM_FAULTS`. */
export type ModemFault = (typeof MODEM_FAULTS)[number];

/** Whether the modem still texts or calls despite `fault` (a warning: the escalation goes on). */
export function modemStillServes(fault: ModemFault): boolean {
  return fault === "weak_signal" || fault === "sms_refused" || fault === "calls_refused" || fault === "test_sms_failed";
}

/** Whether `s` names a `ModemFault`. */
export function isModemFault(s: unknown): s is ModemFault {
  return typeof s === "string" && (MODEM_FAULTS as readonly string[]).includes(s);
}
