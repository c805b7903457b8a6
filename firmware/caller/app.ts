import { checkConfig, type CallerConfig } from "../core/config.ts";
import { HeartbeatStatus, type Message } from "../core/frame/types.ts";
import type { ButtonEvent } from "../core/press.ts";
import { HeartbeatSchedule } from "../core/supervision/heartbeat.ts";
import { LinkMonitor } from "../core/supervision/link-monitor.ts";
import { earliest, ticksDiff, type Ticks } from "../core/ticks.ts";
import type { DeviceApp, DeviceHal } from "../hal/device.ts";
import { ButtonPin } from "../stack/button-pin.ts";
import { CadencePlayer } from "../stack/cadence.ts";
import { DeadlineTimer } from "../stack/deadline-timer.ts";
import { RadioStack } from "../stack/radio-stack.ts";
import { AlarmMemory } from "./alarm-memory.ts";
import { LED_PATTERNS, ledState, type LedState } from "./led.ts";

/** What a caller reports about itself (console `status`, tests). */
export interface CallerStatus {
  /** Incidents raised and not yet acknowledged by the receiver. */
  pending: readonly number[];
  led: LedState;
  linkFault: boolean;
  stuck: boolean;
}

/** A running caller. */
export interface CallerApp extends DeviceApp {
  status(): CallerStatus;
}

/**
 * Starts the caller app: one physical press → one incident, retransmitted until the receiver
 * acknowledges it, with two-stage LED feedback; heartbeats for supervision; link fault shown
 * when the receiver cannot be reached. Unacknowledged alarms survive reboot and power loss.
 *
 * Events (ARCHITECTURE §3): `press`, `alarm_tx`, `alarm_delivered`, `alarm_acknowledged`,
 * `alarm_resolved`, `link_fault`, `link_ok`, `button_stuck`, `button_released`, `store_error`,
 * `frame_rejected`, `boot`.
 *
 * @param hal the platform (Moddable adapters on the device, simulator adapters on the host).
 * @param config identity, key, receiver and settings.
 * @throws ConfigError for an invalid config (see `checkConfig`).
 */
export function startCaller(hal: DeviceHal, config: CallerConfig): CallerApp {
  checkConfig(config);
  const { events, clock } = hal;
  const settings = config.settings;
  const receiver = config.receiver.nodeId;
  const bootAt = clock.now();

  /** This boot's nonce (u32, never 0: 0 marks alarms raised before nonces), sent with its alarms. */
  const bootNonce = hal.random() >>> 0 || 1;
  const memory = new AlarmMemory(hal.store, bootNonce);
  /** Reports a change the memory holds in RAM only (once per failure), or its recovery. */
  let memoryUnsaved = false;
  const checkMemory = (what: string) => {
    const err = memory.unsaved;
    if (err !== undefined && !memoryUnsaved) events.emit("store_error", { what, error: err instanceof Error ? err.message : String(err) });
    memoryUnsaved = err !== undefined;
  };
  const alarmOf = (incident: number) => ({ kind: "alarm", incident, boot: memory.bootOf(incident) }) as const;
  /** Tick of the press that raised each incident still in flight (RAM only). */
  const pressedAt = new Map<number, Ticks>();
  let newestIncident = memory.pending.length ? memory.pending[memory.pending.length - 1] : 0;
  let deliveredIncident = 0; // newest incident delivered and not yet acknowledged by an officer
  let acknowledgedIncident = 0; // newest incident acknowledged and not yet resolved
  let stuck = false;
  /** Uptime for heartbeats, ms, and the tick it was last advanced (heartbeats are ≤ 1 h apart, < 2^31 ms). */
  let uptimeMs = 0;
  let uptimeTick = bootAt;

  const led = new CadencePlayer(hal.openOutput("led", 0), hal.scheduler);
  const monitor = new LinkMonitor();
  const heartbeat = new HeartbeatSchedule({ periodMs: settings.heartbeatMs, random: hal.random, startAt: bootAt });

  const updateLed = () => led.play(LED_PATTERNS[currentLed()]);
  const currentLed = (): LedState =>
    ledState({
      sending: memory.pending.length > 0,
      delivered: deliveredIncident !== 0 && deliveredIncident === newestIncident,
      acknowledged: acknowledgedIncident !== 0 && acknowledgedIncident === newestIncident,
      linkFault: monitor.faulted,
      stuck,
    });

  const reportLink = (change: "fault" | "ok" | undefined) => {
    if (change === "fault") events.emit("link_fault", {});
    if (change === "ok") events.emit("link_ok", {});
    if (change) updateLed();
  };

  const stack = new RadioStack({
    hal,
    self: config.self.nodeId,
    peers: [{ nodeId: receiver, address: config.receiver.address, key: config.key }],
    onMessage: (_peer, message, now) => onMessage(message, now),
    onHeard: (_peer, now) => reportLink(monitor.heard(now)),
    onAttempt: (_peer, message, info) => {
      if (message.kind === "alarm") events.emit("alarm_tx", { incident: message.incident, attempt: info.attempt });
      if (message.kind === "heartbeat") reportLink(monitor.attempted(info.at));
    },
    onDelivered: (_peer, message, info) => {
      reportLink(monitor.delivered(info.ackedAt));
      if (message.kind !== "alarm") return;
      const incident = message.incident;
      memory.delivered(incident);
      checkMemory("pending alarm");
      const from = pressedAt.get(incident);
      pressedAt.delete(incident);
      const fields: Record<string, number | boolean> = { incident, latency_ms: ticksDiff(info.ackedAt, from ?? info.sentAt) };
      if (from === undefined) fields.resent_after_boot = true;
      events.emit("alarm_delivered", fields);
      if (incident === newestIncident && acknowledgedIncident !== incident) deliveredIncident = incident;
      updateLed();
    },
    onGaveUp: (_peer, message, info) => {
      // A superseded heartbeat's transmissions are counted already (onAttempt); its successor goes on.
      if (message.kind === "heartbeat" && info.reason === "attempts") reportLink(monitor.failed(info.at));
    },
  });

  function onMessage(message: Message, now: Ticks): void {
    void now;
    if (message.kind === "operator_ack") {
      if (acknowledgedIncident !== message.incident) {
        acknowledgedIncident = message.incident;
        if (deliveredIncident === message.incident) deliveredIncident = 0;
        events.emit("alarm_acknowledged", { incident: message.incident });
      }
    } else if (message.kind === "resolved") {
      events.emit("alarm_resolved", { incident: message.incident });
      if (acknowledgedIncident === message.incident) acknowledgedIncident = 0;
      if (deliveredIncident === message.incident) deliveredIncident = 0;
    }
    updateLed();
  }

  function raiseAlarm(now: Ticks): void {
    if (memory.full) {
      // 500 alarms already wait for the post (PENDING_CAPACITY): this press is counted on the
      // newest of them, which is still being sent; nothing is dropped and nothing is RAM-only.
      events.emit("press", { incident: newestIncident, coalesced: true });
      updateLed();
      return;
    }
    let incident: number;
    try {
      incident = memory.raise();
      checkMemory("incident number"); // written nowhere: still sent, kept in RAM, retried
    } catch (err) {
      // Numbers exhausted: the press must still reach the post, with a RAM-only number.
      events.emit("store_error", { what: "incident number", error: err instanceof Error ? err.message : String(err) });
      incident = newestIncident + 1;
    }
    newestIncident = incident;
    pressedAt.set(incident, now);
    events.emit("press", { incident });
    stack.send(receiver, alarmOf(incident));
    updateLed();
  }

  function onButton(e: ButtonEvent): void {
    if (e.type === "press") raiseAlarm(e.at);
    else if (e.type === "stuck") {
      stuck = true;
      events.emit("button_stuck", {});
      updateLed();
    } else if (e.type === "stuck_cleared") {
      stuck = false;
      events.emit("button_released", {});
      updateLed();
    }
  }

  const button = new ButtonPin(
    hal,
    "button",
    {
      debounce: { strategy: settings.debounceStrategy, windowMs: settings.debounceMs },
      holdMs: settings.holdMs,
      stuckMs: settings.stuckMs,
      activeLow: true,
    },
    onButton,
  );
  const timer = new DeadlineTimer({
    clock,
    scheduler: hal.scheduler,
    nextDeadline: () => earliest(heartbeat.nextDeadline(), monitor.nextDeadline()),
    onDue: (now) => {
      if (heartbeat.poll(now)) sendHeartbeat();
      reportLink(monitor.poll(now));
    },
  });

  function sendHeartbeat(): void {
    memory.flush(); // a change held in RAM after a failed write is written again
    checkMemory("pending alarm");
    let status = 0;
    if (memory.pending.length) status |= HeartbeatStatus.alarmPending;
    if (stuck) status |= HeartbeatStatus.stuckButton;
    if (monitor.faulted) status |= HeartbeatStatus.linkFault;
    // Counted across the 32-bit tick wrap (49.7 days): the post reads uptime going back as a reboot.
    const now = clock.now();
    uptimeMs += Math.max(0, ticksDiff(now, uptimeTick));
    uptimeTick = now;
    const uptimeS = Math.min(0xffff_ffff, Math.floor(uptimeMs / 1000));
    stack.send(receiver, { kind: "heartbeat", status, uptimeS });
  }

  events.emit("boot", { role: "caller", pending: memory.pending.length });
  // Alarms raised before a reboot or power loss and never acknowledged: send them again now.
  for (const incident of memory.pending) stack.send(receiver, alarmOf(incident));
  sendHeartbeat(); // announce ourselves at once: the receiver learns we are back
  updateLed();
  timer.rearm();

  return {
    status: () => ({ pending: memory.pending, led: currentLed(), linkFault: monitor.faulted, stuck }),
    stop() {
      timer.stop();
      stack.stop();
      led.stop(0);
      button.close();
    },
  };
}
