/**
 * The escalation policy (issue 14): when nobody at the post takes an alarm, the duty officers'
 * phones are texted, then called down the list in rounds, until someone takes it.
 *
 * A passive state machine in virtual time (STYLE rule 7): each input is a method taking the
 * tick `now` and returning a `EscalationStep` — modem commands to issue, in order, and events
 * for the timeline (ARCHITECTURE §3, §7) — and `deadline()` says when `tick` must run next.
 *
 * Behaviour:
 * - An incident not acknowledged at the post `escalateAfterMs` after it opened starts an
 *   **escalation**, which takes in every other open, unacknowledged incident (coalescing); one
 *   opening while it runs joins it. Each place (caller) in an escalation is one **alarm** with
 *   its own number N, the one in "OK N" (field finding 2): a caller's further presses join its
 *   alarm and are texted to nobody (field finding 3: they must not spend the SMS budget); a new
 *   place is a new alarm, texted at once to every duty number (merged into a text still
 *   waiting). The escalation's number (`escalation` in the events) is its first alarm's; its
 *   alarms are in `alarms`. Numbers are never given twice (`EscalationStep.nextNumber`, which
 *   the app persists: field finding 1). An escalation texts every duty number, then calls them
 *   one at a time, down the list, round after round with `roundPauseMs` between, until every
 *   alarm in it is taken or resolved.
 * - **Taking an alarm** takes only alarms the taker was told of (field finding 2): an SMS
 *   `OK N` from a duty number (`reply.ts`) takes alarm N if an SMS naming N was accepted by the
 *   network for that number; a bare `OK` takes every alarm named to that number still open
 *   (it is what he read; the confirmation lists them); a DTMF key `1` during a call to a duty
 *   number takes the alarms the escalation had when that call was dialled (a call's
 *   "connected" is not proof a person answered: some modules report it at ringback,
 *   post-side-facts §2); the post's own acknowledgement of every incident of an alarm takes it.
 *   The taker is confirmed, those told of it are told who took it, a call about nothing left
 *   is hung up, and `escalation_taken` carries the incidents so the receiver acknowledges them.
 * - Only duty numbers count: any other SMS is logged (`sms_ignored`) and changes nothing. A duty
 *   number's text that takes nothing (not a reply, no such alarm, already taken, not told) is
 *   logged and answered with a short SMS saying it took nothing and how to reply (field finding
 *   4: else the officer believes he took it), at most one answer per number per
 *   `ANSWER_EVERY_MS`, so an autoresponder cannot loop with the post.
 * - **Faults** (`fault` / `faultCleared`, e.g. a caller offline or a stuck button) still there
 *   after `faultAfterMs` are texted to every number once, never called; when one ends, the
 *   phones its text reached are texted that it ended (field finding 6), merged with a fault
 *   text of the same caller still waiting (the newest wins); a fault text not yet sent when the
 *   fault ends is dropped.
 * - **Rate limit** (against storms, not against news; field finding 3): per number at least
 *   `smsMinIntervalMs` between SMS and at most `smsPerHour` an hour, except that a new alarm's
 *   text never waits for the hourly cap, only for the spacing (≤ 60 s by default, during which
 *   further new alarms merge into it: one text a minute at most however many places press).
 *   A text that must wait is merged with later texts of the same kind (the newest wins), never
 *   dropped; when several can go, alarm texts go first, then confirmations, then closings and
 *   faults, the "taken" notices last. Whenever the rate limit holds a text back,
 *   `escalation_sms_held` {to, kind, why: per_minute | per_hour, wait_ms} says so (once per
 *   text); the calls go on meanwhile.
 * - The modem does one thing at a time: the policy issues an SMS or a call only when the last
 *   command's result came (`smsResult`, `callEnded`) and the modem is ready (`modemReady`). A
 *   refused SMS is retried after `retryMs`, doubling up to 16×; a call that fails (no VoLTE,
 *   not registered) counts as not answered and the list goes on.
 * - **Test SMS** (`testSmsEveryMs`, 0 = off): the first duty number is texted a test
 *   `testSmsFirstMs` after the policy's first input (the post's start: `PostEscalation` reports
 *   the modem at once) and then every `testSmsEveryMs` of uptime. It goes only when the post is
 *   quiet (no incident it knows open, no escalation, nothing queued, the modem idle and ready)
 *   and the number's rate limit allows a text, and it is not counted against that limit, so it
 *   never holds back an alarm text or call. A refused test is a modem fault (`modem_fault`
 *   {reason: `test_sms_failed`, detail}, once), retried after `retryMs`, doubling up to 16×;
 *   `modem_ok` when one goes through again.
 */
import type { BellEvent } from "../events.ts";
import { message, type MessageId } from "../messages/index.ts";
import { type Ticks, earliest, ticksAdd, ticksDiff, ticksReached } from "../ticks.ts";
import { parseReply } from "./reply.ts";
import type { DutyOfficer, EscalationSettings } from "./settings.ts";

/** What the policy asks of the modem. `id` ties the result back to the command. */
export type ModemCommand =
  | { op: "sms"; id: number; to: string; text: string }
  | { op: "dial"; id: number; to: string }
  | { op: "hang_up"; id: number };

/** What a call ended with, as the driver reads the modem's finals and `+CLCC` reports. */
export type CallOutcome = "no_answer" | "busy" | "rejected" | "failed" | "hung_up" | "ended";

/** Why an SMS changed nothing (`not_told`: the alarm is open but no SMS naming it reached that number). */
export type IgnoredWhy = "not_on_duty_list" | "not_understood" | "no_such_alarm" | "already_taken" | "not_told";

/** The events the policy reports (ARCHITECTURE §3, source receiver). */
export type EscalationEventName =
  | "escalation_started"
  | "escalation_joined"
  | "escalation_sms_sent"
  | "escalation_sms_failed"
  | "escalation_sms_held"
  | "escalation_call"
  | "escalation_call_state"
  | "escalation_call_ended"
  | "escalation_dtmf_ignored"
  | "escalation_taken"
  | "escalation_closed"
  | "sms_ignored"
  | "fault_escalated"
  | "modem_fault"
  | "modem_ok";

/**
 * An event for the timeline and the event log, `{event, ...fields}`, typed by the event contract
 * (`core/events.ts`): e.g. `{ event: "escalation_call", to: "+84901000001", escalation: 1, round: 1 }`.
 */
export type EscalationEvent = Extract<BellEvent, { event: EscalationEventName }>;

/** One incident of the receiver, by its caller and the caller's incident number. */
export interface IncidentKey {
  caller: string;
  incident: number;
}

/** An alarm an officer took by phone: the receiver acknowledges these incidents at the post. */
export interface TakenByPhone {
  /** The taker's phone, E.164. */
  by: string;
  via: "sms" | "dtmf";
  incidents: IncidentKey[];
}

/** The outputs of one input. */
export interface EscalationStep {
  commands: ModemCommand[];
  events: EscalationEvent[];
  /** Set when an officer took an alarm by SMS or DTMF (never when the post took it). */
  taken?: TakenByPhone;
  /**
   * Set when this step gave out an alarm number: the number the next alarm will get. The app
   * writes it to flash BEFORE it issues `commands` (one write per new number), so no SMS ever
   * names a number the flash does not know was given; a power cut between the write and the
   * SMS only skips a number. Then `OK N` never names two alarms across reboots (field finding 1).
   */
  nextNumber?: number;
}

/** An incident as the receiver reports it. */
export interface IncidentRef {
  /** The caller's id (node id or name), as in the receiver's events. */
  caller: string;
  /** The caller's incident number. */
  incident: number;
  /** The caller's place, as the SMS names it (e.g. "Trạm y tế"). */
  place: string;
  /** Wall-clock time of the press, "HH:MM", if the post knows it. */
  clock?: string;
  /**
   * Restored from flash at boot (opened before the post restarted): its press time is not
   * known, so the text says "from before the restart" instead of a time (field finding 5).
   */
  restored?: boolean;
}

/** A fault on the post's side. */
export interface FaultRef {
  kind: "caller_offline" | "caller_button_stuck";
  caller: string;
  place: string;
  clock?: string;
}

/** Options of `Escalation`. */
export interface EscalationOptions extends EscalationSettings {
  /** The post's name, as the SMS names it. */
  postName: string;
  /**
   * The number of the first escalation (default 1): `nextNumber` as the app last persisted it, so
   * a number is never given twice across reboots. 1…`ALARM_NUMBER_MAX`.
   */
  firstNumber?: number;
}

/** The DTMF key that takes an alarm during a call (the SMS says to press it). */
export const TAKE_KEY = "1";

/**
 * The largest alarm number; the next one is 1 again. Six digits, as the reply parser reads
 * (`reply.ts`): at 100 alarms a day a number comes back after 27 years.
 */
export const ALARM_NUMBER_MAX = 999_999;

/**
 * At most one "your reply took nothing" answer per duty number this often, ms: an autoresponder
 * answering each SMS gets ≤ 6 an hour (and the hourly cap still applies).
 */
export const ANSWER_EVERY_MS = 600_000;

/** How much of a refused reply the answer quotes, characters. */
const QUOTE_MAX = 24;

const ONE_HOUR_MS = 3_600_000;
const RETRY_MAX_FACTOR = 16;

interface Incident extends IncidentRef {
  key: string;
  openedAt: Ticks;
  /** The alarm number once escalated. */
  alarm?: number;
}

/** One place's alarm in the active escalation: its incidents, by key. */
interface Alarm {
  n: number;
  caller: string;
  place: string;
  clock?: string;
  restored?: boolean;
  keys: Set<string>;
}

interface Active {
  /** The escalation's number: its first alarm's. */
  n: number;
  /** Its open alarms, by number, in the order they were given. */
  alarms: Map<number, Alarm>;
  round: number;
  /** Next index of `duty` to call in this round. */
  next: number;
  /** The round pause ends here (undefined: call now). */
  pauseUntil?: Ticks;
  /** The last call of a round is under way: the pause starts when it ends. */
  pauseAfterCall: boolean;
}

type SmsKind = "alarm" | "taken" | "confirm" | "closed" | "fault" | "answer" | "test";

interface SmsJob {
  to: string;
  /** Jobs with the same merge key for one number are merged (the newest text wins). */
  merge: string;
  kind: SmsKind;
  escalation?: number;
  /** The alarm numbers an `alarm` text names (re-rendered when merged). */
  names?: number[];
  /** The fault (`kind/caller`) a fault text tells of (not its end). */
  fault?: string;
  /** The fault ended while this text of it was being submitted: the end's text parameters. */
  ended?: Record<string, unknown>;
  text: string;
  notBefore?: Ticks;
  attempt: number;
  /** `escalation_sms_held` was reported for it. */
  heldReported?: boolean;
}

/** Which waiting text goes first when several can (lower first): news before notices. */
const PRIORITY: Readonly<Record<SmsKind, number>> = { alarm: 0, confirm: 1, answer: 1, closed: 2, fault: 2, taken: 3, test: 4 };

type Busy = { op: "sms"; id: number; job: SmsJob } | { op: "dial"; id: number; to: string; n: number; alarms: number[]; at: Ticks; hangingUp: boolean };

/** The escalation state machine. */
export class Escalation {
  private readonly o: EscalationOptions;
  private readonly incidents = new Map<string, Incident>();
  private readonly faults = new Map<string, FaultRef & { since: Ticks; texted: boolean }>();
  /** Alarm numbers taken or closed (a reply naming one is `already_taken`). */
  private readonly taken = new Set<number>();
  /** Per duty number, the alarm numbers an SMS it got named (the network accepted it). */
  private readonly told = new Map<string, Set<number>>();
  /** Per fault (`kind/caller`), the duty numbers its text reached. */
  private readonly faultTold = new Map<string, Set<string>>();
  private readonly sentAt = new Map<string, Ticks[]>();
  /** Per duty number, when it was last answered that its reply took nothing. */
  private readonly answeredAt = new Map<string, Ticks>();
  private jobs: SmsJob[] = [];
  private active: Active | undefined;
  private busy: Busy | undefined;
  private ready = true;
  private nextN: number;
  private nextId = 1;
  /** The test SMS is due here; undefined before the first input, and when it is off. */
  private testAt: Ticks | undefined;
  private started = false;
  private testAttempt = 1;
  /** The last test SMS was refused (a modem fault was reported). */
  private testFailed = false;

  /** @throws RangeError for an empty duty list or a `firstNumber` not in 1…`ALARM_NUMBER_MAX`. */
  constructor(options: EscalationOptions) {
    if (options.duty.length === 0) throw new RangeError("duty must list at least one officer");
    const first = options.firstNumber ?? 1;
    if (!Number.isInteger(first) || first < 1 || first > ALARM_NUMBER_MAX) throw new RangeError(`firstNumber must be an integer 1…${ALARM_NUMBER_MAX}, got ${first}`);
    this.o = options;
    this.nextN = first;
  }

  /** The number the next alarm will get (to keep across reboots). */
  get nextNumber(): number {
    return this.nextN;
  }

  /** When `tick` must run next, or undefined when nothing is timed. */
  deadline(): Ticks | undefined {
    let d: Ticks | undefined;
    for (const i of this.incidents.values()) if (i.alarm === undefined) d = earliest(d, ticksAdd(i.openedAt, this.o.escalateAfterMs));
    for (const f of this.faults.values()) if (!f.texted) d = earliest(d, ticksAdd(f.since, this.o.faultAfterMs));
    if (this.busy?.op === "dial" && !this.busy.hangingUp) d = earliest(d, ticksAdd(this.busy.at, this.o.callMs));
    if (this.busy === undefined && this.ready) {
      for (const j of this.jobs) d = earliest(d, this.whenSendable(j));
      if (this.active && this.active.pauseUntil !== undefined) d = earliest(d, this.active.pauseUntil);
    }
    if (this.testAt !== undefined && this.quiet()) d = earliest(d, this.sendableAt(this.o.duty[0]!.phone, this.testAt));
    return d;
  }

  /** The receiver opened an incident. */
  incidentOpened(now: Ticks, inc: IncidentRef): EscalationStep {
    const step = emptyStep();
    const key = keyOf(inc.caller, inc.incident);
    if (this.incidents.has(key)) return step;
    const i: Incident = { ...inc, key, openedAt: now };
    this.incidents.set(key, i);
    const a = this.active;
    if (a) {
      const known = [...a.alarms.values()].find((x) => x.caller === inc.caller);
      // a further press of a place already in alarm is no news: it joins that alarm, texted to nobody
      const alarm = known ?? this.newAlarm(step, a, i);
      alarm.keys.add(key);
      i.alarm = alarm.n;
      step.events.push({ event: "escalation_joined", escalation: a.n, caller: inc.caller, incident: inc.incident, alarm: alarm.n });
      if (!known) for (const d of this.o.duty) this.queueAlarm(d.phone, a, [alarm.n]);
    }
    return this.run(now, step);
  }

  /** An officer acknowledged an incident at the post. */
  incidentAcknowledged(now: Ticks, caller: string, incident: number): EscalationStep {
    const step = emptyStep();
    const left = this.forget(caller, incident);
    if (!left) return step;
    if (left.emptied) this.finishTaken(step, [left.emptied], { by: "post", via: "post", name: this.o.postName }, [left.i]);
    return this.run(now, step);
  }

  /** The incident was closed (reset) at the post. */
  incidentResolved(now: Ticks, caller: string, incident: number): EscalationStep {
    const step = emptyStep();
    const left = this.forget(caller, incident);
    if (!left) return step;
    const alarm = left.emptied;
    const a = this.active;
    if (alarm && a) {
      a.alarms.delete(alarm.n);
      this.taken.add(alarm.n);
      this.dropFromTexts(alarm.n);
      for (const phone of this.toldOf([alarm.n])) this.queue(phone, "closed", alarm.n, "sms.closed", { n: alarm.n, places: alarm.place, post: this.o.postName });
      if (a.alarms.size === 0) {
        step.events.push({ event: "escalation_closed", escalation: a.n, why: "resolved_at_post" });
        this.stop(step);
      } else this.hangUpIfMoot(step);
    }
    return this.run(now, step);
  }

  /**
   * Forgets an incident the post dealt with (acknowledged or reset) and takes it out of its
   * alarm. @returns undefined for an incident it did not know; `emptied` is the alarm of the
   * active escalation when this was its last incident (the caller ends it), else absent.
   */
  private forget(caller: string, incident: number): { i: Incident; emptied?: Alarm } | undefined {
    const i = this.incidents.get(keyOf(caller, incident));
    if (!i) return undefined;
    this.incidents.delete(i.key);
    const alarm = i.alarm === undefined ? undefined : this.active?.alarms.get(i.alarm);
    if (!alarm) return { i };
    alarm.keys.delete(i.key);
    return alarm.keys.size === 0 ? { i, emptied: alarm } : { i };
  }

  /** A fault began on the post's side (texted after `faultAfterMs` unless cleared). */
  fault(now: Ticks, f: FaultRef): EscalationStep {
    const key = `${f.kind}/${f.caller}`;
    if (!this.faults.has(key)) this.faults.set(key, { ...f, since: now, texted: false });
    return this.run(now, emptyStep());
  }

  /** A fault ended: its end is texted to the phones its text reached; a text of it still waiting is dropped. */
  faultCleared(now: Ticks, kind: FaultRef["kind"], caller: string): EscalationStep {
    const key = `${kind}/${caller}`;
    const f = this.faults.get(key);
    this.faults.delete(key);
    const merge = `fault/${key}`;
    this.jobs = this.jobs.filter((j) => j.merge !== merge);
    const told = this.faultTold.get(key);
    this.faultTold.delete(key);
    if (f) {
      const what = message("vi", kind === "caller_offline" ? "sms.fault.offline_ended" : "sms.fault.stuck_ended", { place: f.place });
      for (const phone of told ?? []) this.queue(phone, "fault", undefined, "sms.fault_ended", { post: this.o.postName, what }, merge);
      // its text being submitted right now: the end follows it if the network takes it
      const b = this.busy;
      if (b?.op === "sms" && b.job.fault === key) b.job.ended = { post: this.o.postName, what };
    }
    return this.run(now, emptyStep());
  }

  /** Whether the modem can send and call (SIM, registration, signal); commands wait while it cannot. */
  modemReady(now: Ticks, ready: boolean): EscalationStep {
    this.ready = ready;
    return this.run(now, emptyStep());
  }

  /** The result of an `sms` command: `ok`, or the modem's refusal (`+CMS ERROR`, timeout …) in words. */
  smsResult(now: Ticks, id: number, ok: boolean, error?: string): EscalationStep {
    const step = emptyStep();
    const b = this.busy;
    if (b?.op !== "sms" || b.id !== id) return step;
    this.busy = undefined;
    const j = b.job;
    if (j.kind === "test") {
      this.testResult(now, step, j, ok, error);
      return this.run(now, step);
    }
    if (ok) {
      let times = this.sentAt.get(j.to);
      if (!times) this.sentAt.set(j.to, (times = []));
      times.push(now);
      while (times.length > this.o.smsPerHour) times.shift();
      if (j.ended) this.queue(j.to, "fault", undefined, "sms.fault_ended", j.ended, j.merge);
      else if (j.fault && this.faults.has(j.fault)) {
        let told = this.faultTold.get(j.fault);
        if (!told) this.faultTold.set(j.fault, (told = new Set()));
        told.add(j.to);
      }
      if (j.names) {
        let told = this.told.get(j.to);
        if (!told) this.told.set(j.to, (told = new Set()));
        for (const n of j.names) told.add(n);
      }
      step.events.push({ event: "escalation_sms_sent", to: j.to, kind: j.kind, ...(j.escalation === undefined ? {} : { escalation: j.escalation }), text: j.text });
    } else if (j.kind === "alarm" && j.names !== undefined && j.names.every((n) => this.taken.has(n))) {
      // its alarms were taken or closed while the text was under way: `stop` dropped their
      // waiting texts, and this one is dropped too, never retried (the officers are told they
      // were taken; those texts report their own fate)
    } else {
      j.attempt += 1;
      const delay = this.o.retryMs * Math.min(RETRY_MAX_FACTOR, 2 ** (j.attempt - 2));
      j.notBefore = ticksAdd(now, delay);
      this.jobs.unshift(j);
      step.events.push({ event: "escalation_sms_failed", to: j.to, kind: j.kind, error: error ?? "refused", retry_in_ms: delay });
    }
    return this.run(now, step);
  }

  /** A call reached a state: `alerting` (ringing) or `connected` (which is NOT proof of an answer). */
  callProgress(now: Ticks, id: number, state: "alerting" | "connected"): EscalationStep {
    const step = emptyStep();
    const b = this.busy;
    if (b?.op === "dial" && b.id === id) step.events.push({ event: "escalation_call_state", to: b.to, state });
    return this.run(now, step);
  }

  /** The call ended (the modem's `NO CARRIER`/`BUSY`/`NO ANSWER`, a failure, or our hang-up). */
  callEnded(now: Ticks, id: number, outcome: CallOutcome, error?: string): EscalationStep {
    const step = emptyStep();
    const b = this.busy;
    if (b?.op !== "dial" || b.id !== id) return step;
    this.busy = undefined;
    const a = this.active;
    if (a && a.pauseAfterCall) {
      a.pauseAfterCall = false;
      a.pauseUntil = ticksAdd(now, this.o.roundPauseMs);
    }
    step.events.push({ event: "escalation_call_ended", to: b.to, escalation: b.n, outcome, ...(error ? { error } : {}) });
    return this.run(now, step);
  }

  /** A DTMF key was heard on the call under way: `1` takes the alarms the call was dialled for. */
  dtmf(now: Ticks, key: string): EscalationStep {
    const step = emptyStep();
    const b = this.busy;
    const a = this.active;
    if (b?.op !== "dial" || b.hangingUp || !a || b.n !== a.n) return this.run(now, step);
    const alarms = b.alarms.map((n) => a.alarms.get(n)).filter((x): x is Alarm => x !== undefined);
    if (key !== TAKE_KEY || alarms.length === 0) {
      step.events.push({ event: "escalation_dtmf_ignored", from: b.to, key });
      return this.run(now, step);
    }
    const officer = this.officer(b.to)!;
    this.finishTaken(step, alarms, { by: officer.phone, via: "dtmf", name: officer.name }, []);
    return this.run(now, step);
  }

  /** An SMS came in from `from` (as the network gives it) with `text`. */
  smsReceived(now: Ticks, from: string, text: string): EscalationStep {
    const step = emptyStep();
    const officer = this.officer(from);
    const reply = officer ? parseReply(text) : undefined;
    const ignore = (why: IgnoredWhy) => {
      step.events.push({ event: "sms_ignored", from, why, text: text.slice(0, 160) });
      if (officer && why !== "not_on_duty_list") this.answerRefused(now, from, why, text, reply?.n);
    };
    const told = this.told.get(from) ?? new Set<number>();
    const a = this.active;
    if (!officer) ignore("not_on_duty_list");
    else if (reply === undefined) ignore("not_understood");
    else if (reply.n === undefined) {
      // a bare OK: every alarm named to him that is still open
      const alarms = a ? [...a.alarms.values()].filter((x) => told.has(x.n)) : [];
      if (a && alarms.length > 0) this.finishTaken(step, alarms, { by: officer.phone, via: "sms", name: officer.name }, []);
      else ignore(a ? "not_told" : "no_such_alarm");
    } else if (this.taken.has(reply.n)) ignore("already_taken");
    else {
      const alarm = a?.alarms.get(reply.n);
      if (!a || !alarm) ignore("no_such_alarm");
      else if (!told.has(reply.n)) ignore("not_told");
      else this.finishTaken(step, [alarm], { by: officer.phone, via: "sms", name: officer.name }, []);
    }
    return this.run(now, step);
  }

  /** Answers a duty number's reply that took nothing (at most once per `ANSWER_EVERY_MS`). */
  private answerRefused(now: Ticks, to: string, why: Exclude<IgnoredWhy, "not_on_duty_list">, text: string, n: number | undefined): void {
    const last = this.answeredAt.get(to);
    if (last !== undefined && !ticksReached(now, ticksAdd(last, ANSWER_EVERY_MS))) return;
    this.answeredAt.set(to, now);
    const told = this.told.get(to);
    const open = this.active ? [...this.active.alarms.keys()] : [];
    const example = open.find((x) => told?.has(x)) ?? open[0];
    const quote = text.length > QUOTE_MAX ? `${text.slice(0, QUOTE_MAX - 1)}…` : text;
    // a bare OK names no number: "no alarm text reached this phone" / "no alarm is waiting"
    const reason = n === undefined && (why === "not_told" || why === "no_such_alarm") ? message("vi", `sms.answer.${why}.any`, {}) : message("vi", `sms.answer.${why}`, { n: n ?? "" });
    const how = example === undefined ? message("vi", "sms.answer.how", {}) : message("vi", "sms.answer.how_n", { n: example });
    this.queue(to, "answer", undefined, "sms.answer", { post: this.o.postName, text: quote.trim(), why: reason, how }, "answer");
  }

  /** Runs what is due at `now`: escalations to start, faults to text, calls that rang too long, queued texts. */
  tick(now: Ticks): EscalationStep {
    return this.run(now, emptyStep());
  }

  // --- inside ---

  private run(now: Ticks, step: EscalationStep): EscalationStep {
    if (!this.started) {
      this.started = true;
      if (this.o.testSmsEveryMs > 0) this.testAt = ticksAdd(now, this.o.testSmsFirstMs);
    }
    this.startDue(now, step);
    for (const f of this.faults.values()) {
      if (f.texted || !ticksReached(now, ticksAdd(f.since, this.o.faultAfterMs))) continue;
      f.texted = true;
      step.events.push({ event: "fault_escalated", kind: f.kind, caller: f.caller });
      const what = message("vi", f.kind === "caller_offline" ? "sms.fault.offline" : "sms.fault.stuck", { place: f.place });
      for (const d of this.o.duty) this.queue(d.phone, "fault", undefined, "sms.fault", { post: this.o.postName, what, when: whenText(f.clock) }, `fault/${f.kind}/${f.caller}`, `${f.kind}/${f.caller}`);
    }
    const b = this.busy;
    if (b?.op === "dial" && !b.hangingUp && ticksReached(now, ticksAdd(b.at, this.o.callMs))) {
      b.hangingUp = true;
      step.commands.push({ op: "hang_up", id: b.id });
    }
    if (this.busy === undefined && this.ready) this.issue(now, step);
    this.reportHeld(now, step);
    this.issueTest(now, step);
    return step;
  }

  /** Nothing else to do: no incident known open, no escalation, nothing queued, the modem idle and ready. */
  private quiet(): boolean {
    return this.incidents.size === 0 && this.active === undefined && this.jobs.length === 0 && this.busy === undefined && this.ready;
  }

  /** Sends the test SMS when it is due, the post is quiet and the first number's rate limit allows it. */
  private issueTest(now: Ticks, step: EscalationStep): void {
    if (this.testAt === undefined || !this.quiet()) return;
    const to = this.o.duty[0]!.phone;
    if (!ticksReached(now, this.sendableAt(to, this.testAt) ?? now)) return;
    const job: SmsJob = { to, merge: "test", kind: "test", text: message("vi", "sms.test", { post: this.o.postName }), attempt: this.testAttempt };
    const id = this.nextId++;
    this.busy = { op: "sms", id, job };
    step.commands.push({ op: "sms", id, to, text: job.text });
  }

  /** A test SMS went (the next one `testSmsEveryMs` later) or was refused (a modem fault; retried with backoff). */
  private testResult(now: Ticks, step: EscalationStep, j: SmsJob, ok: boolean, error: string | undefined): void {
    if (ok) {
      step.events.push({ event: "escalation_sms_sent", to: j.to, kind: "test", text: j.text });
      if (this.testFailed) step.events.push({ event: "modem_ok" });
      this.testFailed = false;
      this.testAttempt = 1;
      this.testAt = ticksAdd(now, this.o.testSmsEveryMs);
      return;
    }
    this.testAttempt += 1;
    const delay = this.o.retryMs * Math.min(RETRY_MAX_FACTOR, 2 ** (this.testAttempt - 2));
    this.testAt = ticksAdd(now, delay);
    step.events.push({ event: "escalation_sms_failed", to: j.to, kind: "test", error: error ?? "refused", retry_in_ms: delay });
    if (!this.testFailed) step.events.push({ event: "modem_fault", reason: "test_sms_failed", detail: error ?? "refused" });
    this.testFailed = true;
  }

  /** Reports, once per text, each one the rate limit holds back now. */
  private reportHeld(now: Ticks, step: EscalationStep): void {
    for (const j of this.jobs) {
      if (j.heldReported) continue;
      const limit = this.rateLimit(j.to, j.kind);
      if (!limit) continue;
      const wait = ticksDiff(limit.until, now);
      if (wait <= 0) continue;
      j.heldReported = true;
      step.events.push({ event: "escalation_sms_held", to: j.to, kind: j.kind, why: limit.why, wait_ms: wait });
    }
  }

  private startDue(now: Ticks, step: EscalationStep): void {
    if (this.active) return;
    const due = [...this.incidents.values()].some((i) => i.alarm === undefined && ticksReached(now, ticksAdd(i.openedAt, this.o.escalateAfterMs)));
    if (!due) return;
    const members = [...this.incidents.values()].filter((i) => i.alarm === undefined);
    const a: Active = { n: 0, alarms: new Map(), round: 1, next: 0, pauseAfterCall: false };
    for (const i of members) {
      const alarm = [...a.alarms.values()].find((x) => x.caller === i.caller) ?? this.newAlarm(step, a, i);
      alarm.keys.add(i.key);
      i.alarm = alarm.n;
    }
    a.n = a.alarms.keys().next().value!;
    this.active = a;
    step.events.push({ event: "escalation_started", escalation: a.n, incidents: incidentList(members), places: this.places(a), alarms: [...a.alarms.keys()].join(" ") });
    for (const d of this.o.duty) this.queueAlarm(d.phone, a, [...a.alarms.keys()]);
  }

  /** A new alarm for the place of `i` in `a`, with the next number. */
  private newAlarm(step: EscalationStep, a: Active, i: Incident): Alarm {
    const alarm: Alarm = { n: this.takeNumber(step), caller: i.caller, place: i.place, keys: new Set(), ...(i.clock === undefined ? {} : { clock: i.clock }), ...(i.restored ? { restored: true } : {}) };
    a.alarms.set(alarm.n, alarm);
    return alarm;
  }

  /** Gives out the next alarm number and asks the app to persist the one after (`EscalationStep.nextNumber`). */
  private takeNumber(step: EscalationStep): number {
    const n = this.nextN;
    this.nextN = n >= ALARM_NUMBER_MAX ? 1 : n + 1;
    step.nextNumber = this.nextN;
    return n;
  }

  /** Issues the next command: a sendable SMS first, else the next call of the active escalation. */
  private issue(now: Ticks, step: EscalationStep): void {
    let idx = -1;
    this.jobs.forEach((j, k) => {
      const at = this.whenSendable(j);
      if (at !== undefined && !ticksReached(now, at)) return;
      if (idx < 0 || PRIORITY[j.kind] < PRIORITY[this.jobs[idx]!.kind]) idx = k;
    });
    if (idx >= 0) {
      const job = this.jobs.splice(idx, 1)[0]!;
      const id = this.nextId++;
      this.busy = { op: "sms", id, job };
      step.commands.push({ op: "sms", id, to: job.to, text: job.text });
      return;
    }
    // texts that can go now went first (above); one waiting for a retry or the rate limit
    // does not hold up the calls: a refused SMS must not keep the phones from ringing
    const a = this.active;
    if (!a) return;
    if (a.pauseUntil !== undefined) {
      if (!ticksReached(now, a.pauseUntil)) return;
      a.pauseUntil = undefined;
    }
    const officer = this.o.duty[a.next]!;
    const id = this.nextId++;
    this.busy = { op: "dial", id, to: officer.phone, n: a.n, alarms: [...a.alarms.keys()], at: now, hangingUp: false };
    step.commands.push({ op: "dial", id, to: officer.phone });
    step.events.push({ event: "escalation_call", to: officer.phone, escalation: a.n, round: a.round });
    a.next += 1;
    if (a.next >= this.o.duty.length) {
      a.next = 0;
      a.round += 1;
      a.pauseAfterCall = this.o.roundPauseMs > 0;
    }
  }

  /** `alarms` (of the active escalation) were taken: by a phone, or by the post acknowledging them. */
  private finishTaken(step: EscalationStep, alarms: readonly Alarm[], who: { by: string; via: "sms" | "dtmf" | "post"; name: string }, extra: Incident[]): void {
    const a = this.active!;
    const ns = alarms.map((x) => x.n);
    const members = [...extra, ...[...this.incidents.values()].filter((i) => i.alarm !== undefined && ns.includes(i.alarm))];
    step.events.push({
      event: "escalation_taken",
      escalation: a.n,
      by: who.by,
      name: who.name,
      via: who.via,
      incidents: incidentList(members),
      alarms: ns.join(" "),
    });
    if (who.via !== "post") step.taken = { by: who.by, via: who.via, incidents: members.map((i) => ({ caller: i.caller, incident: i.incident })) };
    const n = ns.join(", ");
    const places = alarms.map((x) => x.place).join(", ");
    for (const x of ns) this.dropFromTexts(x);
    const told = this.toldOf(ns);
    if (who.via !== "post") told.add(who.by);
    for (const phone of told) {
      if (phone === who.by) this.queue(phone, "confirm", a.n, "sms.confirm", { n, places });
      else if (who.via === "post") this.queue(phone, "taken", a.n, "sms.taken_at_post", { n, places, post: this.o.postName });
      else this.queue(phone, "taken", a.n, "sms.taken", { n, places, name: who.name, phone: who.by });
    }
    // the post took the alarm: its incidents stay open at the post, but are no longer escalated
    for (const i of members) this.incidents.delete(i.key);
    for (const x of ns) {
      this.taken.add(x);
      a.alarms.delete(x);
    }
    if (a.alarms.size === 0) this.stop(step);
    else if (who.via === "dtmf") this.hangUp(step);
    else this.hangUpIfMoot(step);
  }

  /** Ends the active escalation: no more alarm texts or calls; a call under way is hung up. */
  private stop(step: EscalationStep): void {
    const a = this.active;
    if (!a) return;
    this.active = undefined;
    this.jobs = this.jobs.filter((j) => j.kind !== "alarm");
    this.hangUp(step);
  }

  private hangUp(step: EscalationStep): void {
    const b = this.busy;
    if (b?.op === "dial" && !b.hangingUp) {
      b.hangingUp = true;
      step.commands.push({ op: "hang_up", id: b.id });
    }
  }

  /** Hangs up a call under way when no alarm it was dialled for is left. */
  private hangUpIfMoot(step: EscalationStep): void {
    const b = this.busy;
    const a = this.active;
    if (b?.op === "dial" && (!a || !b.alarms.some((n) => a.alarms.has(n)))) this.hangUp(step);
  }

  /** The duty numbers an SMS naming any of `ns` reached. */
  private toldOf(ns: readonly number[]): Set<string> {
    const out = new Set<string>();
    for (const d of this.o.duty) if (ns.some((n) => this.told.get(d.phone)?.has(n))) out.add(d.phone);
    return out;
  }

  /** Takes alarm `n` out of the alarm texts not yet sent (a text left naming nothing is dropped). */
  private dropFromTexts(n: number): void {
    const a = this.active;
    this.jobs = this.jobs.filter((j) => {
      if (j.kind !== "alarm" || !j.names?.includes(n)) return true;
      j.names = j.names.filter((x) => x !== n);
      if (j.names.length === 0 || !a) return false;
      j.text = this.alarmText(a, j.names);
      return true;
    });
  }

  /** Queues (or merges into a waiting one) an alarm text naming alarms `ns` of `a` to `to`. */
  private queueAlarm(to: string, a: Active, ns: readonly number[]): void {
    const waiting = this.jobs.find((j) => j.to === to && j.kind === "alarm");
    if (waiting) {
      waiting.names = [...waiting.names!, ...ns.filter((n) => !waiting.names!.includes(n))];
      waiting.text = this.alarmText(a, waiting.names);
      return;
    }
    this.jobs.push({ to, merge: `alarm/${a.n}`, kind: "alarm", escalation: a.n, names: [...ns], text: this.alarmText(a, ns), attempt: 1 });
  }

  /** The alarm text naming alarms `ns`: one place as before; several each with its number. */
  private alarmText(a: Active, ns: readonly number[]): string {
    const alarms = ns.map((n) => a.alarms.get(n)).filter((x): x is Alarm => x !== undefined);
    const first = alarms[0]!;
    if (alarms.length === 1) return message("vi", "sms.alarm", { places: first.place, when: whenOf(first), post: this.o.postName, n: first.n, key: TAKE_KEY });
    const list = alarms.map((x) => message("vi", "sms.alarm.item", { n: x.n, place: x.place, when: whenOf(x) })).join(", ");
    return message("vi", "sms.alarm.many", { list, post: this.o.postName, n: first.n, key: TAKE_KEY });
  }

  private queue(to: string, kind: SmsKind, escalation: number | undefined, id: MessageId, params: Record<string, unknown>, merge?: string, fault?: string): void {
    const text = message("vi", id, params);
    const key = merge ?? `${kind}/${escalation}/${String(params.n)}`;
    const waiting = this.jobs.find((j) => j.to === to && j.merge === key);
    if (waiting) {
      waiting.text = text;
      if (fault) waiting.fault = fault;
      else delete waiting.fault;
      return;
    }
    this.jobs.push({ to, merge: key, kind, escalation, text, attempt: 1, ...(fault ? { fault } : {}) });
  }

  /** When a job may go (after its retry time, within the number's rate limit), or undefined: at once. */
  private whenSendable(j: SmsJob): Ticks | undefined {
    const limit = this.rateLimit(j.to, j.kind);
    return limit ? later(j.notBefore, limit.until) : j.notBefore;
  }

  /**
   * The rate limit on a text of `kind` to `to`: until when and which rule (the later of the two),
   * or undefined when the number has no SMS yet. A new alarm's text is held by the spacing only
   * (field finding 3).
   */
  private rateLimit(to: string, kind: SmsKind): { until: Ticks; why: "per_minute" | "per_hour" } | undefined {
    const times = this.sentAt.get(to);
    if (!times || times.length === 0) return undefined;
    const spacing = ticksAdd(times[times.length - 1]!, this.o.smsMinIntervalMs);
    if (kind === "alarm" || times.length < this.o.smsPerHour) return { until: spacing, why: "per_minute" };
    const hourly = ticksAdd(times[times.length - this.o.smsPerHour]!, ONE_HOUR_MS);
    return ticksDiff(hourly, spacing) > 0 ? { until: hourly, why: "per_hour" } : { until: spacing, why: "per_minute" };
  }
  /** When the periodic test SMS to `to` may go, not before `notBefore`, within the number's rate limit; undefined: at once. */
  private sendableAt(to: string, notBefore: Ticks | undefined): Ticks | undefined {
    const limit = this.rateLimit(to, "test");
    return limit ? later(notBefore, limit.until) : notBefore;
  }


  private officer(phone: string): DutyOfficer | undefined {
    return this.o.duty.find((d) => d.phone === phone);
  }

  /** The places of the active escalation's alarms, for the events. */
  private places(a: Active): string {
    return [...a.alarms.values()].map((x) => x.place).join(", ");
  }
}

function emptyStep(): EscalationStep {
  return { commands: [], events: [] };
}

/** The `incidents` field of the events: `caller#incident`, separated by spaces. */
function incidentList(members: readonly IncidentKey[]): string {
  return members.map((i) => keyOf(i.caller, i.incident)).join(" ");
}

function keyOf(caller: string, incident: number): string {
  return `${caller}#${incident}`;
}

/** When an alarm was pressed, as its text says it: the time, or "before the restart" for one restored at boot. */
function whenOf(a: Alarm): string {
  return a.restored ? message("vi", "sms.when_restored", {}) : whenText(a.clock);
}

function whenText(clock: string | undefined): string {
  return clock === undefined ? "" : message("vi", "sms.when", { clock });
}

/** The later of two ticks (wrap-safe); undefined is no constraint. */
function later(a: Ticks | undefined, b: Ticks): Ticks {
  return a === undefined || ticksDiff(b, a) > 0 ? b : a;
}
