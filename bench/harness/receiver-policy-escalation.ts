/**
 * The escalation part of the receiver's exhaustive check (issue 14): the core `Escalation` fed by
 * the receiver policy's outputs as the receiver wires them (`firmware/stack/post-escalation.ts`:
 * `receiverEvent`, `restore`, `onTaken` → `ReceiverPolicy.takenByPhone`), with inputs at the
 * escalation's level, not AT bytes: the modem's results (SMS submitted or refused; a call
 * connected, answered with key 1, not answered, busy, ended after our hang-up), SMS replies
 * from the duty numbers and from a stranger naming the running, an old or a wrong alarm, and
 * time passing to the escalation's next deadline (escalate-after, call timeout, round pause,
 * rate limit, retry). The world (`receiver-policy-explore.ts`) adds the post's button, flash
 * failures and a post power cut (the escalation restored from what the policy kept).
 *
 * Invariants checked after every step (E1…E6, see `EscalationModel.check` and `complete`):
 * - E1 a call is placed, and an alarm text issued, only for an escalation none of whose
 *   incidents is taken, while one of them is open and unacknowledged at the post (a fault is
 *   never called);
 * - E2 an incident is acknowledged only by the post's button, a duty number's reply naming the
 *   running escalation, or key 1 on a call to a duty number; any other reply and a call merely
 *   "connected" change nothing (no acknowledge, no `escalation_taken`);
 * - E3 a reply or key takes exactly the incidents of the escalation it names, no more;
 * - E4 "taken" and "confirm" texts: at most one per number and escalation;
 * - E5 rate limit: no number gets two SMS closer than `smsMinIntervalMs`, nor more than
 *   `smsPerHour` in any hour, counted in the world's virtual time; the periodic test SMS waits for
 *   the limit but is not counted against it (the policy's rule: it never holds back an alarm). Within one boot of the post:
 *   the escalation's state is RAM, so after a post power cut it texts an open alarm again
 *   `escalateAfterMs` after the boot, maybe sooner than the limit after the text before the cut.
 *   On purpose: a post in a power-cut loop must still text (a missed alarm is worse than a
 *   second SMS); `acrossBoots` counts those states;
 * - E6 the siren follows: after an alarm taken by phone every incident it took is acknowledged
 *   at the post (invariant 1 of the world then puts the siren where the policy says).
 * And from every state a fair completion (the modem serves, nobody answers, time passes, then a
 * duty officer replies to the running alarm): every incident open and unacknowledged at the post
 * is texted to every duty number and called in at least two rounds (also after a post power
 * cut: the restore), and once an officer takes it the other is told who took it.
 */
import { Escalation, type EscalationStep, type ModemCommand } from "../../firmware/core/escalation/escalation.ts";
import { ESCALATION_DEFAULTS, type EscalationSettings } from "../../firmware/core/escalation/settings.ts";
import type { ReceiverOutput, ReceiverPolicy } from "../../firmware/core/policy/receiver.ts";
import { ticksDiff, type Ticks } from "../../firmware/core/ticks.ts";

/** The two duty officers of the small world, and a number not on the list. */
export const DUTY = [
  { phone: "+84901000001", name: "An" },
  { phone: "+84901000002", name: "Bình" },
] as const;
export const STRANGER = "+84987654321";

/** The settings of the world: the defaults, two duty numbers. */
export const WORLD_ESCALATION: EscalationSettings = { ...ESCALATION_DEFAULTS, duty: DUTY };

/** One escalation-level input. */
export type EscalationInput =
  | { kind: "escalation-due" }
  | { kind: "sms-result"; ok: boolean }
  | { kind: "call"; what: "connected" | "key-1" | "no_answer" | "busy" }
  | { kind: "call-hung-up" }
  | { kind: "reply"; from: 0 | 1 | "stranger"; names: number };

/** The escalation inputs of the world (each tried; `enabled` drops those that cannot happen). */
export const ESCALATION_INPUTS: readonly EscalationInput[] = [
  { kind: "escalation-due" },
  { kind: "sms-result", ok: true },
  { kind: "sms-result", ok: false },
  { kind: "call", what: "connected" },
  { kind: "call", what: "key-1" },
  { kind: "call", what: "no_answer" },
  { kind: "call", what: "busy" },
  { kind: "call-hung-up" },
  { kind: "reply", from: 0, names: 1 },
  { kind: "reply", from: 0, names: 2 },
  { kind: "reply", from: 1, names: 1 },
  { kind: "reply", from: "stranger", names: 1 },
  { kind: "reply", from: 1, names: 9 },
];

export function describeEscalationInput(i: EscalationInput): string {
  switch (i.kind) {
    case "sms-result":
      return i.ok ? "sms submitted" : "sms refused";
    case "call":
      return `call ${i.what}`;
    case "reply":
      return `reply "OK ${i.names}" from ${i.from === "stranger" ? "a stranger" : DUTY[i.from].name}`;
    default:
      return i.kind;
  }
}

/**
 * A deliberately broken escalation or wiring, to show the check catches what it claims:
 * `no-restore`: the boot does not hand the escalation the incidents restored from flash;
 * `stranger-takes`: a reply from any number counts as the first officer's;
 * `reply-takes-running`: a reply takes the running escalation whatever number it names;
 * `connected-takes`: a call "connected" counts as key 1 (SIMCom reports it at ringback);
 * `deaf-to-the-post`: the post's acknowledge is not passed to the escalation (it calls on);
 * `no-rate-limit`: the escalation is built with no rate limit;
 * `calls-faults`: the wiring passes a caller offline as an incident;
 * `taken-not-acknowledged`: an alarm taken by phone is not acknowledged at the post.
 */
export type EscalationMutant = "no-restore" | "stranger-takes" | "reply-takes-running" | "connected-takes" | "deaf-to-the-post" | "no-rate-limit" | "calls-faults" | "taken-not-acknowledged";

/** The escalation's private state, read for the state hash and the model (a harness, not an API). */
interface Inside {
  incidents: Map<string, { key: string; openedAt: Ticks; alarm?: number }>;
  faults: Map<string, { since: Ticks; texted: boolean }>;
  taken: Set<number>;
  told: Map<string, Set<number>>;
  faultTold: Map<string, Set<string>>;
  answeredAt: Map<string, Ticks>;
  sentAt: Map<string, Ticks[]>;
  jobs: { to: string; merge: string; kind: string; escalation?: number; names?: number[]; fault?: string; notBefore?: Ticks; attempt: number; text: string; heldReported?: boolean }[];
  active: { n: number; alarms: Map<number, { caller: string; keys: Set<string> }>; round: number; next: number; pauseUntil?: Ticks; pauseAfterCall: boolean } | undefined;
  busy: { op: "sms"; job: { to: string; kind: string; escalation?: number } } | { op: "dial"; to: string; n: number; alarms: number[]; at: Ticks; hangingUp: boolean } | undefined;
  ready: boolean;
  nextN: number;
}

/** The command the modem is carrying out. */
type Outstanding = { op: "sms"; id: number; to: string; kind: string; escalation: number | undefined } | { op: "dial"; id: number; to: string; escalation: number; hangingUp: boolean };

const HOUR_MS = 3_600_000;

/** The escalation of one post boot, its modem, the phones' record, and the invariants' model. */
export class EscalationModel {
  readonly settings: EscalationSettings;
  readonly mutant: EscalationMutant | undefined;
  escalation!: Escalation;
  /** Post boots so far (escalation numbers restart at each: the model keys them by boot). */
  boot = 0;
  outstanding: Outstanding | undefined;
  /** Members of each escalation of this boot (`caller#incident`), from its events. */
  readonly members = new Map<number, Set<string>>();
  /** Alarm numbers taken (by phone or at the post); numbers are never given twice, even across boots. */
  readonly takenN = new Set<number>();
  /** Virtual ms of every SMS submitted, per number, with the post boot it was sent in (all boots). */
  readonly sent = new Map<string, { ms: number; boot: number }[]>();
  /**
   * SMS sent closer to one of an earlier boot than the rate limit allows: the escalation's state
   * is RAM, so after a post power cut an open alarm is texted again `escalateAfterMs` after the
   * boot (on purpose: a post in a power-cut loop must still text; see E5).
   */
  acrossBoots = 0;
  /** `to/kind/boot:n` of every taken/confirm/closed text submitted. */
  readonly told = new Map<string, number>();
  /** Per incident `caller#incident` (this boot): duty numbers texted an alarm or update naming it. */
  readonly texted = new Map<string, Set<string>>();
  /** Per incident (this boot): calls placed for an escalation it was in. */
  readonly calls = new Map<string, number>();
  /** An escalation started in some boot (replies are tried only then). */
  started = false;
  readonly problems: string[] = [];

  constructor(mutant: EscalationMutant | undefined) {
    this.mutant = mutant;
    this.settings = mutant === "no-rate-limit" ? { ...WORLD_ESCALATION, smsMinIntervalMs: 0, smsPerHour: 60 } : WORLD_ESCALATION;
  }

  get inside(): Inside {
    return this.escalation as unknown as Inside;
  }

  /**
   * A post boot: a new escalation (its state was RAM), not ready until the modem's first health
   * check (which passes at once here), then handed what the policy restored (PostEscalation.restore).
   */
  booted(policy: ReceiverPolicy, now: Ticks, wire: Wire): void {
    this.boot++;
    this.outstanding = undefined; // the modem restarts with the post
    this.members.clear();
    this.takenN.clear();
    this.texted.clear();
    this.calls.clear();
    this.escalation = new Escalation({ ...this.settings, postName: "Post" });
    wire.step(this.escalation.modemReady(now, false));
    wire.step(this.escalation.modemReady(now, true));
    if (this.mutant === "no-restore") return;
    const restored = policy.restored();
    for (const i of restored.incidents) if (!i.acknowledged) this.receiverEvent(now, "incident_opened", { caller: i.caller, incident: i.incident, name: i.caller }, wire);
    for (const caller of restored.offline) this.receiverEvent(now, "caller_offline", { caller, name: caller }, wire);
    for (const caller of restored.stuck) this.receiverEvent(now, "caller_button_stuck", { caller, name: caller }, wire);
  }

  /** One of the receiver's events, as `PostEscalation.receiverEvent` feeds it. */
  receiverEvent(now: Ticks, event: string, fields: Readonly<Record<string, unknown>>, wire: Wire): void {
    const e = this.escalation;
    const caller = String(fields.caller ?? "");
    const place = typeof fields.name === "string" && fields.name !== "" ? fields.name : caller;
    const incident = typeof fields.incident === "number" ? fields.incident : -1;
    switch (event) {
      case "incident_opened":
        return wire.step(e.incidentOpened(now, { caller, incident, place }));
      case "incident_acknowledged":
        if (this.mutant === "deaf-to-the-post" && fields.by === undefined) return;
        return wire.step(e.incidentAcknowledged(now, caller, incident));
      case "incident_resolved":
        return wire.step(e.incidentResolved(now, caller, incident));
      case "caller_offline":
        if (this.mutant === "calls-faults") return wire.step(e.incidentOpened(now, { caller, incident: 0, place }));
        return wire.step(e.fault(now, { kind: "caller_offline", caller, place }));
      case "caller_button_stuck":
        return wire.step(e.fault(now, { kind: "caller_button_stuck", caller, place }));
      case "caller_online":
        return wire.step(e.faultCleared(now, "caller_offline", caller));
      case "caller_button_released":
        return wire.step(e.faultCleared(now, "caller_button_stuck", caller));
    }
  }

  /** Whether `input` can happen now. */
  enabled(input: EscalationInput): boolean {
    const o = this.outstanding;
    switch (input.kind) {
      case "escalation-due":
        return this.escalation.deadline() !== undefined;
      case "sms-result":
        return o?.op === "sms";
      case "call":
        return o?.op === "dial" && !o.hangingUp;
      case "call-hung-up":
        return o?.op === "dial" && o.hangingUp;
      case "reply":
        return this.started;
    }
  }

  /**
   * Carries out an escalation input (`escalation-due` is the world's: it moves time).
   * @returns the step, for the wiring to apply.
   */
  input(now: Ticks, input: EscalationInput): EscalationStep {
    const e = this.escalation;
    const o = this.outstanding;
    switch (input.kind) {
      case "sms-result":
        this.outstanding = undefined;
        return e.smsResult(now, o!.id, input.ok, input.ok ? undefined : "+CMS ERROR: Unknown error");
      case "call":
        if (input.what === "connected") return this.mutant === "connected-takes" ? e.dtmf(now, "1") : e.callProgress(now, o!.id, "connected");
        if (input.what === "key-1") return e.dtmf(now, "1");
        this.outstanding = undefined;
        return e.callEnded(now, o!.id, input.what);
      case "call-hung-up":
        this.outstanding = undefined;
        return e.callEnded(now, o!.id, "hung_up");
      case "reply": {
        let from = input.from === "stranger" ? STRANGER : DUTY[input.from].phone;
        let names = input.names;
        if (this.mutant === "stranger-takes" && from === STRANGER) from = DUTY[0].phone;
        if (this.mutant === "reply-takes-running" && this.inside.active) names = this.inside.active.n;
        return e.smsReceived(now, from, `OK ${names}`);
      }
      default:
        throw new Error(`not an input of the escalation: ${input.kind}`);
    }
  }

  /**
   * Records what a step asked of the modem and reported, and checks E1, E4, E5 on it.
   * @param atMs the world's virtual time, ms since its start.
   * @param isOpen whether `caller#incident` is open and unacknowledged at the post now.
   */
  observe(step: EscalationStep, atMs: number, isOpen: (key: string) => boolean): void {
    for (const ev of step.events) {
      const f = ev as unknown as Record<string, unknown>;
      if (ev.event === "escalation_started") {
        this.started = true;
        this.members.set(Number(f.escalation), new Set(String(f.incidents).split(" ").filter((k) => k !== "")));
      } else if (ev.event === "escalation_joined") this.#joined(Number(f.escalation), String(f.caller), `${String(f.caller)}#${String(f.incident)}`);
      else if (ev.event === "escalation_taken") for (const a of String(f.alarms ?? "").split(" ").filter((x) => x !== "")) this.takenN.add(Number(a));
      else if (ev.event === "escalation_sms_sent") this.#sent(String(f.to), String(f.kind), f.escalation === undefined ? undefined : Number(f.escalation), atMs);
    }
    for (const c of step.commands) this.#command(c, isOpen);
  }

  #command(c: ModemCommand, isOpen: (key: string) => boolean): void {
    if (c.op === "hang_up") {
      if (this.outstanding?.op === "dial") this.outstanding.hangingUp = true;
      return;
    }
    if (this.outstanding !== undefined) this.problems.push(`escalation: ${c.op} issued while the modem is busy with ${this.outstanding.op}`);
    const busy = this.inside.busy;
    if (c.op === "dial") {
      const n = busy?.op === "dial" ? busy.n : -1;
      this.outstanding = { op: "dial", id: c.id, to: c.to, escalation: n, hangingUp: false };
      this.#forAlarm(n, busy?.op === "dial" ? busy.alarms : [], "call", isOpen);
      for (const k of this.members.get(n) ?? []) this.calls.set(k, (this.calls.get(k) ?? 0) + 1);
    } else {
      const job = busy?.op === "sms" ? busy.job : undefined;
      this.outstanding = { op: "sms", id: c.id, to: c.to, kind: job?.kind ?? "?", escalation: job?.escalation };
      if (job?.kind === "alarm") this.#forAlarm(job.escalation ?? -1, (job as { names?: number[] }).names ?? [], `${job.kind} text`, isOpen);
    }
  }

  /** E1: a call or alarm text is for an escalation that started, for alarms not all taken, with an incident open at the post. */
  #forAlarm(n: number, alarms: readonly number[], what: string, isOpen: (key: string) => boolean): void {
    const members = this.members.get(n);
    if (!members) return void this.problems.push(`invariant E1: a ${what} for escalation ${n}, which never started`);
    if (alarms.length > 0 && alarms.every((a) => this.takenN.has(a))) return void this.problems.push(`invariant E1: a ${what} for alarms ${alarms.join(" ")} after they were taken`);
    if (![...members].some(isOpen)) this.problems.push(`invariant E1: a ${what} for escalation ${n} (${[...members].join(" ")}) with none of its incidents open and unacknowledged at the post`);
  }

  /**
   * An incident joined escalation `n`. A further press of a place already in that escalation is
   * the same alarm (one alarm per place: `firmware/core/escalation/escalation.ts`, "joins that
   * alarm, texted to nobody"), so the numbers already texted about that place's alarm have been
   * told of it: the new incident starts with their texts (E0 counts them). A new place starts
   * with none and is texted on its own.
   */
  #joined(n: number, caller: string, key: string): void {
    const members = this.members.get(n);
    if (members === undefined) return;
    const told = new Set<string>();
    for (const k of members) if (k.startsWith(`${caller}#`)) for (const to of this.texted.get(k) ?? []) told.add(to);
    members.add(key);
    if (told.size > 0) this.texted.set(key, new Set([...(this.texted.get(key) ?? []), ...told]));
  }

  #sent(to: string, kind: string, n: number | undefined, atMs: number): void {
    const times = this.sent.get(to) ?? [];
    const last = times.at(-1);
    const inHour = (boot?: number) => times.filter((t) => atMs - t.ms < HOUR_MS && (boot === undefined || t.boot === boot)).length;
    if (last !== undefined && atMs - last.ms < this.limit.smsMinIntervalMs) {
      if (last.boot === this.boot) this.problems.push(`invariant E5: ${to} got two SMS ${atMs - last.ms} ms apart (at least ${this.limit.smsMinIntervalMs})`);
      else this.acrossBoots++;
    } else if (inHour() >= this.limit.smsPerHour && inHour(this.boot) < this.limit.smsPerHour) this.acrossBoots++;
    if (inHour(this.boot) >= this.limit.smsPerHour) this.problems.push(`invariant E5: ${to} got ${inHour(this.boot) + 1} SMS within an hour (at most ${this.limit.smsPerHour})`);
    // The periodic test SMS waits for the limit but is not counted against it, so it never holds
    // back an alarm text (firmware/core/escalation/escalation.ts, "Test SMS").
    if (kind !== "test") times.push({ ms: atMs, boot: this.boot });
    this.sent.set(to, times);
    if (kind === "taken" || kind === "confirm") {
      const key = `${to}/${this.boot}:${n}`;
      const count = (this.told.get(key) ?? 0) + 1;
      this.told.set(key, count);
      if (count > 1) this.problems.push(`invariant E4: ${to} told ${count} times who took escalation ${n}`);
    }
    if (kind === "alarm" && n !== undefined) {
      for (const k of this.members.get(n) ?? []) {
        const s = this.texted.get(k) ?? new Set<string>();
        s.add(to);
        this.texted.set(k, s);
      }
    }
  }

  /** The rate limit the world holds the post to (the real settings, whatever a mutant built). */
  get limit(): EscalationSettings {
    return WORLD_ESCALATION;
  }

  /**
   * E2, E3, E6 around one world step: `before` and `after` are the post's open, unacknowledged
   * incidents; `outputs` what the policy reported during the step; `input` what happened.
   */
  checkStep(what: { kind: string; input?: EscalationInput }, before: ReadonlySet<string>, after: ReadonlySet<string>, acknowledgedByPhone: readonly { key: string; by: string }[], taken: readonly { n: number; alarms: readonly number[]; by: string; via: string; incidents: string[] }[]): void {
    const leaving = [...before].filter((k) => !after.has(k));
    const input = what.input;
    const legitimateTake = input !== undefined && ((input.kind === "reply" && input.from !== "stranger") || (input.kind === "call" && input.what === "key-1"));
    if (what.kind === "acknowledge" || what.kind === "post-power-cut") return; // the post's button; a boot re-reads flash
    if (!legitimateTake) {
      if (taken.some((t) => t.via !== "post")) this.problems.push(`invariant E2: ${what.kind}${input ? ` (${describeEscalationInput(input)})` : ""} took an alarm by phone`);
      if (leaving.length > 0 && what.kind !== "reset") this.problems.push(`invariant E2: ${leaving.join(" ")} acknowledged by ${input ? describeEscalationInput(input) : what.kind}`);
      return;
    }
    for (const t of taken) {
      const running = this.members.get(t.n);
      for (const k of t.incidents) if (!running?.has(k)) this.problems.push(`invariant E3: escalation ${t.n} taken with ${k}, not one of its incidents`);
      if (input!.kind === "reply" && t.alarms.some((a) => a !== input.names)) this.problems.push(`invariant E3: a reply naming ${input.names} took alarms ${t.alarms.join(" ")}`);
      // E6: what it took is acknowledged at the post now
      for (const k of t.incidents) if (after.has(k)) this.problems.push(`invariant E6: ${k} taken by ${t.by} but still unacknowledged at the post`);
    }
    for (const a of acknowledgedByPhone) if (!taken.some((t) => t.incidents.includes(a.key))) this.problems.push(`invariant E3: ${a.key} acknowledged by phone without being taken`);
  }

  /** The escalation's state, canonical, ticks relative to `now`, `sent` relative to `nowMs` (for the world's state hash). */
  hash(now: Ticks, nowMs: number): unknown {
    const rel = (t: Ticks | undefined) => (t === undefined ? null : ticksDiff(t, now));
    const s = this.inside;
    const busy = s.busy === undefined ? null : s.busy.op === "sms" ? ["sms", s.busy.job.to, s.busy.job.kind] : ["dial", s.busy.to, s.busy.n, [...s.busy.alarms], rel(s.busy.at), s.busy.hangingUp];
    const a = s.active;
    const cap = (t: Ticks | undefined) => (t === undefined ? null : Math.max(rel(t)!, -HOUR_MS)); // older than an hour: all alike
    return [
      [...s.incidents.values()].map((i) => [i.key, Math.max(rel(i.openedAt)!, -this.settings.escalateAfterMs - 1), i.alarm ?? null]),
      [...s.faults.entries()].map(([k, f]) => [k, Math.max(rel(f.since)!, -this.settings.faultAfterMs - 1), f.texted]),
      [...s.taken],
      [...s.told.entries()].map(([k, v]) => [k, [...v].sort()]),
      [...s.faultTold.entries()].map(([k, v]) => [k, [...v].sort()]),
      [...s.answeredAt.entries()].map(([k, v]) => [k, cap(v)]),
      [...s.sentAt.entries()].map(([k, v]) => [k, v.map(cap)]),
      s.jobs.map((j) => [j.to, j.merge, j.kind, j.escalation ?? null, j.names ?? null, j.fault ?? null, rel(j.notBefore), j.attempt, j.text, j.heldReported ?? false]),
      a === undefined ? null : [a.n, [...a.alarms.entries()].map(([n, al]) => [n, al.caller, [...al.keys]]), a.round, a.next, rel(a.pauseUntil), a.pauseAfterCall],
      busy,
      s.ready,
      s.nextN,
      this.outstanding === undefined ? null : [this.outstanding.op, this.outstanding.op === "dial" && this.outstanding.hangingUp],
      [...this.members.entries()].map(([n, m]) => [n, [...m]]),
      [...this.takenN],
      [...this.sent.entries()].map(([k, v]) => [k, v.filter((t) => nowMs - t.ms < HOUR_MS).map((t) => [nowMs - t.ms, t.boot === this.boot])]),
      [...this.told.entries()],
      [...this.texted.entries()].map(([k, v]) => [k, [...v].sort()]),
      this.started,
      this.boot,
    ];
  }
}

/** How the world carries out an escalation step (commands, events, `taken` → the policy). */
export interface Wire {
  step(step: EscalationStep): void;
}

/** The `escalation_taken` of a step, parsed. */
export function takenOf(step: EscalationStep): { n: number; alarms: number[]; by: string; via: string; incidents: string[] }[] {
  return step.events
    .filter((e) => e.event === "escalation_taken")
    .map((e) => {
      const f = e as unknown as Record<string, unknown>;
      return { n: Number(f.escalation), alarms: String(f.alarms ?? "").split(" ").filter((k) => k !== "").map(Number), by: String(f.by), via: String(f.via), incidents: String(f.incidents).split(" ").filter((k) => k !== "") };
    });
}

/** The incidents a policy step acknowledged by phone (`incident_acknowledged` with `by`). */
export function acknowledgedByPhone(outputs: readonly ReceiverOutput[]): { key: string; by: string }[] {
  const out: { key: string; by: string }[] = [];
  for (const o of outputs) if (o.kind === "record" && o.event === "incident_acknowledged" && o.fields.by !== undefined) out.push({ key: `${String(o.fields.caller)}#${String(o.fields.incident)}`, by: String(o.fields.by) });
  return out;
}
