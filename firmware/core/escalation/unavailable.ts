/**
 * Why a post cannot escalate to the duty phones (issue 14), and whether that is a fault or a
 * notice: the one definition the post's policy (`../policy/receiver.ts`: the chirp) and the
 * annunciator (`../annunciator/annunciator.ts`: the screen line) share.
 *
 * Fault or notice (docs/deploying.md §8; ../shared/reference/alarm-field-facts.md: a fault is
 * what someone must fix, signalled until acknowledged; post-side-facts.md §2: the post needs an
 * LTE modem *and* the duty list to reach anyone):
 * - `no_duty_list` (a modem is fitted but nobody was provisioned to call) and `bad_setting` (the
 *   stored duty list is corrupt): the post was meant to reach the phones and cannot: a **fault**
 *   the installer must fix — fault chirp until acknowledged, shown until a restart finds it fixed.
 *   "Fitted" means a module answered AT (`modemAnswered`), not a UART mapped: the standard board
 *   maps the modem UART whether or not a module is there, so without a duty list a UART that
 *   nothing answers on is a post built without phones — nothing to say (field finding 2,
 *   test/field/escalation-off/README.md);
 * - `no_modem` (a duty list on a board built without a modem UART): the post was set up without
 *   phones; nothing at the post can fix it and a chirp would sound at every boot for ever: a
 *   **notice**, a standing line on the status screen, no chirp.
 * A post that can escalate, or was set up without phones, says so too (`escalation_ok`), so a
 * watcher never takes the silence after a reboot for a fix: `./status.ts` (field finding 8).
 */

/** The reasons of `escalation_off` {why} (ARCHITECTURE §3). */
export const ESCALATION_OFF_REASONS = ["no_duty_list", "no_modem", "bad_setting"] as const;

/** A reason of `ESCALATION_OFF_REASONS`. */
export type EscalationOffReason = (typeof ESCALATION_OFF_REASONS)[number];

/** What the post has for the escalation at boot. */
export interface EscalationSetup {
  /** A valid duty list was read from the identity. */
  readonly dutyList: boolean;
  /** The board has an LTE modem UART (mapped: a module may or may not be fitted). */
  readonly modem: boolean;
  /**
   * A module answered AT on that UART (`firmware/stack/at/modem-probe.ts`); absent or false:
   * not (yet). Only asked of a post without a duty list: it alone decides `no_duty_list`.
   */
  readonly modemAnswered?: boolean;
  /** How many duty numbers the post escalates to (with `dutyList`), for `escalation_ok` {phones}; default 0. */
  readonly phones?: number;
  /** The stored duty list or escalation settings are corrupt: the Preference key and why, in words. */
  readonly fault?: { readonly key: string; readonly reason: string };
}

/** `escalation_off`'s fields: why, and for `bad_setting` the key and why in words. */
export interface EscalationOff {
  readonly why: EscalationOffReason;
  readonly key?: string;
  readonly reason?: string;
}

/**
 * Why the post cannot escalate, or undefined when it can or was never meant to (neither a
 * module that answers nor a duty list). A corrupt stored list comes first, then a module that
 * answered without a list, then a list without a modem UART.
 */
export function escalationOff(setup: EscalationSetup): EscalationOff | undefined {
  if (setup.fault !== undefined) return { why: "bad_setting", key: setup.fault.key, reason: setup.fault.reason };
  if (!setup.dutyList && setup.modem && setup.modemAnswered === true) return { why: "no_duty_list" };
  if (setup.dutyList && !setup.modem) return { why: "no_modem" };
  return undefined;
}

/**
 * The identity's Preference key of the escalation settings stored beside the duty list
 * (`escal`, firmware/stack/identity.ts `IDENTITY_KEYS.escalation`): defined here because the
 * screen tells a corrupt setting from a corrupt list by it.
 */
export const ESCALATION_SETTINGS_KEY = "escal";

/**
 * Which line the screen and the timeline give an `escalation_off`: its reason, except that a
 * `bad_setting` naming the settings (`ESCALATION_SETTINGS_KEY`) rather than the duty list is
 * `bad_settings` — the list is intact and the post still escalates to it with the defaults
 * (`../escalation/settings.ts` `salvageEscalationSettings`; field finding 3: the screen must not
 * say the list is corrupt when it is not).
 */
export function escalationOffLine(why: EscalationOffReason, key?: string): EscalationOffReason | "bad_settings" {
  return why === "bad_setting" && key === ESCALATION_SETTINGS_KEY ? "bad_settings" : why;
}

/** Whether `why` is a fault (chirp, acknowledge, fault LED) rather than a notice (see above). */
export function escalationOffIsFault(why: EscalationOffReason): boolean {
  return why !== "no_modem";
}

/** Whether `s` names an `EscalationOffReason`. */
export function isEscalationOffReason(s: unknown): s is EscalationOffReason {
  return typeof s === "string" && (ESCALATION_OFF_REASONS as readonly string[]).includes(s);
}
