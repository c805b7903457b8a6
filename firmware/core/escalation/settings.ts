/**
 * Escalation settings: who is on duty and when and how often the post reaches them (issue 14).
 * JSON (snake_case, ms in the name) as the provisioning registry holds them, camelCase for the
 * policy; `parseEscalationSettings` refuses a bad value with the path of the field, never
 * clamping (STYLE rule 4).
 */
import { checkE164 } from "../sms/phone-number.ts";

/** One officer on the duty list, called in list order. */
export interface DutyOfficer {
  /** E.164, e.g. `+84901234567`. */
  phone: string;
  /** How the others are told who took an alarm, e.g. "Đ/c Hùng". Non-empty, ≤ 32 characters. */
  name: string;
}

/** The policy's settings, camelCase, units in the names. */
export interface EscalationSettings {
  /** Numbers texted and called, in order; 1…10 distinct E.164 numbers. */
  duty: readonly DutyOfficer[];
  /** An incident not acknowledged at the post this long is escalated, ms, 5000…600000. */
  escalateAfterMs: number;
  /** A fault (caller offline, stuck button) still there this long is texted, ms, 60000…86400000; never called. */
  faultAfterMs: number;
  /** A call is hung up this long after dialling unless a key was pressed, ms, 10000…120000. */
  callMs: number;
  /** Pause between two rounds of calls down the list, ms, 0…3600000. */
  roundPauseMs: number;
  /** Rate limit: at least this long between two SMS to one number, ms, 0…3600000. */
  smsMinIntervalMs: number;
  /** Rate limit: at most this many SMS to one number in any hour, 1…60. */
  smsPerHour: number;
  /** First retry of a refused SMS after this long, doubling up to 16×, ms, 1000…600000. */
  retryMs: number;
  /**
   * A test SMS to the first duty number every this long of uptime, ms: 0 (off) or
   * 86400000…1728000000 (1…20 days: a tick difference must stay under 2^31 ms).
   */
  testSmsEveryMs: number;
  /** The first test SMS this long after the post starts, ms, 60000…1728000000. */
  testSmsFirstMs: number;
}

/**
 * Defaults, with their reasons:
 * - escalate after 30 s: an officer in the post hears the siren at once and reaches the panel
 *   within seconds; 30 s also lets one asleep in the next room get there. Alarm panels give a
 *   5–99 s pre-alert before dialling (Bosch Solution 6000, post-side-facts §2); a longer wait is
 *   time lost for a presser in danger when the post is empty.
 * - faults texted after 10 min, never called: the post reports a caller offline after 120 s,
 *   and a shop's power blip or a router restart is usually back within minutes; a fault is not
 *   an emergency worth waking an officer with a call (issue 14).
 * - calls hung up 40 s after dialling: Doro gives 25 s of ringing to a no-answer; 15 s more to
 *   press a key (the "connected" report may come at ringback, so it is no reason to wait longer).
 * - 60 s between rounds: callers back on the list get a minute to call the post back first.
 * - at most one SMS a minute and 10 an hour to a number: one alarm, an update, and "taken by"
 *   fit; a flapping fault or a storm of presses cannot flood an officer's phone (pending texts
 *   are merged, not dropped).
 * - a refused SMS retried after 30 s, then 60, 120 … 480 s.
 * - a test SMS to the first duty number every 7 days, the first one 1 h after the post starts:
 *   on by default, because the modem's health check (SIM, registration, signal) cannot see what
 *   only a sent text shows: a prepaid line expired or out of credit still registers, and a duty
 *   number may have changed hands; without a test, the first SMS the post sends is during an
 *   alarm. Monitored alarm panels prove their reporting path the same way, with periodic test
 *   reports (alarm-field-facts: supervision windows of 24 h; EN 50131-1 "periodic
 *   communication"). Weekly costs about 52 SMS a year; one number only, so ten officers are not
 *   trained to ignore texts from the post. The post has no wall clock, so the period counts
 *   uptime; 1 h after a start lets an installer's own checks go first, and a post that restarts
 *   often sends at most one test per start (within the rate limit).
 */
export const ESCALATION_DEFAULTS: Readonly<Omit<EscalationSettings, "duty">> = Object.freeze({
  escalateAfterMs: 30_000,
  faultAfterMs: 600_000,
  callMs: 40_000,
  roundPauseMs: 60_000,
  smsMinIntervalMs: 60_000,
  smsPerHour: 10,
  retryMs: 30_000,
  testSmsEveryMs: 7 * 86_400_000,
  testSmsFirstMs: 3_600_000,
});

/** The most numbers on a duty list: a round of calls stays under 10 × 40 s. */
export const DUTY_MAX = 10;
/** The longest officer name, characters (it goes into an SMS). */
export const DUTY_NAME_MAX = 32;
/** The longest test SMS period or first delay, ms (20 days: tick differences stay under 2^31 ms). */
const TEST_SMS_MAX_MS = 20 * 86_400_000;

const RANGES: Readonly<Record<keyof typeof ESCALATION_DEFAULTS, readonly [string, number, number]>> = {
  escalateAfterMs: ["escalate_after_ms", 5_000, 600_000],
  faultAfterMs: ["fault_after_ms", 60_000, 86_400_000],
  callMs: ["call_ms", 10_000, 120_000],
  roundPauseMs: ["round_pause_ms", 0, 3_600_000],
  smsMinIntervalMs: ["sms_min_interval_ms", 0, 3_600_000],
  smsPerHour: ["sms_per_hour", 1, 60],
  retryMs: ["retry_ms", 1_000, 600_000],
  testSmsEveryMs: ["test_sms_every_ms", 86_400_000, TEST_SMS_MAX_MS],
  testSmsFirstMs: ["test_sms_first_ms", 60_000, TEST_SMS_MAX_MS],
};

/** Settings where 0 means off (and is allowed below the range). */
const OFF_IS_ZERO: ReadonlySet<string> = new Set(["test_sms_every_ms"]);

/** A refused escalation setting: the JSON path of the field and why, in words. */
export class EscalationSettingsError extends RangeError {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${path}: ${reason}`);
    this.name = "EscalationSettingsError";
  }
}

/**
 * Checks the JSON settings `{duty: [{phone, name}], escalate_after_ms?, …}` and merges the defaults.
 * @param at the JSON path of the object, for errors (e.g. `escalation`).
 * @throws EscalationSettingsError naming the field: not an object, unknown field, a duty list
 *   empty, too long or with a repeated number, a phone not E.164, a name empty or too long, a
 *   number outside its range or not an integer.
 */
export function parseEscalationSettings(json: unknown, at = "escalation"): EscalationSettings {
  const bad = (path: string, reason: string): never => {
    throw new EscalationSettingsError(path, reason);
  };
  if (typeof json !== "object" || json === null || Array.isArray(json)) bad(at, "must be an object {duty: [{phone, name}], …}");
  const o = json as Record<string, unknown>;
  const known = new Set(["duty", ...Object.values(RANGES).map((r) => r[0])]);
  for (const k of Object.keys(o)) if (!known.has(k)) bad(`${at}.${k}`, `unknown field (known: ${[...known].join(", ")})`);
  if (!Array.isArray(o.duty) || o.duty.length === 0 || o.duty.length > DUTY_MAX) bad(`${at}.duty`, `must list 1…${DUTY_MAX} officers {phone, name}`);
  const seen = new Set<string>();
  const duty = (o.duty as unknown[]).map((d: unknown, i): DutyOfficer => {
    const p = `${at}.duty[${i}]`;
    if (typeof d !== "object" || d === null) bad(p, "must be an object {phone, name}");
    const r = d as Record<string, unknown>;
    let phone = "";
    try {
      phone = checkE164(r.phone, `${p}.phone`);
    } catch (err) {
      bad(`${p}.phone`, (err as Error).message.slice(`${p}.phone `.length));
    }
    if (seen.has(phone)) bad(`${p}.phone`, `${phone} is already on the list`);
    seen.add(phone);
    if (typeof r.name !== "string" || r.name.trim() === "" || r.name.length > DUTY_NAME_MAX) bad(`${p}.name`, `must be 1…${DUTY_NAME_MAX} characters`);
    return { phone, name: r.name as string };
  });
  const out: EscalationSettings = { duty, ...ESCALATION_DEFAULTS };
  for (const [key, [name, min, max]] of Object.entries(RANGES) as [keyof typeof ESCALATION_DEFAULTS, readonly [string, number, number]][]) {
    const v = o[name];
    if (v === undefined) continue;
    if (OFF_IS_ZERO.has(name) && v === 0) {
      out[key] = 0;
      continue;
    }
    if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
      bad(`${at}.${name}`, `must be ${OFF_IS_ZERO.has(name) ? "0 (off) or " : ""}an integer ${min}…${max}, got ${JSON.stringify(v)}`);
    }
    out[key] = v as number;
  }
  return out;
}

/**
 * The JSON form of `settings` (snake_case, as the registry holds them): `parseEscalationSettings`
 * of it gives equal settings back, so a config built in code is checked by the same rules.
 */
export function escalationSettingsJson(settings: EscalationSettings): Record<string, unknown> {
  const out: Record<string, unknown> = { duty: settings.duty.map((d) => ({ phone: d.phone, name: d.name })) };
  for (const [key, [name]] of Object.entries(RANGES) as [keyof typeof ESCALATION_DEFAULTS, readonly [string, number, number]][]) out[name] = settings[key];
  return out;
}

/**
 * What a post escalates with when part of its stored escalation is damaged (field findings 3
 * and 4 of "the post cannot escalate", test/field/escalation-off/README.md): a post that holds
 * readable duty numbers must not stay silent towards them because of a corrupt neighbour, yet
 * the damage must be reported (the caller turns `problems[0]` into `escalation_off` bad_setting,
 * a fault the installer must fix). The rule:
 * - the officers that check (E.164 phone, 1…32 character name, not a number already kept), in
 *   stored order; `undefined` marks one that could not be read at all (the reader reported it);
 *   an officer that fails is left out and is a problem at `<at>.duty[<i>].<field>`;
 * - each setting of `others` that checks is kept; a bad one (out of range, unknown) falls back to
 *   its default (`ESCALATION_DEFAULTS`) and is a problem at `<at>.<field>`; `others` not an
 *   object: every default, a problem at `<at>`;
 * - no officer left: no escalation (`settings` undefined).
 * Whatever is kept passes `parseEscalationSettings` (it is built by it).
 * @param duty the stored officers `{phone, name}` in order, `undefined` for one unreadable.
 * @param others the stored settings other than the duty list (snake_case JSON), or undefined.
 * @param at the JSON path of the object, for the problems (e.g. `escalation`).
 * @returns the settings to escalate with (or undefined) and every problem found, in stored order
 *   (officers first); never throws on bad data.
 */
export function salvageEscalationSettings(
  duty: readonly unknown[],
  others: unknown,
  at = "escalation",
): { settings: EscalationSettings | undefined; problems: EscalationSettingsError[] } {
  const problems: EscalationSettingsError[] = [];
  const kept: DutyOfficer[] = [];
  duty.forEach((d, i) => {
    if (d === undefined) return;
    try {
      const [officer] = parseEscalationSettings({ duty: [...kept, d] }, at).duty.slice(kept.length);
      kept.push(officer!);
    } catch (err) {
      if (!(err instanceof EscalationSettingsError)) throw err;
      problems.push(new EscalationSettingsError(err.path.replace(`${at}.duty[${kept.length}]`, `${at}.duty[${i}]`), err.reason));
    }
  });
  if (kept.length === 0) return { settings: undefined, problems };
  const good: Record<string, unknown> = {};
  if (others !== undefined) {
    if (typeof others !== "object" || others === null || Array.isArray(others)) {
      problems.push(new EscalationSettingsError(at, "must be an object {escalate_after_ms?, …}"));
    } else {
      for (const [k, v] of Object.entries(others)) {
        if (k === "duty") {
          problems.push(new EscalationSettingsError(`${at}.duty`, "must not be given beside the stored duty list"));
          continue;
        }
        try {
          parseEscalationSettings({ duty: kept, [k]: v }, at);
          good[k] = v;
        } catch (err) {
          if (!(err instanceof EscalationSettingsError)) throw err;
          problems.push(err);
        }
      }
    }
  }
  return { settings: parseEscalationSettings({ ...good, duty: kept }, at), problems };
}
