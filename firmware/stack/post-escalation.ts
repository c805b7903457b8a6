/**
 * The post's escalation to the duty officers' phones (issue 14), wired: the core policy
 * (`core/escalation/escalation.ts`) ⇄ the LTE modem on a hal serial port (`at/modem.ts`), one
 * deadline timer, and the events. The receiver feeds it its own events
 * (`receiverEvent(name, fields)`: `incident_opened`, `incident_acknowledged`,
 * `incident_resolved`, `caller_offline` / `caller_online`, `caller_button_stuck` /
 * `caller_button_released`) and acknowledges the incidents of an alarm an officer took
 * (`onTaken`). The receiver app (`receiver/app.ts`) builds it when its config has a duty list
 * and its hal a modem UART (`openModemSerial`).
 *
 * Events (ARCHITECTURE §7): the policy's (`escalation_started`, `escalation_sms_sent`,
 * `escalation_call`, `escalation_taken`, `sms_ignored`, …), `modem_noise` {what}, and the
 * modem's health to `onHealth` (the post's policy reports `modem_fault` / `modem_ok`).
 */
import { ANNUNCIATOR_DEFAULTS } from "../core/annunciator/annunciator.ts";
import { ALARM_NUMBER_MAX, Escalation, type EscalationStep, type IncidentKey } from "../core/escalation/escalation.ts";
import { storeErrorFields } from "../core/events.ts";
import type { ReceiverRestored } from "../core/policy/receiver.ts";
import type { EscalationSettings } from "../core/escalation/settings.ts";
import type { Clock, Scheduler } from "../hal/clock.ts";
import type { EventFields, EventName, EventSink } from "../hal/events.ts";
import type { OpenSerial } from "../hal/serial.ts";
import type { Store } from "../hal/store.ts";
import { Modem, type ModemFault } from "./at/modem.ts";
import { DeadlineTimer } from "./deadline-timer.ts";

/** An incident the receiver should mark acknowledged because an officer took its alarm. */
export type TakenIncident = IncidentKey;

/** Options of `PostEscalation`. */
export interface PostEscalationOptions {
  clock: Clock;
  scheduler: Scheduler;
  events: EventSink;
  openSerial: OpenSerial;
  settings: EscalationSettings;
  /** The post's name, as the SMS names it. */
  postName: string;
  vendor: "simcom" | "quectel";
  /** Called when an officer took an alarm by SMS or DTMF: acknowledge these incidents at the post. */
  onTaken?(incidents: readonly TakenIncident[], by: string): void;
  /**
   * The modem's health changed (`fault` undefined: healthy): the post's policy makes it a post
   * fault (`ReceiverPolicy.modemHealth`), which reports `modem_fault` / `modem_ok`. Without it
   * this reports them itself.
   */
  onHealth?(fault: ModemFault | undefined, detail?: string): void;
  /**
   * The post's flash: keeps the next alarm number (`NEXT_NUMBER_KEY`, one i32, one write per new
   * number) so `OK N` never names two alarms across reboots. Without it numbers restart at 1.
   */
  store?: Store;
  /** Unix seconds now, if the post knows the time (the hal's `wallTime`): the SMS says "at HH:MM" in Vietnam's time. */
  wallTime?(): number | undefined;
}

/** The store key of the next alarm number (`Escalation.nextNumber`). */
export const NEXT_NUMBER_KEY = "esc_next";

/** Escalation, modem and timer, wired. */
export class PostEscalation {
  private readonly o: PostEscalationOptions;
  private readonly policy: Escalation;
  private readonly modem: Modem;
  private readonly timer: DeadlineTimer;
  /** The modem's own health (AT checks), and whether the periodic test SMS is failing (the escalation core says). */
  private modemFault: ModemFault | undefined;
  private testSmsFailed = false;

  constructor(options: PostEscalationOptions) {
    this.o = options;
    const now = () => options.clock.now();
    const stored = options.store?.get(NEXT_NUMBER_KEY);
    const firstNumber = typeof stored === "number" && Number.isInteger(stored) && stored >= 1 && stored <= ALARM_NUMBER_MAX ? stored : 1;
    this.policy = new Escalation({ ...options.settings, postName: options.postName, firstNumber });
    const step = (s: EscalationStep) => this.apply(s);
    this.modem = new Modem({
      vendor: options.vendor,
      write: (bytes) => serial.write(bytes),
      listener: {
        smsResult: (id, ok, error) => step(this.policy.smsResult(now(), id, ok, error)),
        callProgress: (id, state) => step(this.policy.callProgress(now(), id, state)),
        callEnded: (id, outcome, error) => step(this.policy.callEnded(now(), id, outcome, error)),
        dtmf: (key) => step(this.policy.dtmf(now(), key)),
        smsReceived: (from, text) => step(this.policy.smsReceived(now(), from, text)),
        health: (ready, fault, detail) => {
          this.modemFault = fault;
          if (options.onHealth) options.onHealth(fault ?? (this.testSmsFailed ? "test_sms_failed" : undefined), detail);
          else if (fault === undefined) options.events.emit("modem_ok", {});
          else options.events.emit("modem_fault", { reason: fault, ...(detail ? { detail } : {}) });
          step(this.policy.modemReady(now(), ready));
        },
        garbage: (what) => options.events.emit("modem_noise", { what }),
      },
    });
    const serial = options.openSerial({
      onReceive: (bytes) => {
        this.modem.receive(now(), bytes);
        this.timer.rearm();
      },
    });
    this.timer = new DeadlineTimer({
      clock: options.clock,
      scheduler: options.scheduler,
      nextDeadline: () => {
        const a = this.policy.deadline();
        const b = this.modem.deadline();
        if (a === undefined) return b;
        if (b === undefined) return a;
        return ((a - b) | 0) <= 0 ? a : b;
      },
      onDue: (t) => {
        this.modem.poll(t);
        this.apply(this.policy.tick(t));
      },
    });
    // nothing is sent or dialled before the modem's first health check says it can
    this.apply(this.policy.modemReady(now(), false));
    this.modem.start(now());
    this.timer.rearm();
  }

  /** Feeds one of the receiver's own events, as it emits them (others are ignored). */
  receiverEvent(event: EventName, fields: Readonly<EventFields>): void {
    const now = this.o.clock.now();
    const caller = String(fields.caller ?? "");
    const place = typeof fields.name === "string" && fields.name !== "" ? fields.name : caller;
    const incident = typeof fields.incident === "number" ? fields.incident : -1;
    const clock = clockText(this.o.wallTime?.());
    switch (event) {
      case "incident_opened":
        // restored at boot: now is the boot, not the press (field finding 5)
        if (fields.restored === true) return this.apply(this.policy.incidentOpened(now, { caller, incident, place, restored: true }));
        return this.apply(this.policy.incidentOpened(now, { caller, incident, place, ...(clock ? { clock } : {}) }));
      case "incident_acknowledged":
        return this.apply(this.policy.incidentAcknowledged(now, caller, incident));
      case "incident_resolved":
        return this.apply(this.policy.incidentResolved(now, caller, incident));
      case "caller_offline":
      case "caller_button_stuck":
        return this.apply(this.policy.fault(now, { kind: event, caller, place, ...(clock ? { clock } : {}) }));
      case "caller_online":
        return this.apply(this.policy.faultCleared(now, "caller_offline", caller));
      case "caller_button_released":
        return this.apply(this.policy.faultCleared(now, "caller_button_stuck", caller));
    }
  }

  /**
   * Hands over what the post restored from flash at boot (`ReceiverPolicy.restored()`): every
   * incident not yet acknowledged is escalated as if just opened, and every offline or stuck
   * caller is a fault again. Restored alarms are texted again (the flash does not know whether
   * their first text reached anyone: a repeat is cheaper than a missed alarm) as a reminder from
   * before the restart, with no time (the boot's would be wrong). The escalation's own state is in RAM, so without this a power cut
   * between a press and the first SMS would leave the duty phones silent for good; counting
   * `escalate_after_ms` from the boot texts at most that much later than without the cut.
   * @param restored the policy's restored incidents and faults, callers by id.
   * @param nameOf the place name of a caller id (as `incident_opened` gives it).
   */
  restore(restored: ReceiverRestored, nameOf: (caller: string) => string): void {
    for (const i of restored.incidents) {
      if (!i.acknowledged) this.receiverEvent("incident_opened", { caller: i.caller, incident: i.incident, name: nameOf(i.caller), restored: true });
    }
    for (const caller of restored.offline) this.receiverEvent("caller_offline", { caller, name: nameOf(caller) });
    for (const caller of restored.stuck) this.receiverEvent("caller_button_stuck", { caller, name: nameOf(caller) });
  }

  /** Stops the timer (the app is stopping). */
  stop(): void {
    this.timer.stop();
  }

  private apply(step: EscalationStep): void {
    const now = this.o.clock.now();
    if (step.nextNumber !== undefined && this.o.store) {
      // before the SMS naming the number goes out; a failed write still texts (a late alarm is worse)
      try {
        this.o.store.set(NEXT_NUMBER_KEY, step.nextNumber);
      } catch (err) {
        this.o.events.emit("store_error", storeErrorFields("escalation number", err, NEXT_NUMBER_KEY));
      }
    }
    for (const c of step.commands) {
      if (c.op === "sms") this.modem.sendSms(now, c.id, c.to, c.text);
      else if (c.op === "dial") this.modem.dial(now, c.id, c.to);
      else this.modem.hangUp(now, c.id);
    }
    for (const e of step.events) {
      const { event, ...fields } = e;
      // the core's verdict on the test SMS is modem health too: with `onHealth` it becomes a post
      // fault like the AT checks' (the modem's own fault, if any, is the one shown)
      if (this.o.onHealth && (e.event === "modem_fault" || e.event === "modem_ok")) {
        this.testSmsFailed = e.event === "modem_fault";
        const detail = e.event === "modem_fault" ? e.detail : undefined;
        this.o.onHealth(this.modemFault ?? (this.testSmsFailed ? "test_sms_failed" : undefined), detail);
        continue;
      }
      this.o.events.emit(event, fields);
    }
    if (step.taken) this.o.onTaken?.(step.taken.incidents, step.taken.by);
    this.timer?.rearm();
  }
}

/** "HH:MM" of Unix seconds `wallS` at the post's offset from UTC (Vietnam, UTC+7: `ANNUNCIATOR_DEFAULTS`), or undefined when the time is unknown. */
function clockText(wallS: number | undefined): string | undefined {
  if (wallS === undefined) return undefined;
  const s = (((Math.floor(wallS) + ANNUNCIATOR_DEFAULTS.utcOffsetS) % 86_400) + 86_400) % 86_400;
  const two = (n: number) => String(n).padStart(2, "0");
  return `${two(Math.floor(s / 3600))}:${two(Math.floor((s % 3600) / 60))}`;
}
