/**
 * The receiver's policy (issue 12): every decision of the police post, as a passive state
 * machine. Inputs are method calls (a caller heard, a message decoded, a retransmission given
 * up, an operator button, a deadline reached, the siren test); each returns the outputs to
 * carry out, in order: events to report (and log), feedback frames to send, the siren pattern,
 * and "rearm" (the next deadline may have moved). Whether an alarm is acked is the return value
 * of `message`. Flash is reached through `ReceiverStores` (`receiver-ports.ts`): a refused write
 * is a throw there, which the policy turns into `store_error` (the one place it is built for
 * the receiver; the wiring hands its own failed writes to `storeFailed`) and a fault.
 *
 * The receiver app (`receiver/app.ts`) only wires this to the radio stack, the buttons, the siren
 * output, the event log and one deadline timer. Guarantees: receiver/README.md.
 */
import { storeErrorFields } from "../events.ts";
import { MODEM_FAULTS, type ModemFault } from "../modem-fault.ts";
import { escalationOffIsFault, type EscalationOffReason, type EscalationSetup } from "../escalation/unavailable.ts";
import { EscalationStatement, type EscalationStatusEvent } from "../escalation/status.ts";
import type { CallerEntry } from "../config.ts";
import { HeartbeatStatus, type HeartbeatMessage, type Message, type OperatorAckMessage, type ResolvedMessage } from "../frame/types.ts";
import { CallerReports } from "../supervision/caller-reports.ts";
import { LivenessTable } from "../supervision/liveness.ts";
import { SilenceCheckpoints } from "../supervision/silence-checkpoint.ts";
import { earliest, ticksDiff, ticksReached, type Ticks } from "../ticks.ts";
import type { Incident, ReceiverStores } from "./receiver-ports.ts";

/** What the post tells a caller about its incident. */
export type FeedbackMessage = OperatorAckMessage | ResolvedMessage;

/** Siren patterns the policy chooses (their cadences: `receiver/siren.ts`). */
export type SirenChoice = "quiet" | "alarm" | "fault" | "test";

/** Fields of an event (ARCHITECTURE §3): JSON scalars. */
export type ReceiverEventFields = Record<string, string | number | boolean | null>;

/** Events the post also writes to its persistent log (`receiver/event-log.ts` codes). */
export type LoggedEvent =
  | "boot"
  | "incident_opened"
  | "incident_acknowledged"
  | "incident_resolved"
  | "incident_repeated"
  | "incident_not_recorded"
  | "caller_offline"
  | "caller_online"
  | "caller_button_stuck"
  | "caller_button_released"
  | "caller_rebooted"
  | "caller_link_fault"
  | "caller_link_ok"
  | "fault_acknowledged"
  | "siren_test"
  | "modem_fault"
  | "modem_ok";

/** One thing for the wiring to do, in the order returned. */
export type ReceiverOutput =
  /** Report `event` and append it to the persistent log with these numbers (0 = none). */
  | { kind: "record"; event: LoggedEvent; fields: ReceiverEventFields; caller: number; incident: number; detail: number }
  /** Report `event` only (not logged). */
  | { kind: "event"; event: "caller_listed" | "store_error" | "modem_ok" | "escalation_off" | "escalation_ok"; fields: ReceiverEventFields }
  /** Send feedback to a caller through the link (acked, retransmitted). */
  | { kind: "send"; peer: number; message: FeedbackMessage }
  /** Play this siren pattern (only changes are returned, and every `test`). */
  | { kind: "siren"; pattern: SirenChoice }
  /** The next deadline may have moved: re-arm the timer for `nextDeadline`. */
  | { kind: "rearm" };

/** An operator button at the post. */
export type OperatorButton = "acknowledge" | "reset";

/** Options of a `ReceiverPolicy`. */
export interface ReceiverPolicyOptions {
  /** The post's callers (node id, id, name), 1…20 (checked by `checkConfig`). */
  callers: readonly CallerEntry[];
  /** Silence after which a caller is offline, ms (`Settings.offlineAfterMs`, 1000…7200000). */
  offlineAfterMs: number;
  /** The flash the policy works on; read once here (the post's boot). */
  stores: ReceiverStores;
  /** The boot tick. */
  now: Ticks;
}

/** What a receiver reports about itself (console `status`, tests); callers by id (`"c1"`). */
export interface ReceiverStatus {
  incidents: readonly Incident[];
  offline: readonly string[];
  /** Callers whose button is stuck or shorted (they can raise no alarm until it is released). */
  stuck: readonly string[];
  /** Callers whose last heartbeat said they cannot get this post's acks (a one-way link). */
  linkFault: readonly string[];
  /** What is wrong with the LTE modem (`modemHealth`), if anything. */
  modem?: ModemFault;
  siren: SirenChoice;
}

/**
 * What a post read from flash at boot and must still show (`ReceiverPolicy.restored()`; the
 * screen starts from it, `firmware/core/annunciator/`): callers by id (`"c1"`).
 */
export interface ReceiverRestored {
  /** Incidents not yet reset, in the order they were opened (the caller's first number of the row). */
  readonly incidents: readonly { readonly caller: string; readonly incident: number; readonly acknowledged: boolean }[];
  readonly offline: readonly string[];
  readonly stuck: readonly string[];
}

/**
 * The police post's decisions. Rules (receiver/README.md "What it guarantees"):
 * - the siren plays `alarm` while an incident is unacknowledged, else `fault` while a fault
 *   (offline caller, stuck button, alarm not recorded, LTE modem fault, a post that cannot
 *   escalate for want of a duty list) is unacknowledged or flash lags RAM, else
 *   `quiet`; the console's test pattern finishes first;
 * - an alarm is acked (`message` returns true) only once its incident is written, or once an
 *   officer acknowledged it;
 * - acknowledge tells each caller `operator_ack`, reset closes only acknowledged incidents and
 *   tells `resolved`; feedback the link gave up on is owed and sent when the caller is heard;
 *   what a caller was not yet told survives a power cut: an acknowledged incident is in flash
 *   (the boot sends `operator_ack` again), a reset one stays in flash as `untold` until the
 *   caller's link ack of `resolved` (`delivered`) or its next alarm (the boot sends `resolved`);
 * - supervision: every caller heard is re-armed; offline and stuck callers and whether the fault
 *   was acknowledged survive a reboot, and so does a caller's silence (checkpoints).
 *
 * Events (ARCHITECTURE §3, receiver/README.md): `boot` (`role`, `open`, `name`: the post's place),
 * then one `caller_listed` (`caller`, `name`) per caller; `incident_opened`,
 * `incident_acknowledged`, `incident_resolved` (`auto` when closed to make room),
 * `incident_not_recorded` (an alarm the incident store refused: not acked, a fault),
 * `incident_repeated` (an alarm counted on its caller's open incident, the table crowded);
 * `caller_offline`, `caller_online`, `caller_button_stuck`, `caller_button_released`,
 * `caller_rebooted`, `caller_link_fault`, `caller_link_ok`, `fault_acknowledged`, `siren_test`,
 * `store_error`, `modem_fault` / `modem_ok` (`modemHealth`), `escalation_off` (`escalationSetup`). `siren` events come from the siren output (`receiver/siren.ts`) as it follows
 * the `siren` outputs.
 */
export class ReceiverPolicy {
  readonly #callers: Map<number, CallerEntry>;
  readonly #stores: ReceiverStores;
  readonly #incidents: ReceiverStores["incidents"];
  readonly #liveness: LivenessTable;
  readonly #checkpoints: SilenceCheckpoints;
  readonly #reports = new CallerReports();
  readonly #offline = new Set<number>();
  /** Callers whose heartbeat says their button is stuck or shorted (a fault, like offline). */
  readonly #stuck = new Set<number>();
  /** Alarms the incident store refused, by caller (not acked; a fault until a write succeeds). */
  readonly #unrecorded = new Map<number, number>();
  /** Feedback whose retransmissions ran out, per caller, oldest first (RAM only). */
  readonly #owed = new Map<number, FeedbackMessage[]>();
  /** What is wrong with the LTE modem (a fault like an offline caller), from `modemHealth`; RAM only: the modem is checked again at boot. */
  #modem: ModemFault | undefined = undefined;
  /** Whether the modem's health was reported since boot (the first healthy report is `modem_ok`). */
  #modemChecked = false;
  /** Why the post cannot escalate, when that is a fault (`escalationSetup`); RAM only: decided again at each boot. */
  #escalationOff: EscalationOffReason | undefined = undefined;
  /** What the post states about its escalation at this boot (`../escalation/status.ts`). */
  readonly #statement = new EscalationStatement();
  #faultAcknowledged = true;
  #testing = false;
  #checkpointFailing = false;
  #siren: SirenChoice = "quiet";
  #out: ReceiverOutput[] = [];

  constructor(options: ReceiverPolicyOptions) {
    const { callers, stores, now } = options;
    this.#callers = new Map(callers.map((c) => [c.nodeId, c]));
    this.#stores = stores;
    this.#incidents = stores.incidents;
    this.#liveness = new LivenessTable({ peers: [...this.#callers.keys()], timeoutMs: options.offlineAfterMs, startAt: now });
    // Callers offline before a reboot stay offline (a power blip must not forget them).
    const remembered = stores.offline.load();
    for (const peer of remembered.offline) {
      if (!this.#callers.has(peer)) continue;
      this.#liveness.restoreOffline(peer);
      this.#offline.add(peer);
    }
    // A stuck button too: its next heartbeat says whether it is still stuck.
    for (const peer of remembered.stuck ?? []) if (this.#callers.has(peer)) this.#stuck.add(peer);
    if (this.#offline.size + this.#stuck.size > 0) this.#faultAcknowledged = remembered.acknowledged;
    // A caller silent since before a reboot keeps its silence (a post in a boot loop must still
    // report a dead caller: firmware/core/supervision/silence-checkpoint.ts).
    this.#checkpoints = new SilenceCheckpoints(this.#liveness);
    const kept = stores.silence.load().filter((s) => this.#callers.has(s.peer));
    for (const s of kept) this.#liveness.restoreSilence(s.peer, s.silentMs, now);
    this.#checkpoints.written(kept, now);
  }

  /**
   * The boot: `boot` (with the open incident count and the post's name), one `caller_listed` per
   * caller (a dashboard knows each before its first alarm; not logged), `operator_ack` again for
   * every acknowledged incident and `resolved` for every incident reset whose caller had not
   * acked it (`untold`; a caller ignores a repeat), the siren for what nobody acknowledged, and
   * the first deadline.
   */
  start(postName: string): ReceiverOutput[] {
    this.#record("boot", { role: "receiver", open: this.#incidents.all.length, name: postName });
    for (const c of this.#callers.values()) this.#out.push({ kind: "event", event: "caller_listed", fields: { caller: c.id, name: c.name } });
    for (const i of this.#incidents.all) if (i.state === "acknowledged") this.#send(i.caller, { kind: "operator_ack", incident: feedbackNumber(i) });
    for (const i of this.#incidents.untold) if (this.#callers.has(i.caller)) this.#send(i.caller, { kind: "resolved", incident: feedbackNumber(i) });
    this.#updateSiren();
    this.#out.push({ kind: "rearm" });
    return this.#take();
  }

  /** Any authenticated frame from `peer` (before its message): alive, re-armed, owed feedback resent. */
  heard(peer: number, now: Ticks): ReceiverOutput[] {
    if (this.#liveness.heard(peer, now) === "online") this.#onOnline(peer);
    // The caller's deadline moved, and when every caller was offline the timer had stopped (no
    // deadline): without this a caller heard again was never supervised again.
    this.#out.push({ kind: "rearm" });
    const owed = this.#owed.get(peer);
    if (owed !== undefined) {
      this.#owed.delete(peer);
      for (const message of owed) {
        // An acknowledgement overtaken by a reset is moot: the caller is told `resolved` instead.
        const moot = message.kind === "operator_ack" && !this.#incidents.all.some((i) => i.caller === peer && feedbackNumber(i) === message.incident && i.state === "acknowledged");
        if (!moot) this.#send(peer, message);
      }
    }
    return this.#take();
  }

  /**
   * A message decoded from `peer` (after `heard`).
   * @returns `ack`: false to withhold the link ack (an alarm the incident store could not
   *   record: the caller keeps retransmitting, each copy tries again); the outputs.
   */
  message(peer: number, message: Message, now: Ticks): { ack: boolean; outputs: ReceiverOutput[] } {
    void now;
    let ack = true;
    if (message.kind === "heartbeat") {
      this.#onHeartbeat(peer, message);
      this.#retryStore();
    } else if (message.kind === "alarm") {
      ack = this.#onAlarm(peer, message.incident, message.boot ?? 0);
    }
    return { ack, outputs: this.#take() };
  }

  /** The link gave up retransmitting `message` to `peer`: feedback is owed until it is heard. */
  gaveUp(peer: number, message: Message): void {
    if (message.kind !== "operator_ack" && message.kind !== "resolved") return;
    const owed = this.#owed.get(peer) ?? [];
    owed.push(message);
    this.#owed.set(peer, owed);
  }

  /**
   * The link ack of `message` from `peer` arrived: `resolved` was heard, so the incident it
   * closed is no longer kept for that caller (one write; a failed one is `store_error` and a
   * fault until a write succeeds, as for any incident write). Other messages change nothing.
   */
  delivered(peer: number, message: Message): ReceiverOutput[] {
    if (message.kind !== "resolved") return [];
    try {
      this.#incidents.told(peer, message.incident);
    } catch (err) {
      this.#storeFailed("incident", err);
    }
    this.#updateSiren();
    return this.#take();
  }

  /** An operator button was pressed (debounced). */
  operator(button: OperatorButton): ReceiverOutput[] {
    if (button === "acknowledge") this.#acknowledge();
    else this.#reset();
    return this.#take();
  }

  /**
   * A duty officer took these incidents by phone (`core/escalation/`: an SMS reply or a DTMF
   * key, issue 14): they are acknowledged as by the post's acknowledge button — each caller is
   * told `operator_ack`, the siren follows — and `incident_acknowledged` names the taker in `by`
   * (E.164). Faults stay unacknowledged (a phone takes an alarm, not a fault); an incident no
   * longer open is skipped.
   * @param incidents as the events name them: `caller` (the caller's id), `incident`.
   */
  takenByPhone(incidents: readonly { caller: string; incident: number }[], by: string): ReceiverOutput[] {
    const keys = new Set(incidents.map((i) => `${i.caller}#${i.incident}`));
    this.#acknowledge({ keys, by });
    return this.#take();
  }

  /**
   * The LTE modem's health changed (issue 14; `firmware/stack/post-escalation.ts` reports what
   * the AT driver found): a fault is a fault of the post like an offline caller — logged as
   * `modem_fault` {reason, detail} (detail byte: the reason's index + 1 in `MODEM_FAULTS`), the
   * fault chirp until acknowledged, and a new reason is a new fault; `undefined` is the modem
   * healthy again, logged as `modem_ok`. The same state again changes nothing.
   * @param fault what is wrong, or undefined when nothing is.
   * @param detail the driver's words (`CSQ 4`, `+CMS ERROR: 500 …`), shown and reported.
   */
  modemHealth(fault: ModemFault | undefined, detail?: string): ReceiverOutput[] {
    const first = !this.#modemChecked;
    this.#modemChecked = true;
    if (first && fault === undefined) {
      // the first check after boot found the modem ready: said (an installer sees it), not logged
      this.#out.push({ kind: "event", event: "modem_ok", fields: {} });
      return this.#take();
    }
    if (fault === this.#modem) return [];
    if (fault === undefined) {
      this.#modem = undefined;
      this.#record("modem_ok", {});
    } else {
      this.#modem = fault;
      this.#faultAcknowledged = false;
      this.#record("modem_fault", { reason: fault, ...(detail ? { detail } : {}) }, 0, 0, MODEM_FAULTS.indexOf(fault) + 1);
    }
    this.#updateSiren();
    return this.#take();
  }

  /**
   * What the post has for the escalation to the duty phones, once at boot after `start` (issue
   * 14; the reasons and which are faults: `../escalation/unavailable.ts`). The post states its
   * escalation status positively after every boot (field finding 8, `../escalation/status.ts`):
   * one that cannot escalate says why, `escalation_off` {why, key?, reason?}; one that can, or
   * was set up without duty phones, says `escalation_ok` {phones} — neither logged (decided
   * again at every boot). A post without a duty list on a modem UART states it once the module
   * probe has answered (`modemAnswered`) or not (`modemUnanswered`). `no_duty_list` and
   * `bad_setting` are also a fault of the post like a modem fault — the fault chirp until
   * acknowledged — which lasts until a boot finds it fixed (a new identity, `bell provision`);
   * `no_modem` is a notice only.
   */
  escalationSetup(setup: EscalationSetup): ReceiverOutput[] {
    return this.#state(this.#statement.boot(setup));
  }

  /**
   * A module answered AT on the modem UART of a post that has no duty list (field finding 2:
   * `firmware/stack/at/modem-probe.ts`, wired by the app after `escalationSetup`): a post whose
   * module is fitted and has nobody to call gets `escalation_off` no_duty_list and its fault
   * chirp now — even after it said `escalation_ok` phones 0 (a module fitted later) — and a post
   * whose UART never answers never does. Once per boot; nothing when the setup had nothing to
   * wait for.
   */
  modemAnswered(): ReceiverOutput[] {
    return this.#state(this.#statement.modemAnswered());
  }

  /**
   * One `AT` of the module probe went unanswered: after `PROBE_UNANSWERED_FOR_NONE` of them a
   * post without a duty list that said nothing yet says `escalation_ok` phones 0 (set up without
   * duty phones; `../escalation/status.ts`). No chirp, no screen line.
   */
  modemUnanswered(): ReceiverOutput[] {
    return this.#state(this.#statement.modemUnanswered());
  }

  #state(said: EscalationStatusEvent | undefined): ReceiverOutput[] {
    if (said === undefined) return [];
    this.#out.push({ kind: "event", event: said.event, fields: { ...said.fields } });
    if (said.event === "escalation_off" && escalationOffIsFault(said.fields.why)) {
      this.#escalationOff = said.fields.why;
      this.#faultAcknowledged = false;
      this.#updateSiren();
    }
    return this.#take();
  }

  /** The earliest tick `poll` has work: a caller going offline or a silence checkpoint. */
  nextDeadline(now: Ticks): Ticks | undefined {
    return earliest(this.#liveness.nextDeadline(), this.#checkpoints.nextDeadline(now));
  }

  /** Callers gone silent become offline; a silence checkpoint is written when due. */
  poll(now: Ticks): ReceiverOutput[] {
    for (const change of this.#liveness.poll(now)) this.#onOffline(change.peer);
    const checkpoint = this.#checkpoints.nextDeadline(now);
    if (checkpoint !== undefined && ticksReached(now, checkpoint)) this.#writeCheckpoint(now);
    return this.#take();
  }

  /** The console's siren test starts (the wiring ends it with `sirenTestEnded` 1 s later). */
  sirenTest(): ReceiverOutput[] {
    this.#record("siren_test", {});
    this.#testing = true;
    this.#siren = "test";
    this.#out.push({ kind: "siren", pattern: "test" });
    return this.#take();
  }

  /** The siren test pattern has played: the siren follows the state again. */
  sirenTestEnded(): ReceiverOutput[] {
    this.#testing = false;
    this.#updateSiren();
    return this.#take();
  }

  /**
   * A store write the wiring made failed (the event log): the post's one way of reporting a
   * store failure, `store_error` with `what` and the error's message.
   */
  storeFailed(what: string, err: unknown): ReceiverOutput[] {
    this.#storeFailed(what, err);
    return this.#take();
  }

  /**
   * The incidents, offline callers and stuck buttons the constructor read from flash, which no
   * event reports again (receiver/README.md: "the death (the jam) is not reported again"). Call
   * it before `start`: later it is what the post knows now.
   */
  restored(): ReceiverRestored {
    const ids = (peers: Iterable<number>) => [...peers].map((p) => this.#callerId(p));
    const incidents = this.#incidents.all.map((i) => ({ caller: this.#callerId(i.caller), incident: i.incident, acknowledged: i.state === "acknowledged" }));
    return { incidents, offline: ids(this.#offline), stuck: ids(this.#stuck) };
  }

  /** What the post knows now. */
  status(): ReceiverStatus {
    const ids = (peers: Iterable<number>) => [...peers].map((p) => this.#callerId(p));
    return { incidents: this.#incidents.all, offline: ids(this.#offline), stuck: ids(this.#stuck), linkFault: ids(this.#reports.linkFaults()), ...(this.#modem ? { modem: this.#modem } : {}), siren: this.#siren };
  }

  /** True while some fault (offline caller, stuck button, unrecorded alarm, modem, no escalation) awaits acknowledgement. */
  get faultUnacknowledged(): boolean {
    return this.#faultCount() > 0 && !this.#faultAcknowledged;
  }

  /**
   * The policy's state in a canonical JSON form, times relative to `now` (for the exhaustive
   * check's state hashing; not a stored format).
   */
  snapshot(now: Ticks): string {
    const live = this.#liveness.entries().map((e) => [e.peer, e.state, e.lastHeard === undefined ? null : ticksDiff(now, e.lastHeard)]);
    const deadline = this.nextDeadline(now);
    return JSON.stringify([
      [...this.#offline].sort(),
      [...this.#stuck].sort(),
      [...this.#unrecorded].sort(),
      [...this.#owed].sort((a, b) => a[0] - b[0]),
      this.#faultAcknowledged,
      this.#testing,
      this.#checkpointFailing,
      this.#siren,
      this.#incidents.dirty,
      live,
      deadline === undefined ? null : ticksDiff(deadline, now),
      this.#modem ?? null,
      this.#escalationOff ?? null,
    ]);
  }

  #take(): ReceiverOutput[] {
    const out = this.#out;
    this.#out = [];
    return out;
  }

  #record(event: LoggedEvent, fields: ReceiverEventFields, caller = 0, incident = 0, detail = 0): void {
    this.#out.push({ kind: "record", event, fields, caller, incident, detail });
  }

  #storeFailed(what: string, err: unknown): void {
    this.#out.push({ kind: "event", event: "store_error", fields: storeErrorFields(what, err) });
  }

  #send(peer: number, message: FeedbackMessage): void {
    this.#out.push({ kind: "send", peer, message });
  }

  #callerId(peer: number): string {
    return this.#callers.get(peer)?.id ?? String(peer);
  }

  #callerName(peer: number): string {
    return this.#callers.get(peer)?.name ?? "";
  }

  #incidentFields(i: Incident): ReceiverEventFields {
    return { caller: this.#callerId(i.caller), incident: i.incident };
  }

  #faultCount(): number {
    return this.#offline.size + this.#stuck.size + this.#unrecorded.size + (this.#modem === undefined ? 0 : 1) + (this.#escalationOff === undefined ? 0 : 1);
  }

  /**
   * A write that succeeded wrote every incident held in RAM: no alarm is unrecorded any more
   * (else the fault chirp went on for an alarm already in flash until its caller's next copy).
   */
  #flashCaughtUp(): void {
    if (!this.#incidents.dirty) this.#unrecorded.clear();
  }

  #updateSiren(): void {
    this.#flashCaughtUp();
    if (this.#testing) return; // the test pattern finishes first (see sirenTest)
    // An alarm the post cannot record is a fault until a write succeeds: acknowledging it does
    // not silence the chirp (the post itself needs attention).
    const pattern: SirenChoice = this.#incidents.unacknowledged ? "alarm" : this.faultUnacknowledged || this.#incidents.dirty ? "fault" : "quiet";
    if (pattern === this.#siren) return;
    this.#siren = pattern;
    this.#out.push({ kind: "siren", pattern });
  }

  /** A new alarm opens an incident; a duplicate is acked again. @returns whether to ack it. */
  #onAlarm(peer: number, incident: number, boot: number): boolean {
    const table = this.#incidents;
    if (!table.isNew(peer, incident, boot)) {
      // A duplicate: acked again, unless the table took it in RAM only and still cannot write it.
      try {
        table.confirm(peer, incident, boot);
      } catch (err) {
        this.#storeFailed("incident", err);
        return this.#notRecorded(peer, incident);
      }
      this.#recordedAgain(peer);
      return true;
    }
    // A full table closes its oldest acknowledged incidents first, so that the new one is stored.
    for (const old of table.makeRoom()) {
      this.#record("incident_resolved", { ...this.#incidentFields(old), auto: true }, old.caller, old.incident);
      this.#send(old.caller, { kind: "resolved", incident: feedbackNumber(old) });
    }
    let inc: Incident | undefined;
    let stored = true;
    try {
      inc = table.open(peer, incident, boot);
    } catch (err) {
      this.#storeFailed("incident", err);
      stored = false;
      // Held in RAM: the siren sounds for it all the same, but the caller is not told "delivered".
      inc = table.all.find((i) => i.caller === peer && (i.incident === incident || i.last === incident));
    }
    if (inc !== undefined) {
      if (inc.incident === incident) {
        this.#record("incident_opened", { ...this.#incidentFields(inc), name: this.#callerName(peer) }, peer, inc.incident);
      } else {
        this.#record("incident_repeated", { ...this.#incidentFields(inc), alarm: incident, presses: inc.presses ?? 1 }, peer, inc.incident, inc.presses ?? 1);
      }
    }
    if (!stored) return this.#notRecorded(peer, incident);
    this.#recordedAgain(peer);
    this.#updateSiren();
    return true;
  }

  /** While flash lags RAM, each heartbeat heard tries the write again (the fault ends when it works). */
  #retryStore(): void {
    if (!this.#incidents.dirty) return;
    try {
      this.#incidents.flush();
    } catch {
      return; // still failing: reported when it first failed
    }
    this.#unrecorded.clear();
    this.#updateSiren();
  }

  /** The alarm is held in RAM only: refuse its ack and raise the store fault (once per alarm). */
  #notRecorded(peer: number, incident: number): false {
    if (this.#unrecorded.get(peer) !== incident) {
      this.#unrecorded.set(peer, incident);
      this.#record("incident_not_recorded", { caller: this.#callerId(peer), incident, name: this.#callerName(peer) }, peer, incident);
    }
    this.#updateSiren();
    return false;
  }

  /** A write of the caller's alarm succeeded (or an officer knows of it): its store fault ends. */
  #recordedAgain(peer: number): void {
    if (this.#unrecorded.delete(peer)) this.#updateSiren();
  }

  /** A heartbeat tells whether the caller rebooted, whether it gets this post's acks, and its button's state. */
  #onHeartbeat(peer: number, heartbeat: HeartbeatMessage): void {
    for (const report of this.#reports.heartbeat(peer, heartbeat.status, heartbeat.uptimeS)) {
      if (report.kind === "rebooted") this.#record("caller_rebooted", { caller: this.#callerId(peer), uptime_s: report.previousUptimeS }, peer);
      else if (report.kind === "link_fault") this.#record("caller_link_fault", { caller: this.#callerId(peer), name: this.#callerName(peer) }, peer);
      else this.#record("caller_link_ok", { caller: this.#callerId(peer) }, peer);
    }
    const stuck = (heartbeat.status & HeartbeatStatus.stuckButton) !== 0;
    if (stuck === this.#stuck.has(peer)) return;
    if (stuck) {
      this.#stuck.add(peer);
      this.#faultAcknowledged = false;
      this.#record("caller_button_stuck", { caller: this.#callerId(peer), name: this.#callerName(peer) }, peer);
    } else {
      this.#stuck.delete(peer);
      this.#record("caller_button_released", { caller: this.#callerId(peer) }, peer);
    }
    this.#rememberOffline();
    this.#updateSiren();
  }

  #onOnline(peer: number): void {
    if (this.#offline.delete(peer)) {
      this.#rememberOffline();
      this.#record("caller_online", { caller: this.#callerId(peer) }, peer);
    }
    this.#updateSiren();
  }

  #onOffline(peer: number): void {
    if (this.#offline.has(peer)) return;
    this.#offline.add(peer);
    this.#faultAcknowledged = false;
    this.#rememberOffline();
    this.#record("caller_offline", { caller: this.#callerId(peer), name: this.#callerName(peer) }, peer);
    this.#updateSiren();
  }

  #rememberOffline(): void {
    try {
      this.#stores.offline.save({ offline: [...this.#offline], stuck: [...this.#stuck], acknowledged: this.#faultAcknowledged });
    } catch (err) {
      this.#storeFailed("offline callers", err);
    }
  }

  #writeCheckpoint(now: Ticks): void {
    const record = this.#checkpoints.due(now);
    try {
      this.#stores.silence.save(record);
      this.#checkpoints.written(record, now);
      this.#checkpointFailing = false;
    } catch (err) {
      this.#checkpoints.failed(now);
      if (!this.#checkpointFailing) this.#storeFailed("silence checkpoint", err);
      this.#checkpointFailing = true;
    }
  }

  /** The acknowledge button, or (`taken`) the incidents a duty officer took by phone. */
  #acknowledge(taken?: { keys: ReadonlySet<string>; by: string }): void {
    const table = this.#incidents;
    const only = taken === undefined ? undefined : (i: Incident) => taken.keys.has(`${this.#callerId(i.caller)}#${i.incident}`);
    // Taken before the change: when the write fails the change still holds in RAM, and these
    // are exactly the incidents it acknowledged (not every one acknowledged so far).
    let changed = table.all.filter((i) => i.state === "open" && (only === undefined || only(i)));
    try {
      changed = only === undefined ? table.acknowledgeAll() : table.acknowledgeAll(only);
    } catch (err) {
      this.#storeFailed("incident", err);
    }
    this.#flashCaughtUp();
    for (const i of changed) {
      this.#record("incident_acknowledged", taken === undefined ? this.#incidentFields(i) : { ...this.#incidentFields(i), by: taken.by }, i.caller, i.incident);
      this.#send(i.caller, { kind: "operator_ack", incident: feedbackNumber(i) });
    }
    if (taken === undefined && !this.#faultAcknowledged && this.#faultCount() > 0) {
      this.#faultAcknowledged = true;
      if (this.#offline.size + this.#stuck.size > 0) this.#rememberOffline();
      const unrecorded = this.#unrecorded.size;
      this.#record("fault_acknowledged", { offline: this.#offline.size, stuck: this.#stuck.size, ...(unrecorded ? { unrecorded } : {}), ...(this.#modem ? { modem: this.#modem } : {}), ...(this.#escalationOff ? { escalation: this.#escalationOff } : {}) });
    }
    this.#updateSiren();
  }

  #reset(): void {
    const table = this.#incidents;
    // As in acknowledge: a failed write still closes these in RAM, so they are still reported.
    let closed = table.all.filter((i) => i.state === "acknowledged");
    try {
      closed = table.resolveAcknowledged();
    } catch (err) {
      this.#storeFailed("incident", err);
    }
    for (const i of closed) {
      this.#record("incident_resolved", this.#incidentFields(i), i.caller, i.incident);
      this.#send(i.caller, { kind: "resolved", incident: feedbackNumber(i) });
    }
    this.#updateSiren();
  }
}

/**
 * The number the post's feedback about `i` carries: the caller's newest alarm counted on it
 * (`last` when presses were coalesced), which is the one its LED follows.
 */
export function feedbackNumber(i: Incident): number {
  return i.last ?? i.incident;
}
