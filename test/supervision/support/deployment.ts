/**
 * A small supervised deployment for supervision tests: one receiver and N callers running the
 * core pieces (Link, HeartbeatSchedule, LinkMonitor, LivenessTable) wired as the apps wire them,
 * over the payload-level `LossyMedium` in virtual time. Not the simulator (tools/sim): no codec,
 * no pins, no apps, just the supervision logic under a seeded radio.
 *
 * Events are recorded with elapsed ms: `caller_offline` / `caller_online` at the receiver,
 * `link_fault` / `link_ok` at each caller. Figures for the README are gathered as it runs.
 */
import type { Frame } from "../../../firmware/core/frame/types.ts";
import { Link, type LinkOptions } from "../../../firmware/core/link/link.ts";
import { HeartbeatSchedule, type HeartbeatScheduleOptions } from "../../../firmware/core/supervision/heartbeat.ts";
import { LinkMonitor, type LinkMonitorOptions } from "../../../firmware/core/supervision/link-monitor.ts";
import { LivenessTable } from "../../../firmware/core/supervision/liveness.ts";
import { type Ticks, earliest } from "../../../firmware/core/ticks.ts";
import { type ChannelModel, LossyMedium } from "../../link/support/lossy-medium.ts";
import { seededRandom } from "../../link/support/prng.ts";
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
  schedule!: HeartbeatSchedule;
  monitor!: LinkMonitor;
  #uptimeFrom = 0;
  #runOfFailures = 0;
  readonly figures: CallerFigures = { heartbeats: 0, heartbeatsGivenUp: 0, maxConsecutiveGivenUp: 0, maxSilenceMs: 0 };
  readonly #d: Deployment;

  constructor(id: number, d: Deployment) {
    this.id = id;
    this.#d = d;
  }

  boot(now: Ticks): void {
    const d = this.#d;
    const random = seededRandom(d.options.seed * 7919 + this.id * 104_729 + d.loop.elapsedMs);
    this.powered = true;
    this.#uptimeFrom = d.loop.elapsedMs;
    this.monitor = new LinkMonitor(d.options.monitor);
    this.schedule = new HeartbeatSchedule({ ...d.options.heartbeat, random, startAt: now });
    this.link = new Link({
      random,
      policies: d.options.policies,
      transmit: (peer, payload) => d.medium.send(this.id, peer, payload),
      onDelivered: (_peer, _message, info) => {
        this.#runOfFailures = 0;
        if (this.monitor.delivered(info.ackedAt) === "ok") d.record("link_ok", this.id);
      },
      onGaveUp: (_peer, message, info) => {
        if (message.kind !== "heartbeat") return;
        this.figures.heartbeatsGivenUp++;
        this.#runOfFailures++;
        this.figures.maxConsecutiveGivenUp = Math.max(this.figures.maxConsecutiveGivenUp, this.#runOfFailures);
        if (info.reason === "attempts" && this.monitor.failed(info.at) === "fault") d.record("link_fault", this.id);
      },
      onAttempt: (_peer, message, info) => {
        if (message.kind === "heartbeat" && this.monitor.attempted(info.at) === "fault") d.record("link_fault", this.id);
      },
    });
    this.#heartbeat(now); // announce at boot, as the caller app does
  }

  receive(frame: Frame, now: Ticks): void {
    if (!this.powered) return;
    this.monitor.heard(now);
    this.link.receive(frame, now);
  }

  nextDeadline(): Ticks | undefined {
    if (!this.powered) return undefined;
    return earliest(earliest(this.link.nextDeadline(), this.schedule.nextDeadline()), this.monitor.nextDeadline());
  }

  poll(now: Ticks): void {
    this.link.poll(now);
    if (this.schedule.poll(now)) this.#heartbeat(now);
    if (this.monitor.poll(now) === "fault") this.#d.record("link_fault", this.id);
  }

  #heartbeat(now: Ticks): void {
    this.figures.heartbeats++;
    const uptimeS = Math.floor((this.#d.loop.elapsedMs - this.#uptimeFrom) / 1000);
    this.link.send(RECEIVER_ID, { kind: "heartbeat", status: this.monitor.faulted ? 4 : 0, uptimeS }, now);
  }
}

class ReceiverNode implements Participant {
  readonly link: Link;
  readonly table: LivenessTable;
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
    this.link.receive(frame, now);
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
