/**
 * The caller's policy: every decision the caller makes, as a passive state machine with no
 * platform in it (STYLE rules 7, 8). The app (`firmware/caller/app.ts`) only wires it to the
 * button, the radio stack, the LED and a deadline timer; the supervision soak
 * (`test/supervision/support/deployment.ts`) wires the same policy to a bare `Link`.
 *
 * Inputs: `start` (boot, with what the store held), `button` (debounced press, stuck, stuck
 * cleared), `heard`, `message` (operator ack, resolved), `attempted`, `delivered`, `gaveUp`
 * (the link's reports), `poll` (at `nextDeadline()`). Outputs go to the `CallerOutputs` given at
 * construction, synchronously and in order: events, reliable messages for the receiver, LED
 * states. Store writes go to the `Store` given (through `AlarmMemory`); a failed write is
 * reported once as `store_error` and written again at the next change or heartbeat.
 *
 * Events (ARCHITECTURE §3): `boot`, `press`, `alarm_tx`, `alarm_delivered`,
 * `alarm_acknowledged`, `alarm_resolved`, `link_fault`, `link_ok`, `button_stuck`,
 * `button_released`, `store_error`.
 */
import { storeErrorFields, type EventFieldsOf } from "../events.ts";
import { HeartbeatStatus, type Message } from "../frame/types.ts";
import type { DeliveredInfo, GaveUpInfo, ReliableMessage } from "../link/link.ts";
import type { RandomU32, Store } from "../platform.ts";
import type { ButtonEvent } from "../press.ts";
import { HeartbeatSchedule, type HeartbeatScheduleOptions } from "../supervision/heartbeat.ts";
import { LinkMonitor, type LinkMonitorOptions } from "../supervision/link-monitor.ts";
import { earliest, ticksDiff, type Ticks } from "../ticks.ts";
import { AlarmMemory } from "./caller-alarm-memory.ts";
import { ledState, type LedState } from "./caller-led.ts";

/**
 * The events the caller policy reports; their fields are the contract's (`firmware/core/events.ts`,
 * ARCHITECTURE §3). `frame_rejected` comes from the radio stack, not from the policy.
 */
export type CallerEventName =
  | "boot"
  | "press"
  | "alarm_tx"
  | "alarm_delivered"
  | "alarm_acknowledged"
  | "alarm_resolved"
  | "link_fault"
  | "link_ok"
  | "button_stuck"
  | "button_released"
  | "store_error";

/** Where the policy's outputs go; each is called synchronously, in the order decided. */
export interface CallerOutputs {
  /** An event for the device's event stream (ARCHITECTURE §3). */
  emit<E extends CallerEventName>(event: E, fields: EventFieldsOf<E>): void;
  /** A reliable message for the receiver (the app hands it to the radio stack). */
  send(message: ReliableMessage): void;
  /** The LED state to show now (the app plays its pattern; playing the same state again is a no-op). */
  led(state: LedState): void;
}

/** Options of a `CallerPolicy`. */
export interface CallerPolicyOptions {
  /** The caller's persistent store (alarm memory: next incident number, pending alarms). */
  store: Store;
  /** Uniform 32-bit randomness: this boot's nonce (one draw), then the heartbeat jitter. */
  random: RandomU32;
  /** The boot tick (the clock's now when the caller starts). */
  now: Ticks;
  /** Heartbeat schedule: mean period (ms, default 30000, config `heartbeat_ms`) and jitter. */
  heartbeat?: Partial<Omit<HeartbeatScheduleOptions, "random" | "startAt">>;
  /** Link-fault rules (defaults `LINK_MONITOR_DEFAULTS`). */
  monitor?: LinkMonitorOptions;
  outputs: CallerOutputs;
}

/** What a caller reports about itself (console `status`, tests). */
export interface CallerStatus {
  /** Incidents raised and not yet acknowledged by the receiver. */
  pending: readonly number[];
  led: LedState;
  linkFault: boolean;
  stuck: boolean;
}

/**
 * One physical press → one incident, retransmitted until the receiver acknowledges it, with
 * two-stage LED feedback; heartbeats for supervision; a link fault shown when the receiver
 * cannot be reached. Unacknowledged alarms survive reboot and power loss (`AlarmMemory`).
 */
export class CallerPolicy {
  readonly #out: CallerOutputs;
  readonly #memory: AlarmMemory;
  readonly #monitor: LinkMonitor;
  readonly #heartbeat: HeartbeatSchedule;
  /** Tick of the press that raised each incident still in flight (RAM only). */
  readonly #pressedAt = new Map<number, Ticks>();
  /** A change the memory holds in RAM only has been reported (once per failure). */
  #memoryUnsaved = false;
  #newestIncident: number;
  /** Newest incident delivered and not yet acknowledged by an officer (0: none). */
  #deliveredIncident = 0;
  /** Newest incident acknowledged and not yet resolved (0: none). */
  #acknowledgedIncident = 0;
  #stuck = false;
  /** Uptime for heartbeats, ms, and the tick it was last advanced (heartbeats are ≤ 1 h apart, < 2^31 ms). */
  #uptimeMs = 0;
  #uptimeTick: Ticks;

  /**
   * Draws this boot's nonce and loads the alarm memory; sends nothing until `start`.
   * @throws TypeError or RangeError naming the field for bad heartbeat or monitor options
   *   (`HeartbeatSchedule`, `LinkMonitor`).
   */
  constructor(options: CallerPolicyOptions) {
    this.#out = options.outputs;
    // This boot's nonce (u32, never 0: 0 marks alarms raised before nonces), sent with its alarms.
    const bootNonce = options.random() >>> 0 || 1;
    this.#memory = new AlarmMemory(options.store, bootNonce);
    const pending = this.#memory.pending;
    this.#newestIncident = pending.length ? pending[pending.length - 1]! : 0;
    this.#uptimeTick = options.now;
    this.#monitor = new LinkMonitor(options.monitor);
    this.#heartbeat = new HeartbeatSchedule({ ...options.heartbeat, random: options.random, startAt: options.now });
  }

  /**
   * Boot: reports `boot`, sends again every alarm the store held unacknowledged (a reboot or
   * power loss during retransmission), then a heartbeat at once so that the receiver learns the
   * caller is back, and shows the LED.
   */
  start(now: Ticks): void {
    this.#out.emit("boot", { role: "caller", pending: this.#memory.pending.length });
    for (const incident of this.#memory.pending) this.#out.send(this.#alarm(incident));
    this.#sendHeartbeat(now);
    this.#showLed();
  }

  /** A debounced button event (`ButtonInput`): a press raises an alarm; stuck and cleared are reported. */
  button(e: ButtonEvent): void {
    if (e.type === "press") this.#raiseAlarm(e.at);
    else if (e.type === "stuck") {
      this.#stuck = true;
      this.#out.emit("button_stuck", {});
      this.#showLed();
    } else if (e.type === "stuck_cleared") {
      this.#stuck = false;
      this.#out.emit("button_released", {});
      this.#showLed();
    }
  }

  /** An authenticated frame from the receiver arrived at `now` (before its message is handled). */
  heard(now: Ticks): void {
    this.#reportLink(this.#monitor.heard(now));
  }

  /** A message from the receiver: an officer's acknowledgement or the incident's resolution. */
  message(message: Message): void {
    if (message.kind === "operator_ack") {
      if (this.#acknowledgedIncident !== message.incident) {
        this.#acknowledgedIncident = message.incident;
        if (this.#deliveredIncident === message.incident) this.#deliveredIncident = 0;
        this.#out.emit("alarm_acknowledged", { incident: message.incident });
      }
    } else if (message.kind === "resolved") {
      this.#out.emit("alarm_resolved", { incident: message.incident });
      if (this.#acknowledgedIncident === message.incident) this.#acknowledgedIncident = 0;
      if (this.#deliveredIncident === message.incident) this.#deliveredIncident = 0;
    }
    this.#showLed();
  }

  /** The link transmits `message` (attempt 1, 2, …, at tick `at`): `alarm_tx`, or a heartbeat counted. */
  attempted(message: ReliableMessage, info: { attempt: number; at: Ticks }): void {
    if (message.kind === "alarm") this.#out.emit("alarm_tx", { incident: message.incident, attempt: info.attempt });
    if (message.kind === "heartbeat") this.#reportLink(this.#monitor.attempted(info.at));
  }

  /** The receiver acked `message`: an alarm leaves the memory, with its press-to-ack latency. */
  delivered(message: ReliableMessage, info: Pick<DeliveredInfo, "ackedAt" | "sentAt">): void {
    this.#reportLink(this.#monitor.delivered(info.ackedAt));
    if (message.kind !== "alarm") return;
    const incident = message.incident;
    this.#memory.delivered(incident);
    this.#checkMemory("pending alarm");
    const from = this.#pressedAt.get(incident);
    this.#pressedAt.delete(incident);
    const latency = ticksDiff(info.ackedAt, from ?? info.sentAt);
    this.#out.emit("alarm_delivered", from === undefined ? { incident, latency_ms: latency, resent_after_boot: true } : { incident, latency_ms: latency });
    if (incident === this.#newestIncident && this.#acknowledgedIncident !== incident) this.#deliveredIncident = incident;
    this.#showLed();
  }

  /** The link gave `message` up: a heartbeat out of attempts counts towards a link fault. */
  gaveUp(message: ReliableMessage, info: Pick<GaveUpInfo, "reason" | "at">): void {
    // A superseded heartbeat's transmissions are counted already (attempted); its successor goes on.
    if (message.kind === "heartbeat" && info.reason === "attempts") this.#reportLink(this.#monitor.failed(info.at));
  }

  /** Sends a heartbeat when one is due and applies the link's silence rule. Call at `nextDeadline()` (late is fine). */
  poll(now: Ticks): void {
    if (this.#heartbeat.poll(now)) this.#sendHeartbeat(now);
    this.#reportLink(this.#monitor.poll(now));
  }

  /** The tick `poll` must next be called at: the next heartbeat or the silence rule's deadline. */
  nextDeadline(): Ticks {
    return earliest(this.#heartbeat.nextDeadline(), this.#monitor.nextDeadline())!;
  }

  /** The LED state the caller shows now. */
  get led(): LedState {
    return ledState({
      sending: this.#memory.pending.length > 0,
      delivered: this.#deliveredIncident !== 0 && this.#deliveredIncident === this.#newestIncident,
      acknowledged: this.#acknowledgedIncident !== 0 && this.#acknowledgedIncident === this.#newestIncident,
      linkFault: this.#monitor.faulted,
      stuck: this.#stuck,
    });
  }

  /** True while the caller knows it cannot reach its receiver. */
  get linkFault(): boolean {
    return this.#monitor.faulted;
  }

  /** What the caller reports about itself (console `status`); `pending` is the memory's live list, oldest first. */
  status(): CallerStatus {
    return { pending: this.#memory.pending, led: this.led, linkFault: this.#monitor.faulted, stuck: this.#stuck };
  }

  #alarm(incident: number): ReliableMessage {
    return { kind: "alarm", incident, boot: this.#memory.bootOf(incident) };
  }

  #showLed(): void {
    this.#out.led(this.led);
  }

  #reportLink(change: "fault" | "ok" | undefined): void {
    if (change === "fault") this.#out.emit("link_fault", {});
    if (change === "ok") this.#out.emit("link_ok", {});
    if (change) this.#showLed();
  }

  /** The one place a caller reports `store_error`: the write of `what` failed with `err`. */
  #storeError(what: string, err: unknown): void {
    this.#out.emit("store_error", storeErrorFields(what, err));
  }

  /** Reports a change the memory holds in RAM only (once per failure), or notes its recovery. */
  #checkMemory(what: string): void {
    const err = this.#memory.unsaved;
    if (err !== undefined && !this.#memoryUnsaved) this.#storeError(what, err);
    this.#memoryUnsaved = err !== undefined;
  }

  #raiseAlarm(now: Ticks): void {
    if (this.#memory.full) {
      // 500 alarms already wait for the post (PENDING_CAPACITY): this press is counted on the
      // newest of them, which is still being sent; nothing is dropped and nothing is RAM-only.
      this.#out.emit("press", { incident: this.#newestIncident, coalesced: true });
      this.#showLed();
      return;
    }
    let incident: number;
    try {
      incident = this.#memory.raise();
      this.#checkMemory("incident number"); // written nowhere: still sent, kept in RAM, retried
    } catch (err) {
      // Numbers exhausted: the press must still reach the post, with a RAM-only number.
      this.#storeError("incident number", err);
      incident = this.#newestIncident + 1;
    }
    this.#newestIncident = incident;
    this.#pressedAt.set(incident, now);
    this.#out.emit("press", { incident });
    this.#out.send(this.#alarm(incident));
    this.#showLed();
  }

  #sendHeartbeat(now: Ticks): void {
    this.#memory.flush(); // a change held in RAM after a failed write is written again
    this.#checkMemory("pending alarm");
    let status = 0;
    if (this.#memory.pending.length) status |= HeartbeatStatus.alarmPending;
    if (this.#stuck) status |= HeartbeatStatus.stuckButton;
    if (this.#monitor.faulted) status |= HeartbeatStatus.linkFault;
    // Counted across the 32-bit tick wrap (49.7 days): the post reads uptime going back as a reboot.
    this.#uptimeMs += Math.max(0, ticksDiff(now, this.#uptimeTick));
    this.#uptimeTick = now;
    const uptimeS = Math.min(0xffff_ffff, Math.floor(this.#uptimeMs / 1000));
    this.#out.send({ kind: "heartbeat", status, uptimeS });
  }
}
