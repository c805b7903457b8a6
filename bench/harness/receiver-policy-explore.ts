/**
 * Exhaustive check of the receiver policy (issue 12): a breadth-first exploration of every
 * sequence of inputs up to a depth over a small world, with state hashing, asserting the
 * issue's invariants after every step.
 *
 * The world: the post (`ReceiverPolicy` on the real `IncidentTable`, `OfflineMemory`,
 * `SilenceMemory`, over a store whose writes can fail), and `callers` callers modelled as the
 * post sees them: a caller presses (at most `alarmsPerCaller` alarms each), retransmits its
 * pending alarm until an ack reaches it (the copy can be heard with the ack lost), beats (with
 * its button stuck or free), loses power (a new boot nonce; the pending alarm is kept, as
 * `firmware/caller/alarm-memory.ts` keeps it), and receives the post's feedback in order (each
 * message either delivered or given up by the link). The post loses power (RAM gone: the link's
 * queue, the owed feedback; the store kept), its officers press acknowledge and reset, its flash
 * fails and heals, and time passes by one offline timeout (the deadline timer firing at each
 * deadline on the way).
 *
 * Invariants (checked after every step):
 * 1. siren: `alarm` iff an incident is unacknowledged; otherwise `fault` iff a fault is
 *    unacknowledged (an offline or stuck caller present, reported with no acknowledge since) or
 *    flash lags RAM; otherwise quiet. A post power cut after a write failed re-bases the model on
 *    what the post kept (a fault reported while writes failed is forgotten until supervision
 *    finds it again: a stuck button at its next heartbeat, a dead caller one timeout later).
 * 2. supervision is armed whenever a caller is known and not offline (a deadline within the
 *    timeout), and every frame heard re-arms the timer.
 * 3. an alarm is acked only once recorded (a post booted from the store now would know it) or
 *    once an officer has acknowledged its incident (receiver README, on purpose).
 * 4. no incident is closed unacknowledged.
 * 5. every caller eventually learns the fate of its alarm: from every state explored, a fair
 *    completion (flash healed, every frame delivered, an officer acknowledges) leaves no alarm
 *    unacked and every caller told `operator_ack` or `resolved` for its newest alarm, also
 *    across post power cuts: feedback in the link's queue (or owed) is RAM, so what the post
 *    still owes a caller must be in flash (a power cut after a reset, before the caller got
 *    `resolved`, must not leave it at "delivered"). `untold` counts the states where a power cut
 *    lost queued or owed feedback and the boot announced nothing to that caller.
 *    One exception, the README's on purpose: an alarm acked unrecorded because an officer had
 *    acknowledged it (flash refusing writes) and never written before a power cut is unknown to
 *    the booted post, which then cannot tell its caller anything (`forgotten`).
 */
import { createHash } from "node:crypto";
import { SETTINGS_DEFAULTS } from "../../firmware/core/config.ts";
import { HeartbeatStatus, type Message } from "../../firmware/core/frame/types.ts";
import type { FeedbackMessage, ReceiverOutput, ReceiverPolicy } from "../../firmware/core/policy/receiver.ts";
import type { Incident, IncidentBook } from "../../firmware/core/policy/receiver-ports.ts";
import { earliest, ticksAdd, ticksDiff, type Ticks } from "../../firmware/core/ticks.ts";
import { IncidentTable } from "../../receiver/incidents.ts";
import { bootPost, FaultyStore, worldCallers } from "./receiver-policy-world.ts";
import { acknowledgedByPhone, describeEscalationInput, DUTY, ESCALATION_INPUTS, EscalationModel, takenOf, type EscalationInput, type EscalationMutant, type Wire } from "./receiver-policy-escalation.ts";
import type { EscalationStep } from "../../firmware/core/escalation/escalation.ts";

/** One input of the world. */
export type WorldInput =
  | { kind: "press"; caller: number }
  | { kind: "copy"; caller: number; ackLost: boolean }
  | { kind: "heartbeat"; caller: number; stuck: boolean }
  | { kind: "deliver"; caller: number }
  | { kind: "give-up"; caller: number }
  | { kind: "caller-power-cut"; caller: number }
  | { kind: "acknowledge" }
  | { kind: "reset" }
  | { kind: "flash-fails" }
  | { kind: "flash-heals" }
  | { kind: "post-power-cut" }
  | { kind: "time-passes" }
  | { kind: "escalation"; input: EscalationInput };

export interface ExploreOptions {
  /** Callers in the world, 1…3. */
  callers: number;
  /** Longest input sequence explored. */
  depth: number;
  /** Alarms each caller may raise. Default 2. */
  alarmsPerCaller?: number;
  /** Post power cuts per sequence. Default 1. */
  postPowerCuts?: number;
  /** Stop after this many distinct states (a guard). Default 5 000 000. */
  maxStates?: number;
  /**
   * A deliberately broken post, to show that the check catches what it claims to (default none):
   * `ack-unrecorded`: the incident table swallows failed writes (the post acks alarms it could
   * not record); `forget-give-ups`: the post is never told that the link gave up on feedback;
   * `reset-closes-open`: reset acknowledges and closes every incident; `no-rearm`: a frame heard
   * does not re-arm the deadline timer; `ram-only-feedback`: the boot does not announce reset
   * incidents whose caller was not told (news owed kept in RAM only).
   */
  mutant?: "none" | "ack-unrecorded" | "forget-give-ups" | "reset-closes-open" | "no-rearm" | "ram-only-feedback";
  /**
   * Puts the post's escalation to the duty phones in the world (issue 14,
   * `receiver-policy-escalation.ts`): two duty numbers, the escalation's inputs, its invariants
   * E1…E6 and its fair completion. The callers' inputs are then pressed, the copy acked, and a
   * heartbeat with the button stuck (the rest of the callers' alphabet is covered without
   * escalation). Default false.
   */
  escalation?: boolean;
  /** A deliberately broken escalation or wiring (`EscalationMutant`); implies `escalation`. */
  escalationMutant?: EscalationMutant;
  /**
   * Run the fair completion from every state (default true). Off, only the invariants checked
   * after every step remain: the cheap way to show a mutant breaks one of those.
   */
  completions?: boolean;
}

/** The incident table as the policy sees it, each call forwarded unless overridden (the mutants). */
function tableView(t: IncidentTable, overrides: Partial<Omit<IncidentBook, "all" | "dirty" | "unacknowledged" | "untold">> & { dirty?: boolean; untold?: readonly Incident[] }): IncidentBook {
  return {
    get all() {
      return t.all;
    },
    get dirty() {
      return overrides.dirty ?? t.dirty;
    },
    get unacknowledged() {
      return t.unacknowledged;
    },
    get untold() {
      return overrides.untold ?? t.untold;
    },
    isNew: overrides.isNew ?? ((c, n, b) => t.isNew(c, n, b)),
    makeRoom: overrides.makeRoom ?? (() => t.makeRoom()),
    open: overrides.open ?? ((c, n, b) => t.open(c, n, b)),
    confirm: overrides.confirm ?? ((c, n, b) => t.confirm(c, n, b)),
    acknowledgeAll: overrides.acknowledgeAll ?? (() => t.acknowledgeAll()),
    resolveAcknowledged: overrides.resolveAcknowledged ?? (() => t.resolveAcknowledged()),
    told: overrides.told ?? ((c, n) => t.told(c, n)),
    flush: overrides.flush ?? (() => t.flush()),
  };
}

/** `ack-unrecorded`: writes never fail, as far as the policy can tell. */
function swallowingWrites(t: IncidentTable): IncidentBook {
  const quiet = <T>(f: () => T, otherwise: () => T): T => {
    try {
      return f();
    } catch {
      return otherwise();
    }
  };
  return tableView(t, {
    dirty: false,
    open: (c, n, b) => quiet(() => t.open(c, n, b), () => t.all.find((i) => i.caller === c && i.incident === n)),
    confirm: (c, n, b) => quiet(() => t.confirm(c, n, b), () => undefined),
    acknowledgeAll: () => quiet(() => t.acknowledgeAll(), () => t.all.filter((i) => i.state === "acknowledged")),
    resolveAcknowledged: () => quiet(() => t.resolveAcknowledged(), () => []),
    flush: () => quiet(() => t.flush(), () => undefined),
  });
}

/** `ram-only-feedback`: the post keeps no news owed in flash (issue 12's gap): the boot announces no reset incident. */
function ramOnlyFeedback(t: IncidentTable): IncidentBook {
  return tableView(t, { untold: [] });
}

/** `reset-closes-open`: reset closes every incident, acknowledged or not. */
function resetClosingOpen(t: IncidentTable): IncidentBook {
  return tableView(t, {
    resolveAcknowledged: () => {
      t.acknowledgeAll();
      return t.resolveAcknowledged();
    },
  });
}

export interface ExploreResult {
  /** Distinct states reached (state hashing), the initial one included. */
  states: number;
  /** Steps taken (input applications, every replay counted once). */
  transitions: number;
  /** Deepest level reached. */
  depth: number;
  /** Invariant violations, each with the input sequence that shows it (at most 20 kept). */
  violations: string[];
  /** States from which the fair completion was run. */
  completions: number;
  /**
   * States where some caller is `untold`: feedback queued or owed to it was lost with the post's
   * RAM at a power cut and the boot announced nothing to it (invariant 5 then fails unless a
   * later message tells it).
   */
  untold: number;
  /**
   * With escalation: states where a number got an SMS sooner after one sent before a post power
   * cut than the rate limit allows (the escalation's state is RAM; E5 in
   * `receiver-policy-escalation.ts`). 0 without escalation.
   */
  acrossBoots: number;
}

interface CallerModel {
  /** Alarms raised so far (the last one's number). */
  raised: number;
  /** Boot nonce (u32): starts at 1000 + node id, +1 at each power cut. */
  boot: number;
  /** The alarm awaiting its ack: number and boot nonce. */
  pending: { incident: number; boot: number } | undefined;
  /** Highest alarm number acked. */
  delivered: number;
  /** Highest incident number the caller was told about (`operator_ack` or `resolved`). */
  told: number;
  /** Uptime its next heartbeat carries, s. */
  uptimeS: number;
  stuck: boolean;
  /** Feedback the post's link is delivering to it, in order. */
  inbox: FeedbackMessage[];
  /** Feedback the link gave up on (the post owes it until it hears the caller). */
  owed: number;
  /**
   * Feedback for it was lost with the post's RAM at a power cut and the boot announced nothing to
   * it (see invariant 5 in the file comment).
   */
  untold: boolean;
  /** Boot nonce of its newest alarm acked. */
  deliveredBoot: number;
  /**
   * Its newest alarm was acked unrecorded (an officer had acknowledged it while flash refused
   * writes) and a post power cut came before any write of it: the booted post knows nothing of it
   * (the exception of invariant 5). Cleared by its next press.
   */
  forgotten: boolean;
}

const OFFLINE_AFTER_MS = SETTINGS_DEFAULTS.offlineAfterMs;
const START: Ticks = 0xffff_ffff - 200_000; // the tick wrap falls inside the explored histories

/** The world under exploration: rebuilt from the start for each sequence (policies are not cloneable). */
export class World {
  readonly store = new FaultyStore();
  readonly callers: CallerModel[];
  readonly entries;
  policy!: ReceiverPolicy;
  table!: IncidentTable;
  now: Ticks = START;
  postCuts = 0;
  /** An offline or stuck caller reported and no acknowledge since. */
  faultUnacked = false;
  /** A write failed since the last post boot, so a boot may remember less than RAM knew. */
  lostWrite = false;
  /** Incidents an officer acknowledged (`caller:incident`), closed or not. */
  readonly acknowledged = new Set<string>();
  /** Post boots after a lost write, where the model re-based its fault flag on what the post kept. */
  rebased = 0;
  readonly problems: string[] = [];

  readonly mutant: NonNullable<ExploreOptions["mutant"]>;
  /** The escalation to the duty phones, when in the world. */
  readonly esc: EscalationModel | undefined;
  /** What the current step's escalation reported taken, and the policy acknowledged by phone. */
  #taken: ReturnType<typeof takenOf> = [];
  #byPhone: ReturnType<typeof acknowledgedByPhone> = [];
  readonly #wire: Wire = { step: (s) => this.#escalationStep(s) };

  constructor(n: number, mutant: ExploreOptions["mutant"] = "none", escalation?: { mutant?: EscalationMutant }) {
    this.mutant = mutant;
    this.esc = escalation === undefined ? undefined : new EscalationModel(escalation.mutant);
    this.entries = worldCallers(n);
    this.callers = this.entries.map((e) => ({ raised: 0, boot: 1000 + e.nodeId, pending: undefined, delivered: 0, told: 0, uptimeS: 0, stuck: false, inbox: [], owed: 0, untold: false, deliveredBoot: 0, forgotten: false }));
    this.#boot();
  }

  #boot(): void {
    const post = bootPost(this.store, this.entries, this.now, OFFLINE_AFTER_MS, this.mutant === "ack-unrecorded" ? swallowingWrites : this.mutant === "reset-closes-open" ? resetClosingOpen : this.mutant === "ram-only-feedback" ? ramOnlyFeedback : undefined);
    this.policy = post.policy;
    this.table = post.incidents;
    this.#apply(post.outputs, "boot");
    this.esc?.booted(this.policy, this.now, this.#wire); // after the policy's start, as receiver/app.ts does
  }

  /** Virtual ms since the world began. */
  get nowMs(): number {
    return ticksDiff(this.now, START);
  }

  /** `caller#incident` of every incident open and unacknowledged at the post. */
  openAtPost(): Set<string> {
    return new Set(this.table.all.filter((i) => i.state === "open").map((i) => `c${i.caller}#${i.incident}`));
  }

  /** Carries out an escalation step as `PostEscalation.apply` does: commands, events, then `onTaken`. */
  #escalationStep(s: EscalationStep): void {
    const esc = this.esc!;
    const open = this.openAtPost();
    esc.observe(s, this.nowMs, (k) => open.has(k));
    this.#taken.push(...takenOf(s));
    if (s.taken && esc.mutant !== "taken-not-acknowledged") {
      const outputs = this.policy.takenByPhone(s.taken.incidents, s.taken.by);
      this.#byPhone.push(...acknowledgedByPhone(outputs));
      this.#apply(outputs, "taken by phone");
    }
  }

  /** Moves time to `target`, firing the post's deadline timers (policy and escalation) at each deadline on the way. */
  #advanceTo(target: Ticks): void {
    let last: Ticks | undefined;
    for (let guard = 0; guard < 1000; guard++) {
      const d = earliest(this.policy.nextDeadline(this.now), this.esc?.escalation.deadline());
      if (d === undefined || ticksDiff(d, target) > 0) break;
      if (ticksDiff(d, this.now) > 0) this.now = d;
      else if (last === this.now) {
        this.problems.push(`a deadline ${ticksDiff(this.now, d)} ms in the past is never served`);
        break;
      }
      last = this.now;
      this.#apply(this.policy.poll(this.now), "poll");
      if (this.esc) this.#escalationStep(this.esc.escalation.tick(this.now));
    }
    if (ticksDiff(target, this.now) > 0) this.now = target;
  }

  #peer(i: number): CallerModel {
    return this.callers[i - 1]!;
  }

  /** Carries out outputs: sends go to the caller's inbox; faults reported set the model's flag. */
  #apply(outputs: readonly ReceiverOutput[], what: string): void {
    for (const o of outputs) {
      if (o.kind === "send") this.#peer(o.peer).inbox.push(o.message);
      else if (o.kind === "record" && (o.event === "caller_offline" || o.event === "caller_button_stuck")) this.faultUnacked = true;
      else if (o.kind === "record" && o.event === "incident_acknowledged") this.acknowledged.add(`${o.caller}:${o.incident}`);
      else if (o.kind === "event" && o.event === "store_error") this.lostWrite = true;
      if (this.esc && (o.kind === "record" || o.kind === "event")) this.esc.receiverEvent(this.now, o.event, o.fields, this.#wire);
    }
    void what;
  }

  #hear(i: number, message: Message): boolean {
    this.#peer(i).owed = 0; // the post resends what it owes (or drops a moot ack) when it hears the caller
    const heard = this.policy.heard(i, this.now).filter((o) => this.mutant !== "no-rearm" || o.kind !== "rearm");
    if (!heard.some((o) => o.kind === "rearm")) this.problems.push("invariant 2: a frame heard did not re-arm supervision");
    this.#apply(heard, "heard");
    const { ack, outputs } = this.policy.message(i, message, this.now);
    this.#apply(outputs, "message");
    return ack;
  }

  /** Whether `input` can happen in this state (keeps the tree free of no-op branches). */
  enabled(input: WorldInput, o: { alarmsPerCaller: number; postPowerCuts: number }): boolean {
    switch (input.kind) {
      case "press":
        return this.#peer(input.caller).pending === undefined && this.#peer(input.caller).raised < o.alarmsPerCaller;
      case "copy":
        return this.#peer(input.caller).pending !== undefined;
      case "deliver":
      case "give-up":
        return this.#peer(input.caller).inbox.length > 0;
      case "flash-fails":
        return !this.store.failing;
      case "flash-heals":
        return this.store.failing;
      case "post-power-cut":
        return this.postCuts < o.postPowerCuts;
      case "escalation":
        return this.esc !== undefined && this.esc.enabled(input.input);
      default:
        return true;
    }
  }

  step(input: WorldInput): void {
    const before = new Map(this.table.all.map((i) => [`${i.caller}:${i.incident}`, i.state]));
    const openBefore = this.openAtPost();
    this.#taken = [];
    this.#byPhone = [];
    let outputs: ReceiverOutput[] = [];
    switch (input.kind) {
      case "press": {
        const c = this.#peer(input.caller);
        c.raised++;
        c.pending = { incident: c.raised, boot: c.boot };
        c.forgotten = false;
        break;
      }
      case "copy": {
        const c = this.#peer(input.caller);
        const { incident, boot } = c.pending!;
        const ack = this.#hear(input.caller, { kind: "alarm", incident, boot });
        if (ack) this.#checkRecorded(input.caller, incident, boot);
        if (ack && !input.ackLost) {
          c.pending = undefined;
          if (incident >= c.delivered) c.deliveredBoot = boot;
          c.delivered = Math.max(c.delivered, incident);
        }
        break;
      }
      case "heartbeat": {
        const c = this.#peer(input.caller);
        c.stuck = input.stuck;
        c.uptimeS += 30;
        this.#hear(input.caller, { kind: "heartbeat", status: input.stuck ? HeartbeatStatus.stuckButton : 0, uptimeS: c.uptimeS });
        break;
      }
      case "deliver": {
        const c = this.#peer(input.caller);
        const m = c.inbox.shift()!;
        c.told = Math.max(c.told, m.incident);
        outputs = this.policy.delivered(input.caller, m); // the caller's link ack reaches the post
        break;
      }
      case "give-up": {
        const c = this.#peer(input.caller);
        const m = c.inbox.shift()!;
        if (this.mutant === "forget-give-ups") break;
        this.policy.gaveUp(input.caller, m);
        c.owed++;
        break;
      }
      case "caller-power-cut": {
        const c = this.#peer(input.caller);
        c.boot++;
        c.uptimeS = 0;
        break;
      }
      case "acknowledge":
        outputs = this.policy.operator("acknowledge");
        this.faultUnacked = false;
        break;
      case "reset":
        outputs = this.policy.operator("reset");
        break;
      case "flash-fails":
        this.store.failing = true;
        break;
      case "flash-heals":
        this.store.failing = false;
        break;
      case "post-power-cut":
        this.postCuts++;
        const lost = this.callers.map((c) => c.inbox.length + c.owed > 0);
        const stored = new IncidentTable(this.store.clone());
        this.callers.forEach((c, i) => {
          if (c.delivered > 0 && c.delivered === c.raised && stored.isNew(i + 1, c.delivered, c.deliveredBoot)) c.forgotten = true;
        });
        for (const c of this.callers) {
          c.inbox = []; // the link's queue was RAM, and so was what the post owed
          c.owed = 0;
        }
        this.#boot();
        this.callers.forEach((c, i) => {
          if (lost[i] && c.inbox.length === 0) c.untold = true;
        });
        if (this.lostWrite) {
          // The post acts on what its flash kept: a fault reported while writes failed is
          // forgotten until supervision finds it again (a stuck button at the caller's next
          // heartbeat, a dead caller one timeout after the boot).
          this.faultUnacked = this.policy.faultUnacknowledged;
          this.rebased++;
        }
        this.lostWrite = false;
        break;
      case "time-passes":
        this.#advanceTo(ticksAdd(this.now, OFFLINE_AFTER_MS));
        break;
      case "escalation": {
        const esc = this.esc!;
        if (input.input.kind === "escalation-due") {
          const d = esc.escalation.deadline()!;
          this.#advanceTo(ticksDiff(d, this.now) > 0 ? d : this.now);
        } else this.#escalationStep(esc.input(this.now, input.input));
        break;
      }
    }
    this.#apply(outputs, input.kind);
    for (const o of outputs) {
      if (o.kind === "record" && o.event === "incident_resolved" && before.get(`${o.caller}:${o.incident}`) !== "acknowledged") {
        this.problems.push(`invariant 4: incident ${o.caller}:${o.incident} closed while ${before.get(`${o.caller}:${o.incident}`) ?? "unknown"}`);
      }
    }
    this.#checkState();
    if (this.esc) {
      this.esc.checkStep({ kind: input.kind, ...(input.kind === "escalation" ? { input: input.input } : {}) }, openBefore, this.openAtPost(), this.#byPhone, this.#taken);
      this.problems.push(...this.esc.problems.splice(0));
    }
  }

  /** Invariant 3: acked ⇒ a post booted from the store now would know the alarm, or its incident is acknowledged. */
  #checkRecorded(caller: number, incident: number, boot: number): void {
    const stored = new IncidentTable(this.store.clone());
    if (!stored.isNew(caller, incident, boot)) return;
    const inc = this.table.all.find((i) => i.caller === caller && (i.incident === incident || i.last === incident));
    if (inc?.state === "acknowledged" || this.acknowledged.has(`${caller}:${incident}`)) return;
    this.problems.push(`invariant 3: alarm ${caller}:${boot}:${incident} acked but not in flash`);
  }

  /** Invariants 1 and 2. */
  #checkState(): void {
    const s = this.policy.status();
    const open = this.table.all.some((i) => i.state === "open");
    const faultPresent = s.offline.length + s.stuck.length > 0;
    const fault = (faultPresent && this.faultUnacked) || this.table.dirty;
    const want = open ? "alarm" : fault ? "fault" : "quiet";
    if (s.siren !== want) this.problems.push(`invariant 1: siren ${s.siren}, expected ${want}`);
    const offline = new Set(s.offline);
    if (offline.size < this.entries.length) {
      const d = this.policy.nextDeadline(this.now);
      if (d === undefined || ticksDiff(d, this.now) > OFFLINE_AFTER_MS) this.problems.push(`invariant 2: a caller not offline and no deadline within the timeout (${d})`);
    }
  }

  /** Invariant 5: the fair completion; returns the problems it finds (the world is used up). */
  complete(): string[] {
    const out: string[] = [];
    this.store.failing = false;
    const round = () => {
      for (let i = 1; i <= this.callers.length; i++) {
        const c = this.#peer(i);
        this.step({ kind: "heartbeat", caller: i, stuck: false });
        if (c.pending !== undefined) this.step({ kind: "copy", caller: i, ackLost: false });
        while (c.inbox.length) this.step({ kind: "deliver", caller: i });
      }
    };
    round();
    round();
    if (this.esc) out.push(...this.#completeEscalation());
    this.step({ kind: "acknowledge" });
    round();
    for (let i = 1; i <= this.callers.length; i++) {
      const c = this.#peer(i);
      if (c.pending !== undefined) out.push(`invariant 5: c${i}'s alarm ${c.pending.incident} still unacked after the completion`);
      else if (c.told < c.raised && !c.forgotten) out.push(`invariant 5: c${i} raised alarm ${c.raised} but was told about ${c.told || "none"}${c.untold ? " (its feedback lost at a post power cut)" : ""}`);
    }
    return out;
  }

  /**
   * The escalation's fair completion (nobody at the post; the modem serves every command at
   * once; nobody answers a call; time passes to each deadline): every incident open and
   * unacknowledged at the post is texted to every duty number and called in two rounds; then
   * the first officer replies to the running escalation, which takes its incidents, and both
   * officers are told (the taker confirmed, the other told who took it).
   */
  #completeEscalation(): string[] {
    const esc = this.esc!;
    const out: string[] = [];
    const open0 = this.openAtPost();
    esc.calls.clear();
    const rounds = 2 * DUTY.length;
    const served = (keys: ReadonlySet<string>) => [...keys].every((k) => !this.openAtPost().has(k) || ((esc.texted.get(k)?.size ?? 0) === DUTY.length && (esc.calls.get(k) ?? 0) >= rounds));
    const serve = (until: () => boolean) => {
      for (let guard = 0; guard < 200 && !until(); guard++) {
        const o = esc.outstanding;
        if (o?.op === "sms") this.step({ kind: "escalation", input: { kind: "sms-result", ok: true } });
        else if (o?.op === "dial") this.step({ kind: "escalation", input: o.hangingUp ? { kind: "call-hung-up" } : { kind: "call", what: "no_answer" } });
        else if (esc.escalation.deadline() !== undefined) this.step({ kind: "escalation", input: { kind: "escalation-due" } });
        else break;
      }
    };
    serve(() => served(open0));
    for (const k of open0) {
      if (!this.openAtPost().has(k)) continue;
      const texted = esc.texted.get(k)?.size ?? 0;
      const calls = esc.calls.get(k) ?? 0;
      if (texted < DUTY.length || calls < rounds) out.push(`invariant E0: ${k} open and unacknowledged at the post, texted to ${texted} of ${DUTY.length} duty numbers and called ${calls} times (at least ${rounds}) with nobody answering`);
    }
    const active = esc.inside.active;
    if (out.length === 0 && active !== undefined) {
      const n = active.n;
      this.step({ kind: "escalation", input: { kind: "reply", from: 0, names: n } });
      const told = () => DUTY.every((d) => esc.told.get(`${d.phone}/${esc.boot}:${n}`) === 1);
      serve(told);
      if (!told()) out.push(`invariant E4: escalation ${n} taken by ${DUTY[0].name}, but told: ${DUTY.map((d) => `${d.name} ${esc.told.get(`${d.phone}/${esc.boot}:${n}`) ?? 0}`).join(", ")}`);
    }
    return out;
  }

  /** The state, canonical: the post's RAM and flash, the callers, the model's flags (a SHA-1 digest). */
  hash(): string {
    const callers = this.callers.map((c) => [c.raised, c.boot, c.pending?.incident ?? 0, c.pending?.boot ?? 0, c.delivered, c.told, c.uptimeS, c.stuck, c.inbox.map((m) => `${m.kind}${m.incident}`).join(","), c.owed, c.untold, c.deliveredBoot, c.forgotten]);
    const incidents = this.table.all.map((i) => `${i.caller}:${i.incident}:${i.state}:${i.presses ?? 1}:${i.last ?? 0}`).join(",");
    const state = JSON.stringify([this.policy.snapshot(this.now), incidents, this.store.dump(), this.store.failing, callers, this.postCuts, this.faultUnacked, this.lostWrite, [...this.acknowledged].sort(), this.esc?.hash(this.now, this.nowMs) ?? null]);
    return createHash("sha1").update(state).digest("base64");
  }
}

/** Every input of an `n`-caller world (each is tried; `World.enabled` drops those that cannot happen). */
function allInputs(n: number, escalation = false): WorldInput[] {
  const out: WorldInput[] = [];
  if (escalation) {
    for (let caller = 1; caller <= n; caller++) out.push({ kind: "press", caller }, { kind: "copy", caller, ackLost: false }, { kind: "heartbeat", caller, stuck: true });
    out.push({ kind: "acknowledge" }, { kind: "reset" }, { kind: "flash-fails" }, { kind: "flash-heals" }, { kind: "post-power-cut" }, { kind: "time-passes" });
    for (const input of ESCALATION_INPUTS) out.push({ kind: "escalation", input });
    return out;
  }
  for (let caller = 1; caller <= n; caller++) {
    out.push({ kind: "press", caller }, { kind: "copy", caller, ackLost: false }, { kind: "copy", caller, ackLost: true });
    out.push({ kind: "heartbeat", caller, stuck: false }, { kind: "heartbeat", caller, stuck: true });
    out.push({ kind: "deliver", caller }, { kind: "give-up", caller }, { kind: "caller-power-cut", caller });
  }
  out.push({ kind: "acknowledge" }, { kind: "reset" }, { kind: "flash-fails" }, { kind: "flash-heals" }, { kind: "post-power-cut" }, { kind: "time-passes" });
  return out;
}

export function describeInput(i: WorldInput): string {
  if (i.kind === "escalation") return describeEscalationInput(i.input);
  const who = "caller" in i ? ` c${i.caller}` : "";
  const extra = i.kind === "copy" && i.ackLost ? " (ack lost)" : i.kind === "heartbeat" && i.stuck ? " (stuck)" : "";
  return `${i.kind}${who}${extra}`;
}

/**
 * Explores every input sequence up to `depth` breadth first; a state already reached is not
 * expanded again. Each state is rebuilt by replaying its sequence from the start.
 */
export function explore(options: ExploreOptions): ExploreResult {
  const o: Required<Omit<ExploreOptions, "escalationMutant">> & Pick<ExploreOptions, "escalationMutant"> = { alarmsPerCaller: 2, postPowerCuts: 1, maxStates: 5_000_000, mutant: "none", escalation: false, completions: true, ...options };
  const escalation = o.escalation || o.escalationMutant !== undefined ? { ...(o.escalationMutant === undefined ? {} : { mutant: o.escalationMutant }) } : undefined;
  const inputs = allInputs(o.callers, escalation !== undefined);
  const seen = new Set<string>();
  const violations: string[] = [];
  let transitions = 0;
  let completions = 0;
  let reached = 0;
  let untold = 0;
  let acrossBoots = 0;
  const replay = (path: readonly number[]): World => {
    const w = new World(o.callers, o.mutant, escalation);
    for (const k of path) {
      w.step(inputs[k]!);
      transitions++;
    }
    return w;
  };
  const report = (path: readonly number[], problems: readonly string[]) => {
    if (violations.length >= 20) return;
    violations.push(`${problems[0]} after: ${path.map((k) => describeInput(inputs[k]!)).join(", ") || "(boot)"}`);
  };
  const root = new World(o.callers, o.mutant, escalation);
  seen.add(root.hash());
  let frontier: number[][] = [[]];
  for (let level = 0; level < o.depth && frontier.length > 0 && seen.size < o.maxStates; level++) {
    const next: number[][] = [];
    for (const path of frontier) {
      const probe = replay(path);
      for (let k = 0; k < inputs.length; k++) {
        if (!probe.enabled(inputs[k]!, o)) continue;
        const w = replay(path);
        w.step(inputs[k]!);
        transitions++;
        const child = [...path, k];
        if (w.problems.length) {
          report(child, w.problems);
          continue;
        }
        const h = w.hash();
        if (seen.has(h)) continue;
        seen.add(h);
        reached = level + 1;
        if (w.callers.some((c) => c.untold)) untold++;
        if (w.esc) acrossBoots += w.esc.acrossBoots > 0 ? 1 : 0;
        if (o.completions) {
          completions++;
          const left = [...w.complete(), ...w.problems];
          if (left.length) report(child, left);
        }
        next.push(child);
      }
    }
    frontier = next;
  }
  return { states: seen.size, transitions, depth: reached, violations, completions, untold, acrossBoots };
}
