import { checkConfig, type CallerEntry, type ReceiverConfig } from "../firmware/core/config.ts";
import { HeartbeatStatus, type HeartbeatMessage, type Message, type OperatorAckMessage, type ResolvedMessage } from "../firmware/core/frame/types.ts";
import type { ButtonEvent } from "../firmware/core/press.ts";
import { CallerReports } from "../firmware/core/supervision/caller-reports.ts";
import { LivenessTable } from "../firmware/core/supervision/liveness.ts";
import { SilenceCheckpoints } from "../firmware/core/supervision/silence-checkpoint.ts";
import { earliest, ticksReached, type Ticks } from "../firmware/core/ticks.ts";
import type { DeviceApp, DeviceHal } from "../firmware/hal/device.ts";
import type { EventFields } from "../firmware/hal/events.ts";
import { ButtonPin } from "../firmware/stack/button-pin.ts";
import { DeadlineTimer } from "../firmware/stack/deadline-timer.ts";
import { RadioStack } from "../firmware/stack/radio-stack.ts";
import { EventLog, type LogEvent } from "./event-log.ts";
import { OfflineMemory, SilenceMemory } from "./offline-memory.ts";
import { IncidentTable, type Incident } from "./incidents.ts";
import { Siren, type SirenPattern } from "./siren.ts";

/** What the post tells a caller about its incident. */
type FeedbackMessage = OperatorAckMessage | ResolvedMessage;

/** Operator buttons: no hold, and a stuck operator button must not be read as many presses. */
const OPERATOR_BUTTON = { holdMs: 0, stuckMs: 60_000, activeLow: true } as const;

/** What a receiver reports about itself (console `status`, tests). */
export interface ReceiverStatus {
  incidents: readonly Incident[];
  offline: readonly string[];
  /** Callers whose button is stuck or shorted (they can raise no alarm until it is released). */
  stuck: readonly string[];
  /** Callers whose last heartbeat said they cannot get this post's acks (a one-way link). */
  linkFault: readonly string[];
  siren: SirenPattern;
}

/** A running receiver. */
export interface ReceiverApp extends DeviceApp {
  status(): ReceiverStatus;
  /** The persistent event log, oldest first. */
  log: EventLog;
  /** Sounds the siren's test pattern once (console command). */
  testSiren(): void;
}

/**
 * Starts the receiver app: one incident per new alarm (duplicates are acked again, never
 * opened twice), the siren, operator acknowledge and reset, the supervision table of its
 * callers, and a persistent event log. Open incidents and the log survive a reboot; the siren
 * resumes for incidents no officer has acknowledged.
 *
 * Events (ARCHITECTURE §3): `incident_opened`, `incident_acknowledged`, `incident_resolved`,
 * `siren`, `caller_offline`, `caller_online`, `caller_button_stuck`, `caller_button_released`,
 * `caller_rebooted`, `caller_link_fault`, `caller_link_ok`,
 * `frame_rejected`, `fault_acknowledged`, `store_error`, `boot` (with the post's `name`), then
 * one `caller_listed` (`caller`, `name`) per caller it supervises; `incident_not_recorded` (an alarm
 * the incident store refused: not acked, a fault) and `incident_repeated` (an alarm counted on
 * its caller's open incident because the table is crowded, receiver README).
 *
 * @throws ConfigError for an invalid config (see `checkConfig`).
 */
export function startReceiver(hal: DeviceHal, config: ReceiverConfig): ReceiverApp {
  checkConfig(config);
  const { events, clock } = hal;
  const settings = config.settings;
  const callers = new Map<number, CallerEntry>(config.callers.map((c) => [c.nodeId, c]));
  const bootAt = clock.now();

  const incidents = new IncidentTable(hal.store);
  const log = new EventLog(hal.store);
  const siren = new Siren(hal.openOutput("siren", 0), hal.scheduler, events);
  const offline = new Set<number>();
  const callerReports = new CallerReports();
  /**
   * Callers whose heartbeat says their button is stuck or shorted (`HeartbeatStatus.stuckButton`):
   * such a caller can raise no alarm until it is released, so it is a fault like an offline
   * caller, not a caller that merely looks online.
   */
  const stuckButtons = new Set<number>();
  let faultAcknowledged = true;
  let testing = false;

  const storeFailed = (what: string, err: unknown) =>
    events.emit("store_error", { what, error: err instanceof Error ? err.message : String(err) });

  /** Emits an event and writes it to the persistent log. */
  const record = (event: LogEvent, fields: EventFields, caller = 0, incident = 0, detail = 0) => {
    events.emit(event, fields);
    try {
      log.append({ ticks: clock.now(), wall: hal.wallTime?.() ?? 0, event, caller, incident, detail });
    } catch (err) {
      storeFailed("event log", err);
    }
  };
  const callerId = (nodeId: number) => callers.get(nodeId)?.id ?? String(nodeId);
  /**
   * Alarms the post could not record (its incident store refused the write), by caller: they
   * were not acked, so their callers keep retransmitting; a fault until a write succeeds.
   */
  const unrecorded = new Map<number, number>();
  const faultCount = () => offline.size + stuckButtons.size + unrecorded.size;
  const incidentFields = (i: Incident): EventFields => ({ caller: callerId(i.caller), incident: i.incident });
  /**
   * The number the post's feedback about `i` carries: the caller's newest alarm counted on it
   * (`last` when presses were coalesced), which is the one its LED follows.
   */
  const feedbackNumber = (i: Incident) => i.last ?? i.incident;

  const updateSiren = () => {
    if (testing) return; // the test pattern finishes first (see testSiren)
    // An alarm the post cannot record is a fault until a write succeeds: acknowledging it does
    // not silence the chirp (the post itself needs attention).
    siren.play(incidents.unacknowledged ? "alarm" : (faultCount() > 0 && !faultAcknowledged) || incidents.dirty ? "fault" : "quiet");
  };

  const liveness = new LivenessTable({ peers: [...callers.keys()], timeoutMs: settings.offlineAfterMs, startAt: bootAt });
  // Callers offline before a reboot stay offline (a power blip must not forget them).
  const offlineMemory = new OfflineMemory(hal.store);
  {
    const remembered = offlineMemory.load();
    for (const peer of remembered.offline) {
      if (!callers.has(peer)) continue;
      liveness.restoreOffline(peer);
      offline.add(peer);
    }
    // A stuck button too: its next heartbeat says whether it is still stuck.
    for (const peer of remembered.stuck ?? []) if (callers.has(peer)) stuckButtons.add(peer);
    if (offline.size + stuckButtons.size > 0) faultAcknowledged = remembered.acknowledged;
  }
  // A caller silent since before a reboot keeps its silence (a post in a boot loop must still
  // report a dead caller: firmware/core/supervision/silence-checkpoint.ts).
  const checkpoints = new SilenceCheckpoints(liveness);
  const silenceMemory = new SilenceMemory(hal.store);
  {
    const kept = silenceMemory.load().filter((s) => callers.has(s.peer));
    for (const s of kept) liveness.restoreSilence(s.peer, s.silentMs, bootAt);
    checkpoints.written(kept, bootAt);
  }
  let checkpointFailing = false;
  const writeCheckpoint = (now: Ticks) => {
    const record = checkpoints.due(now);
    try {
      silenceMemory.save(record);
      checkpoints.written(record, now);
      checkpointFailing = false;
    } catch (err) {
      checkpoints.failed(now);
      if (!checkpointFailing) storeFailed("silence checkpoint", err);
      checkpointFailing = true;
    }
  };
  const rememberOffline = () => {
    try {
      offlineMemory.save({ offline: [...offline], stuck: [...stuckButtons], acknowledged: faultAcknowledged });
    } catch (err) {
      storeFailed("offline callers", err);
    }
  };

  /**
   * Incident feedback (operator_ack, resolved) whose retransmissions ran out (~3 min, the
   * link's policy) before the caller acked it, per caller, oldest first. It is sent again as
   * soon as anything is heard from that caller: a caller that was off the air, or could send
   * but not hear, still learns that help is coming. RAM only: after a receiver reboot the
   * acknowledged incidents are announced again anyway (below).
   */
  const owedFeedback = new Map<number, FeedbackMessage[]>();

  const stack = new RadioStack({
    hal,
    self: config.self.nodeId,
    peers: config.callers,
    onMessage: (peer, message, now) => onMessage(peer, message, now),
    onHeard: (peer, now) => {
      if (liveness.heard(peer, now) === "online") onOnline(peer);
      // The caller's deadline moved, and when every caller was offline the timer had stopped
      // (no deadline): without this a caller heard again was never supervised again.
      supervision.rearm();
      resendOwedFeedback(peer);
    },
    onGaveUp: (peer, message) => {
      if (message.kind !== "operator_ack" && message.kind !== "resolved") return;
      const owed = owedFeedback.get(peer) ?? [];
      owed.push(message);
      owedFeedback.set(peer, owed);
    },
  });

  function resendOwedFeedback(peer: number): void {
    const owed = owedFeedback.get(peer);
    if (owed === undefined) return;
    owedFeedback.delete(peer);
    for (const message of owed) {
      // An acknowledgement overtaken by a reset is moot: the caller is told `resolved` instead.
      const moot = message.kind === "operator_ack" && !incidents.all.some((i) => i.caller === peer && feedbackNumber(i) === message.incident && i.state === "acknowledged");
      if (!moot) stack.send(peer, message);
    }
  }

  /**
   * A message from a caller. An alarm is acked only once it is recorded in flash: when the
   * incident store refuses the write this returns false, the stack withholds the ack (the
   * caller keeps retransmitting, and each copy tries again) and the post raises a fault
   * (`incident_not_recorded`, fault siren). "Delivered" at the caller is a promise that the
   * incident survives a power cut at the post.
   */
  function onMessage(peer: number, message: Message, now: Ticks): boolean {
    void now;
    if (message.kind === "heartbeat") {
      onHeartbeat(peer, message);
      retryStore();
      return true;
    }
    if (message.kind !== "alarm") return true;
    const boot = message.boot ?? 0;
    if (!incidents.isNew(peer, message.incident, boot)) {
      // A duplicate: acked again, unless the table took it in RAM only and still cannot write it.
      try {
        incidents.confirm(peer, message.incident, boot);
      } catch (err) {
        storeFailed("incident", err);
        return notRecorded(peer, message.incident);
      }
      recordedAgain(peer);
      return true;
    }
    // A full table closes its oldest acknowledged incidents first, so that the new one is stored.
    for (const old of incidents.makeRoom()) {
      record("incident_resolved", { ...incidentFields(old), auto: true }, old.caller, old.incident);
      stack.send(old.caller, { kind: "resolved", incident: feedbackNumber(old) });
    }
    let inc: Incident | undefined;
    let stored = true;
    try {
      inc = incidents.open(peer, message.incident, boot);
    } catch (err) {
      storeFailed("incident", err);
      stored = false;
      // Held in RAM: the siren sounds for it all the same, but the caller is not told "delivered".
      inc = incidents.all.find((i) => i.caller === peer && (i.incident === message.incident || i.last === message.incident));
    }
    if (inc !== undefined) {
      if (inc.incident === message.incident) {
        record("incident_opened", { ...incidentFields(inc), name: callers.get(peer)?.name ?? "" }, peer, inc.incident);
      } else {
        record("incident_repeated", { ...incidentFields(inc), alarm: message.incident, presses: inc.presses ?? 1 }, peer, inc.incident, inc.presses ?? 1);
      }
    }
    if (!stored) return notRecorded(peer, message.incident);
    recordedAgain(peer);
    updateSiren();
    return true;
  }

  /** While flash lags RAM, each heartbeat heard tries the write again (the fault ends when it works). */
  function retryStore(): void {
    if (!incidents.dirty) return;
    try {
      incidents.flush();
    } catch {
      return; // still failing: reported when it first failed
    }
    unrecorded.clear();
    updateSiren();
  }

  /** The alarm is held in RAM only: refuse its ack and raise the store fault (once per alarm). */
  function notRecorded(peer: number, incident: number): false {
    if (unrecorded.get(peer) !== incident) {
      unrecorded.set(peer, incident);
      record("incident_not_recorded", { caller: callerId(peer), incident, name: callers.get(peer)?.name ?? "" }, peer, incident);
    }
    updateSiren();
    return false;
  }

  /** A write of the caller's alarm succeeded (or an officer knows of it): its store fault ends. */
  function recordedAgain(peer: number): void {
    if (unrecorded.delete(peer)) updateSiren();
  }

  /**
   * Liveness is refreshed by any frame (onHeard); a heartbeat also tells whether the caller
   * rebooted, whether it gets this post's acks, and the button's state.
   */
  function onHeartbeat(peer: number, heartbeat: HeartbeatMessage): void {
    for (const report of callerReports.heartbeat(peer, heartbeat.status, heartbeat.uptimeS)) {
      if (report.kind === "rebooted") record("caller_rebooted", { caller: callerId(peer), uptime_s: report.previousUptimeS }, peer);
      else if (report.kind === "link_fault") record("caller_link_fault", { caller: callerId(peer), name: callers.get(peer)?.name ?? "" }, peer);
      else record("caller_link_ok", { caller: callerId(peer) }, peer);
    }
    const stuck = (heartbeat.status & HeartbeatStatus.stuckButton) !== 0;
    if (stuck === stuckButtons.has(peer)) return;
    if (stuck) {
      stuckButtons.add(peer);
      faultAcknowledged = false;
      record("caller_button_stuck", { caller: callerId(peer), name: callers.get(peer)?.name ?? "" }, peer);
    } else {
      stuckButtons.delete(peer);
      record("caller_button_released", { caller: callerId(peer) }, peer);
    }
    rememberOffline();
    updateSiren();
  }

  function onOnline(peer: number): void {
    const wasOffline = offline.delete(peer);
    if (wasOffline) {
      rememberOffline();
      record("caller_online", { caller: callerId(peer) }, peer);
    }
    updateSiren();
  }

  function onOffline(peer: number): void {
    if (offline.has(peer)) return;
    offline.add(peer);
    faultAcknowledged = false;
    rememberOffline();
    record("caller_offline", { caller: callerId(peer), name: callers.get(peer)?.name ?? "" }, peer);
    updateSiren();
  }

  function acknowledge(): void {
    // Taken before the change: when the write fails the change still holds in RAM, and these
    // are exactly the incidents it acknowledged (not every one acknowledged so far).
    let changed = incidents.all.filter((i) => i.state === "open");
    try {
      changed = incidents.acknowledgeAll();
    } catch (err) {
      storeFailed("incident", err);
    }
    for (const i of changed) {
      record("incident_acknowledged", incidentFields(i), i.caller, i.incident);
      stack.send(i.caller, { kind: "operator_ack", incident: feedbackNumber(i) });
    }
    if (!faultAcknowledged && faultCount() > 0) {
      faultAcknowledged = true;
      if (offline.size + stuckButtons.size > 0) rememberOffline();
      record("fault_acknowledged", { offline: offline.size, stuck: stuckButtons.size, ...(unrecorded.size ? { unrecorded: unrecorded.size } : {}) });
    }
    updateSiren();
  }

  function reset(): void {
    // As in acknowledge: a failed write still closes these in RAM, so they are still reported.
    let closed = incidents.all.filter((i) => i.state === "acknowledged");
    try {
      closed = incidents.resolveAcknowledged();
    } catch (err) {
      storeFailed("incident", err);
    }
    for (const i of closed) {
      record("incident_resolved", incidentFields(i), i.caller, i.incident);
      stack.send(i.caller, { kind: "resolved", incident: feedbackNumber(i) });
    }
    updateSiren();
  }

  const debounce = { strategy: settings.debounceStrategy, windowMs: settings.debounceMs };
  const onOperator = (action: () => void) => (e: ButtonEvent) => {
    if (e.type === "press") action();
  };
  const ackButton = new ButtonPin(hal, "acknowledge", { ...OPERATOR_BUTTON, debounce }, onOperator(acknowledge));
  const resetButton = new ButtonPin(hal, "reset", { ...OPERATOR_BUTTON, debounce }, onOperator(reset));

  const supervision = new DeadlineTimer({
    clock,
    scheduler: hal.scheduler,
    nextDeadline: () => earliest(liveness.nextDeadline(), checkpoints.nextDeadline(clock.now())),
    onDue: (now) => {
      for (const change of liveness.poll(now)) {
        if (change.state === "offline") onOffline(change.peer);
      }
      const checkpoint = checkpoints.nextDeadline(now);
      if (checkpoint !== undefined && ticksReached(now, checkpoint)) writeCheckpoint(now);
    },
  });

  record("boot", { role: "receiver", open: incidents.all.length, name: config.self.name });
  // The post announces every caller it supervises, so a dashboard (the MQTT bridge, Home
  // Assistant) can show each one before its first alarm (issue 16). Not written to the log.
  for (const c of config.callers) events.emit("caller_listed", { caller: c.id, name: c.name });
  // After a reboot: callers whose incident an officer had acknowledged learn it again (a caller
  // ignores a repeat), and the siren resumes for incidents nobody acknowledged.
  for (const i of incidents.all) if (i.state === "acknowledged") stack.send(i.caller, { kind: "operator_ack", incident: feedbackNumber(i) });
  updateSiren();
  supervision.rearm();

  let testTimer: ReturnType<typeof hal.scheduler.schedule> | undefined;
  return {
    log,
    status: () => ({ incidents: incidents.all, offline: [...offline].map(callerId), stuck: [...stuckButtons].map(callerId), linkFault: callerReports.linkFaults().map(callerId), siren: siren.pattern }),
    testSiren() {
      record("siren_test", {});
      testing = true;
      siren.play("test");
      hal.scheduler.cancel(testTimer);
      testTimer = hal.scheduler.schedule(() => {
        testing = false;
        updateSiren();
      }, 1000);
    },
    stop() {
      hal.scheduler.cancel(testTimer);
      supervision.stop();
      ackButton.close();
      resetButton.close();
      stack.stop();
      siren.stop();
    },
  };
}
