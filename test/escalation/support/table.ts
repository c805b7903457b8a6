/**
 * Plays a table of timed inputs into an `Escalation` and returns every output with its time, as
 * compact lines (`30000 sms +84901000001 alarm`), calling `tick` at each `deadline()` in between.
 * The table is played from a start tick the test chooses (e.g. near the 32-bit wrap), and times in
 * the trace are relative to it, so one table checks both (STYLE rule 13).
 */
import { Escalation, type EscalationStep, type ModemCommand } from "../../../firmware/core/escalation/escalation.ts";
import { ESCALATION_DEFAULTS, type EscalationSettings } from "../../../firmware/core/escalation/settings.ts";
import { ticksAdd, ticksDiff } from "../../../firmware/core/ticks.ts";

export const A = "+84901000001";
export const B = "+84901000002";
export const C = "+84901000003";
export const STRANGER = "+84987654321";

/** The defaults with the periodic test SMS off: the tables are about alarms (its own test turns it on). */
export const SETTINGS: EscalationSettings = {
  ...ESCALATION_DEFAULTS,
  testSmsEveryMs: 0,
  duty: [
    { phone: A, name: "Đ/c An" },
    { phone: B, name: "Đ/c Bình" },
    { phone: C, name: "Đ/c Cường" },
  ],
};

/** What a row does; `last` gives the id of the last command of that op. */
export type Act = (e: Escalation, now: number, last: { sms?: number; dial?: number; hangUp?: number }) => EscalationStep;

export type Row = [ms: number, act: Act];

export const opened = (caller: string, incident: number, place: string): Act => (e, now) => e.incidentOpened(now, { caller, incident, place, clock: "01:02" });
export const acked = (caller: string, incident: number): Act => (e, now) => e.incidentAcknowledged(now, caller, incident);
export const resolved = (caller: string, incident: number): Act => (e, now) => e.incidentResolved(now, caller, incident);
export const smsOk: Act = (e, now, last) => e.smsResult(now, last.sms!, true);
export const smsRefused = (error: string): Act => (e, now, last) => e.smsResult(now, last.sms!, false, error);
export const ringing: Act = (e, now, last) => e.callProgress(now, last.dial!, "alerting");
export const connected: Act = (e, now, last) => e.callProgress(now, last.dial!, "connected");
export const ended = (outcome: "no_answer" | "busy" | "rejected" | "failed" | "hung_up" | "ended"): Act => (e, now, last) => e.callEnded(now, last.dial!, outcome);
export const dtmf = (key: string): Act => (e, now) => e.dtmf(now, key);
export const sms = (from: string, text: string): Act => (e, now) => e.smsReceived(now, from, text);
export const modem = (ready: boolean): Act => (e, now) => e.modemReady(now, ready);
export const fault = (caller: string, place: string): Act => (e, now) => e.fault(now, { kind: "caller_offline", caller, place });
export const faultCleared = (caller: string): Act => (e, now) => e.faultCleared(now, "caller_offline", caller);

/** One output as a line. */
function line(at: number, x: ModemCommand | { event: string; [k: string]: unknown }, texts: boolean, extra: readonly string[] = []): string {
  if ("op" in x) {
    if (x.op === "sms") return `${at} sms ${x.to}${texts ? ` ${x.text}` : ""}`;
    if (x.op === "dial") return `${at} dial ${x.to}`;
    return `${at} hang_up`;
  }
  const keys = ["escalation", "to", "by", "via", "kind", "outcome", "why", "from", "state", "round", "places", ...extra];
  return [String(at), x.event, ...keys.filter((k) => x[k] !== undefined).map((k) => `${k}=${String(x[k])}`)].join(" ");
}

/** Options of `play`. */
export interface PlayOptions {
  start?: number;
  settings?: Partial<EscalationSettings>;
  /** Include SMS texts in the lines. */
  texts?: boolean;
  /** Play deadlines up to this ms after the last row (default 0). */
  tailMs?: number;
  /** Event fields to show besides the usual ones (e.g. `alarms`, `incidents`). */
  fields?: readonly string[];
}

/** Plays `rows` (times relative to the start) and returns the trace. */
export function play(rows: readonly Row[], options: PlayOptions = {}): string[] {
  const start = options.start ?? 0;
  const e = new Escalation({ ...SETTINGS, ...options.settings, postName: "Công an xã Xuân Phổ" });
  const out: string[] = [];
  const last: { sms?: number; dial?: number; hangUp?: number } = {};
  const collect = (at: number, s: EscalationStep) => {
    for (const c of s.commands) {
      if (c.op === "sms") last.sms = c.id;
      if (c.op === "dial") last.dial = c.id;
      out.push(line(at, c, options.texts ?? false, options.fields));
    }
    for (const ev of s.events) out.push(line(at, ev, false, options.fields));
  };
  const runDeadlines = (untilRel: number) => {
    for (let guard = 0; guard < 10_000; guard++) {
      const d = e.deadline();
      if (d === undefined) return;
      const rel = ticksDiff(d, start >>> 0);
      if (rel > untilRel) return;
      collect(rel, e.tick(d));
    }
    throw new Error("deadline loop does not settle");
  };
  for (const [ms, act] of rows) {
    runDeadlines(ms);
    collect(ms, act(e, ticksAdd(start >>> 0, ms), last));
  }
  runDeadlines((rows.at(-1)?.[0] ?? 0) + (options.tailMs ?? 0));
  return out;
}
