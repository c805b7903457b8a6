/**
 * A small supervised deployment for supervision tests: one receiver and N callers over the
 * payload-level `LossyMedium` in virtual time. Each caller runs the real caller policy
 * (`CallerPolicy`: heartbeats, link monitor, alarm memory) over a bare `Link`, wired as the caller
 * app wires it; the receiver runs a `Link` and a `LivenessTable`. Not the simulator (tools/sim):
 * no codec, no channel, no pins, just the policies under a seeded radio.
 *
 * Events are recorded with elapsed ms: `caller_offline` / `caller_online` at the receiver,
 * `link_fault` / `link_ok` at each caller. Figures for the README are gathered as it runs.
 */
import type { Frame } from "../../../firmware/core/frame/types.ts";
import { Link, type LinkOptions } from "../../../firmware/core/link/link.ts";
import { CallerPolicy } from "../../../firmware/core/policy/caller.ts";
import type { HeartbeatScheduleOptions } from "../../../firmware/core/supervision/heartbeat.ts";
import type { LinkMonitorOptions } from "../../../firmware/core/supervision/link-monitor.ts";
import { LivenessTable } from "../../../firmware/core/supervision/liveness.ts";
import { type Ticks, earliest } from "../../../firmware/core/ticks.ts";
import { MapStore } from "../../auth/map-store.ts";
import { type ChannelModel, LossyMedium } from "../../link/support/lossy-medium.ts";
import { seededRandom } from "../../../bench/harness/prng.ts";
import { type Participant, VirtualLoop } from "../../link/support/virtual-loop.ts";

export const RECEIVER_ID = 100;

export type SupervisionEvent = "caller_offline" | "caller_online" | "link_fault" | "link_ok";

export interface Logged {
  at: number;
  event: SupervisionEvent;
  caller: number;
}

export interface DeploymentOptions {
  seed: number;
  startTicks: number;
  callers: number;
  /** Radio model, both directions. */
  model: ChannelModel;
  heartbeat?: Partial<Omit<HeartbeatScheduleOptions, "random" | "startAt">>;
  timeoutMs?: number;
  monitor?: LinkMonitorOptions;
  policies?: LinkOptions["policies"];
  /** Callers left powered off at the start. */
  offAtStart?: readonly number[];
}

/** Per-caller figures gathered during a run. */
export interface CallerFigures {
  heartbeats: number;
  heartbeatsGivenUp: number;
  maxConsecutiveGivenUp: number;
  /** Longest gap between two frames the receiver heard from this caller, ms. */
  maxSilenceMs: number;
}

class CallerNode implements Participant {
  readonly id: number;
  powered = false;
  link!: Link;
  /** The real caller policy (`firmware/core/policy/caller.ts`), rebuilt at each boot. */
  policy!: CallerPolicy;
  /** The caller's flash: survives power cuts (its alarm memory lives here). */
  readonly store = new MapStore();
  #runOfFailures = 0;
  readonly figures: CallerFigures = { heartbeats: 0, heartbeatsGivenUp: 0, maxConsecutiveGivenUp: 0, maxSilenceMs: 0 };
  readonly #d: Deployment;

  constructor(id: number, d: Deployment) {
    this.id = id;
    this.#d = d;
  }

  /** The policy's link view, as the supervision tests read it. */
  get monitor(): { readonly faulted: boolean } {
    return { faulted: this.policy.linkFault };
  }

  /**
   * Boots the caller as the app does (`firmware/caller/app.ts`): a policy over this caller's
   * store, wired to a bare `Link` in place of the radio stack (no channel, no codec, no pins).
   */
  boot(now: Ticks): void {
    const d = this.#d;
    const random = seededRandom(d.options.seed * 7919 + this.id * 104_729 + d.loop.elapsedMs);
    this.powered = true;
    const policy = new CallerPolicy({
      store: this.store,
      random,
      now,
      heartbeat: d.options.heartbeat,
      monitor: d.options.monitor,
      outputs: {
        emit: (event) => {
          if (event === "link_fault" || event === "link_ok") d.record(event, this.id);
        },
        send: (message) => {
          if (message.kind === "heartbeat") this.figures.heartbeats++;
          this.link.send(RECEIVER_ID, message, d.loop.now);
        },
        led: () => {},
      },
    });
    this.policy = policy;
    this.link = new Link({
      random,
      policies: d.options.policies,
      transmit: (peer, payload) => d.medium.send(this.id, peer, payload),
      onDelivered: (_peer, message, info) => {
        this.#runOfFailures = 0;
        policy.delivered(message, info);
      },
      onGaveUp: (_peer, message, info) => {
        if (message.kind === "heartbeat") {
          this.figures.heartbeatsGivenUp++;
          this.#runOfFailures++;
          this.figures.maxConsecutiveGivenUp = Math.max(this.figures.maxConsecutiveGivenUp, this.#runOfFailures);
        }
        policy.gaveUp(message, info);
      },
      onAttempt: (_peer, message, info) => policy.attempted(message, info),
    });
    policy.start(now); // announces itself with a heartbeat, and resends what the store held
  }

  /** A debounced press of the caller's button at `now`. */
  press(now: Ticks): void {
    if (this.powered) this.policy.button({ type: "press", at: now });
  }

  receive(frame: Frame, now: Ticks): void {
    if (!this.powered) return;
    this.policy.heard(now);
    const message = this.link.receive(frame, now);
    if (message !== undefined) this.policy.message(message);
  }

  nextDeadline(): Ticks | undefined {
    if (!this.powered) return undefined;
    return earliest(this.link.nextDeadline(), this.policy.nextDeadline());
  }

  poll(now: Ticks): void {
    this.link.poll(now);
    this.policy.poll(now);
  }
}

/** An alarm the receiver's link handed up (first copy of each transmission sequence). */
export interface HeardAlarm {
  at: number;
  caller: number;
  incident: number;
  boot: number | undefined;
}

class ReceiverNode implements Participant {
  readonly link: Link;
  readonly table: LivenessTable;
  /** Alarms heard, in order (elapsed ms). */
  readonly alarms: HeardAlarm[] = [];
  readonly #d: Deployment;
  readonly #lastHeardAt = new Map<number, number>();

  constructor(d: Deployment, callerIds: number[]) {
    this.#d = d;
    const now = d.loop.now;
    this.link = new Link({ random: seededRandom(d.options.seed ^ 0x5eed), transmit: (peer, payload) => d.medium.send(RECEIVER_ID, peer, payload) });
    this.table = new LivenessTable({ startAt: now, peers: callerIds, timeoutMs: d.options.timeoutMs });
  }

  receive(frame: Frame, now: Ticks): void {
    const at = this.#d.loop.elapsedMs;
    const last = this.#lastHeardAt.get(frame.sender);
    const caller = this.#d.callers.find((c) => c.id === frame.sender);
    if (last !== undefined && caller) caller.figures.maxSilenceMs = Math.max(caller.figures.maxSilenceMs, at - last);
    this.#lastHeardAt.set(frame.sender, at);
    const wasOffline = this.table.state(frame.sender) === "offline";
    if (this.table.heard(frame.sender, now) === "online" && wasOffline) this.#d.record("caller_online", frame.sender);
    const message = this.link.receive(frame, now);
    if (message?.kind === "alarm") this.alarms.push({ at, caller: frame.sender, incident: message.incident, boot: message.boot });
  }

  /** The receiver's last-heard bookkeeping restarts (e.g. after a deliberate outage). */
  resetSilence(): void {
    this.#lastHeardAt.clear();
  }

  nextDeadline(): Ticks | undefined {
    return earliest(this.link.nextDeadline(), this.table.nextDeadline());
  }

  poll(now: Ticks): void {
    this.link.poll(now);
    for (const change of this.table.poll(now)) this.#d.record("caller_offline", change.peer);
  }
}

export class Deployment {
  readonly options: DeploymentOptions;
  readonly loop: VirtualLoop;
  readonly medium: LossyMedium;
  readonly callers: CallerNode[] = [];
  readonly receiver: ReceiverNode;
  readonly events: Logged[] = [];

  constructor(options: DeploymentOptions) {
    this.options = options;
    this.loop = new VirtualLoop(options.startTicks);
    this.medium = new LossyMedium({ loop: this.loop, random: seededRandom(options.seed), model: options.model });
    this.medium.keepLog = false;
    const ids = Array.from({ length: options.callers }, (_, i) => i + 1);
    for (const id of ids) this.callers.push(new CallerNode(id, this));
    this.receiver = new ReceiverNode(this, ids);
    this.medium.attach(RECEIVER_ID, this.receiver);
    this.loop.add(this.receiver);
    for (const c of this.callers) {
      this.medium.attach(c.id, c);
      this.loop.add(c);
      if (options.offAtStart?.includes(c.id)) this.medium.setDown(c.id, true);
      else c.boot(this.loop.now);
    }
  }

  record(event: SupervisionEvent, caller: number): void {
    this.events.push({ at: this.loop.elapsedMs, event, caller });
  }

  caller(id: number): CallerNode {
    return this.callers.find((c) => c.id === id)!;
  }

  /** Power a caller off: it stops, its radio is silent. */
  powerOff(id: number): void {
    const c = this.caller(id);
    c.powered = false;
    this.medium.setDown(id, true);
  }

  /** Power a caller on: a reboot, RAM state lost, heartbeat at boot. */
  powerOn(id: number): void {
    this.medium.setDown(id, false);
    this.caller(id).boot(this.loop.now);
  }

  /** The receiver's radio goes deaf and mute (true) or comes back (false); its logic keeps running. */
  receiverRadio(down: boolean): void {
    this.medium.setDown(RECEIVER_ID, down);
  }

  of(event: SupervisionEvent, caller?: number): Logged[] {
    return this.events.filter((e) => e.event === event && (caller === undefined || e.caller === caller));
  }
}
