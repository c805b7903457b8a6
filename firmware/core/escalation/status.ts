/**
 * The post's escalation status after each boot, stated positively (field finding 8,
 * test/field/escalation-off/README.md): two passive state machines, one per side of the event
 * stream (ARCHITECTURE §3), so the post and whoever watches it (`bell bridge` → Home Assistant)
 * read the same rule.
 *
 * **Why.** Before, the post spoke only when it could *not* escalate (`escalation_off`), and for
 * `no_duty_list` only once its LTE module answered AT, some 10–20 s after power-up (field finding
 * 2). A watcher could not tell "it will say it again in a moment" from "fixed", so the bridge
 * cleared the fault at `boot` and Home Assistant showed the post `normal` at every reboot — a
 * false "the duty phones will be called" to the officer looking at it, and an automation on
 * "post back to normal" firing at each reboot (a reboot loop from the modem's 2 A bursts flaps
 * it for as long as it lasts).
 *
 * **The post's side (`EscalationStatement`).** After every boot the post says exactly one of:
 * - `escalation_off` {why, key?, reason?}: it cannot escalate, or only impaired (as before);
 * - `escalation_ok` {phones}: nothing is wrong with its escalation: `phones` duty numbers and a
 *   modem UART (whether the module answers is the modem's own health, `modem_fault` /
 *   `modem_ok`), or `phones` 0: a post set up without duty phones (no duty list, and no modem
 *   UART or none whose module answers `AT`).
 * Known at boot except for a post without a duty list on a modem UART: its statement waits for
 * the module probe (`firmware/stack/at/modem-probe.ts`). An answer is `escalation_off`
 * no_duty_list; `PROBE_UNANSWERED_FOR_NONE` unanswered `AT` (the module takes 10–20 s after
 * power-up; the probe's first two `AT` cover 28 s) is `escalation_ok` phones 0. A module that
 * answers later still (fitted while the post runs) then changes it to `escalation_off`
 * no_duty_list: the one case of two statements in one boot, and the later one wins.
 *
 * **The watcher's side (`EscalationWatch`).** What the post last stated survives its reboot:
 * at `boot` the last reason is kept and marked *unconfirmed* (the post has not stated it since
 * this boot), and a fault stays a fault, until the post states its status again; then the new
 * statement replaces it (`escalation_ok` clears it: the installer fixed the list during the
 * reboot). A reboot is never a "back to normal". A post whose firmware predates
 * `escalation_ok` never confirms: its last fault stays, marked unconfirmed — a fault shown too
 * long, never a fault hidden (the missed-alarm direction).
 */
import { escalationOff, escalationOffIsFault, type EscalationOff, type EscalationOffReason, type EscalationSetup } from "./unavailable.ts";

/**
 * Unanswered `AT` of the module probe after which a post without a duty list says it was set up
 * without duty phones (`escalation_ok` phones 0): an LTE module answers 10–20 s after power-up
 * (`firmware/stack/at/modem-probe.ts`), and the probe's second `AT` ends 28 s after boot
 * (9 s timeout, 10 s pause, 9 s timeout).
 */
export const PROBE_UNANSWERED_FOR_NONE = 2;

/** What the post states about its escalation: `escalation_off` or `escalation_ok` and its fields. */
export type EscalationStatusEvent =
  | { readonly event: "escalation_off"; readonly fields: EscalationOff }
  | { readonly event: "escalation_ok"; readonly fields: { readonly phones: number } };

/** The post's side: what to state after each boot (see the file comment). One per boot. */
export class EscalationStatement {
  #setup: EscalationSetup | undefined;
  /** What was stated at this boot: `off`, `ok` (with a list or without), or nothing yet. */
  #said: "off" | "ok" | undefined;
  #unanswered = 0;

  /**
   * The setup read at boot. @returns the statement to make now, or undefined while it waits for
   * the module probe (no duty list, a modem UART). `phones` of `escalation_ok` is
   * `setup.phones` (0 when absent or without a duty list).
   */
  boot(setup: EscalationSetup): EscalationStatusEvent | undefined {
    this.#setup = setup;
    this.#said = undefined;
    this.#unanswered = 0;
    const off = escalationOff(setup);
    if (off !== undefined) return this.#off(off);
    if (setup.dutyList) return this.#ok(setup.phones ?? 0);
    if (!setup.modem || setup.modemAnswered === true) return this.#ok(0);
    return undefined;
  }

  /**
   * A module answered `AT` on the modem UART (the probe's one answer). @returns `escalation_off`
   * no_duty_list when the post has no duty list and had not said so, else undefined.
   */
  modemAnswered(): EscalationStatusEvent | undefined {
    const setup = this.#setup;
    if (setup === undefined || this.#said === "off" || setup.modemAnswered === true) return undefined;
    this.#setup = { ...setup, modemAnswered: true };
    const off = escalationOff(this.#setup);
    return off === undefined ? undefined : this.#off(off);
  }

  /**
   * One `AT` of the probe went unanswered. @returns `escalation_ok` phones 0 at the
   * `PROBE_UNANSWERED_FOR_NONE`-th while nothing was stated yet, else undefined.
   */
  modemUnanswered(): EscalationStatusEvent | undefined {
    if (this.#setup === undefined || this.#said !== undefined) return undefined;
    this.#unanswered += 1;
    return this.#unanswered >= PROBE_UNANSWERED_FOR_NONE ? this.#ok(0) : undefined;
  }

  /** Whether the post has stated its status since `boot`. */
  get stated(): boolean {
    return this.#said !== undefined;
  }

  #off(off: EscalationOff): EscalationStatusEvent {
    this.#said = "off";
    return { event: "escalation_off", fields: off };
  }

  #ok(phones: number): EscalationStatusEvent {
    this.#said = "ok";
    return { event: "escalation_ok", fields: { phones } };
  }
}

/** What a watcher knows of a post's escalation (JSON: saved by the bridge in its model). */
export interface EscalationKnown {
  /** The reason of the last `escalation_off` still standing; absent after `escalation_ok`. */
  readonly reason?: EscalationOffReason;
  /**
   * True when the post rebooted since it stated `reason` and has not stated its status again:
   * `reason` is the last known one, not yet re-confirmed. Absent: confirmed (or nothing known).
   */
  readonly unconfirmed?: true;
}

/** The watcher's side (see the file comment): the event stream in, what is known out. */
export class EscalationWatch {
  #known: EscalationKnown;
  /** The post stated its escalation (`escalation_off` / `escalation_ok`) to this watcher. */
  #stated = false;

  /** @param known what an earlier run knew (e.g. a saved model), default nothing. */
  constructor(known: EscalationKnown = {}) {
    this.#known = { ...known };
  }

  /** What is known now (a copy). */
  get known(): EscalationKnown {
    return { ...this.#known };
  }

  /** Whether what is known makes the post faulty (`escalationOffIsFault`), confirmed or not. */
  get fault(): boolean {
    return this.#known.reason !== undefined && escalationOffIsFault(this.#known.reason);
  }

  /**
   * A last word heard from elsewhere while nothing is known here (a watcher started afresh: the
   * bridge without its saved model reads the retained post state an earlier bridge left): kept
   * as the last known reason, unconfirmed, like a reason from before a boot. @returns whether
   * `known` changed: never while a reason is known, nor once the post has stated its escalation
   * to this watcher (after `escalation_ok` no reason is known either, and a recalled one would be
   * older than the post's word). A receiver `boot` alone does not stop it: a boot says nothing of
   * the escalation (field finding 4 of test/field/tonight).
   */
  recall(reason: EscalationOffReason): boolean {
    if (this.#known.reason !== undefined || this.#stated) return false;
    this.#known = { reason, unconfirmed: true };
    return true;
  }

  /**
   * One event of the post's stream: `boot` (of a receiver: keeps the reason, marks it
   * unconfirmed), `escalation_off` {why} (a reason, confirmed), `escalation_ok` (none). The
   * caller checks the fields first (`why` a reason). @returns whether `known` changed.
   */
  apply(event: "boot" | "escalation_ok"): boolean;
  apply(event: "escalation_off", why: EscalationOffReason): boolean;
  apply(event: "boot" | "escalation_off" | "escalation_ok", why?: EscalationOffReason): boolean {
    const before = JSON.stringify(this.#known);
    if (event === "boot") this.#known = this.#known.reason === undefined ? {} : { reason: this.#known.reason, unconfirmed: true };
    else if (event === "escalation_off") this.#known = { reason: why! };
    else this.#known = {};
    if (event !== "boot") this.#stated = true;
    return JSON.stringify(this.#known) !== before;
  }
}
