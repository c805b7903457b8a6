/**
 * What the bridge knows about one post, built from the receiver's event stream
 * (ARCHITECTURE §3): its callers (link up or down, open incidents) and its siren. It turns
 * each event into the MQTT messages the bridge publishes (`docs/mqtt.md`):
 * - an **incident message** for `incident_opened` / `incident_acknowledged` / `incident_resolved`,
 *   with a stable `id` derived from post, caller, incident number and event name, so that a
 *   retry or a replayed console line is recognised downstream and never makes a second incident;
 * - a **caller state**: `alarm` while an incident of the caller is open and not acknowledged,
 *   `acknowledged` while all its open incidents are acknowledged, else `online` / `offline`
 *   (its supervision link); the link is also given on its own (`link`);
 * - a **post state**: `alarm` (an unacknowledged incident), `acknowledged` (open incidents, all
 *   acknowledged), `fault` (no open incident, a caller offline, the LTE modem faulty: `modem`
 *   names the reason, or the post unable to reach the duty phones: `escalation`), `normal`.
 *   What the post last said of its escalation survives its reboot, marked
 *   `escalation_unconfirmed` until it says it again (`escalation_off`, or `escalation_ok` when it
 *   can): a reboot is never a "back to normal" (field finding 8; the rule is core's
 *   `EscalationWatch`, `firmware/core/escalation/status.ts`).
 * Applying the same event twice changes nothing the second time. Pure: no I/O, no clock (the
 * wall time is passed in, for the `since` fields).
 */
import { DEVICE_ID_RULE, isDeviceId } from "../../firmware/core/config.ts";
import { EscalationWatch } from "../../firmware/core/escalation/status.ts";
import { isEscalationOffReason, type EscalationOffReason } from "../../firmware/core/escalation/unavailable.ts";
import type { EventName } from "../../firmware/core/events.ts";
import { topicLevel } from "./topics.ts";

/** Events whose messages the bridge publishes on the incident topic. */
export const INCIDENT_EVENTS = ["incident_opened", "incident_acknowledged", "incident_resolved"] as const satisfies readonly EventName[];
export type IncidentEventName = (typeof INCIDENT_EVENTS)[number];

export type CallerStateName = "online" | "offline" | "alarm" | "acknowledged";
export type PostStateName = "normal" | "fault" | "alarm" | "acknowledged";

/** The payload of an incident message (JSON, snake_case as the event stream). */
export interface IncidentMessage {
  /** `<post>/<caller>/<incident>/<event>`, each part encoded as a topic level (so unambiguous). */
  id: string;
  event: IncidentEventName;
  post: string;
  caller: string;
  incident: number;
  /** The caller's place, when the event names it (`incident_opened`). */
  name?: string;
  /** The receiver's `t` (ms since its start) and `device`, when the line had them. */
  t?: number;
  device?: string;
  /** When the bridge read the event (ISO 8601, the bridge's clock). */
  bridged_at: string;
  /** `event` again, under the name Home Assistant's `event` platform reads (`event.py`). */
  event_type: IncidentEventName;
}

/** The retained state of one caller. */
export interface CallerStatePayload {
  caller: string;
  name?: string;
  state: CallerStateName;
  link: "online" | "offline";
  /** Open incidents, oldest first. */
  incidents: { incident: number; acknowledged: boolean }[];
  /** When `state` last changed (ISO 8601, the bridge's clock). */
  since: string;
}

/** The retained state of the post. */
export interface PostStatePayload {
  post: string;
  /** The post's place name, once its receiver's `boot` event gave it. */
  name?: string;
  state: PostStateName;
  open_incidents: number;
  unacknowledged: number;
  callers: number;
  offline: string[];
  /** The siren's last reported pattern (`quiet` when off), if the stream reported it. */
  siren?: string;
  /** What is wrong with the post's LTE modem (`modem_fault` reason, issue 14), while it is. */
  modem?: string;
  /**
   * Why the post cannot reach the duty phones (`escalation_off` {why}), until it says
   * `escalation_ok` (or another reason). A fault (`no_duty_list`, `bad_setting`) makes the state
   * `fault`; `no_modem` is a notice only. Kept across the receiver's reboot (field finding 8).
   */
  escalation?: EscalationOffReason;
  /**
   * `true` while `escalation` is the reason the post gave before its last boot and it has not
   * stated its escalation since (absent otherwise): the last known state, not yet re-confirmed.
   */
  escalation_unconfirmed?: true;
  /**
   * Which of `open_incidents`, `offline`, `modem` are (in part) the last known word of a retained
   * post state an earlier bridge left, not yet re-stated by the receiver to this bridge (a bridge
   * started without its saved model; field findings 1 and 2 of test/field/tonight). Absent when
   * none is.
   */
  unconfirmed?: ("open_incidents" | "offline" | "modem")[];
  since: string;
}

/**
 * What a retained post state found in the broker says, as far as this bridge keeps it
 * (`readRetainedPostState`): open incidents (counts only: the post state does not name them),
 * offline callers, the modem fault, the escalation reason.
 */
export interface RecalledPostState {
  open: number;
  unacknowledged: number;
  offline: string[];
  modem?: string;
  escalation?: EscalationOffReason;
}

/**
 * Reads a retained post state (`PostStatePayload` JSON, parsed) for `PostModel.recall`: every
 * field that is not what §2.3 of docs/mqtt.md says is left out (counts: integers ≥ 0, with
 * `unacknowledged` ≤ `open_incidents`; `offline`: device ids; `modem`: a non-empty string;
 * `escalation`: a reason). @returns undefined for anything that is not a JSON object. Never throws.
 */
export function readRetainedPostState(state: unknown): RecalledPostState | undefined {
  if (typeof state !== "object" || state === null || Array.isArray(state)) return undefined;
  const s = state as Record<string, unknown>;
  const count = (v: unknown) => (typeof v === "number" && Number.isInteger(v) && v >= 0 ? v : 0);
  const open = count(s.open_incidents);
  const offline = Array.isArray(s.offline) ? [...new Set(s.offline.filter((c): c is string => isDeviceId(c)))] : [];
  return {
    open,
    unacknowledged: Math.min(open, count(s.unacknowledged)),
    offline,
    ...(typeof s.modem === "string" && s.modem !== "" ? { modem: s.modem } : {}),
    ...(isEscalationOffReason(s.escalation) ? { escalation: s.escalation } : {}),
  };
}

/** What a model keeps of a recalled post state until the receiver's word replaces it (saved in its snapshot). */
interface Recalled {
  /** Open incidents the model does not know of (opened before this bridge), and of them unacknowledged. */
  open: number;
  unacknowledged: number;
  /** Callers last known offline whose link the receiver has not stated since. */
  offline: string[];
  /** `modem` is the recalled one, not re-stated since. */
  modem?: true;
}

interface CallerRecord {
  id: string;
  name?: string;
  link: "online" | "offline";
  incidents: { incident: number; acknowledged: boolean }[];
  since: string;
}

/** Everything `PostModel` needs to resume after a restart (JSON). */
export interface PostSnapshot {
  version: 1;
  post: string;
  callers: CallerRecord[];
  siren?: string;
  since: string;
  /** The post's place name (from the receiver's `boot`). */
  name?: string;
  /** The LTE modem's fault reason, while it has one. */
  modem?: string;
  /** Why the post cannot escalate, until it says `escalation_ok`. */
  escalation?: EscalationOffReason;
  /** `escalation` not re-confirmed since the receiver's last boot (absent: confirmed; a model saved by an older bridge never has it, and its `escalation` was said since the last boot). */
  escalation_unconfirmed?: true;
  /** What a recalled retained post state still says (absent: nothing; an older bridge's model never has it). */
  recalled?: Recalled;
}

/** What applying one event did. */
export type ApplyResult =
  | { kind: "ignored" }
  | { kind: "invalid"; reason: string }
  | {
      kind: "applied";
      incident?: IncidentMessage;
      callers: string[];
      post: boolean;
      /** Callers seen for the first time, or whose place name changed: to announce (again). */
      newCallers: string[];
      /** The post's place name changed: its own configs are to be announced again. */
      postRenamed?: boolean;
    };

/**
 * The id of an incident message: `<post>/<caller>/<incident>/<event>` with post and caller
 * encoded by `topicLevel` (so a `/` inside an id cannot make two ids equal).
 */
export function incidentEventId(post: string, caller: string, incident: number, event: IncidentEventName): string {
  return `${topicLevel("post", post)}/${topicLevel("caller", caller)}/${incident}/${event}`;
}

/**
 * Reads `caller` from an event: a device id (`DEVICE_ID_RULE`, the one alphabet of ids) or an
 * integer (a node id). Anything else is refused here, before it can reach a topic: a control
 * character in a topic makes the broker drop the bridge, silencing every caller of the post.
 */
function callerOf(e: Record<string, unknown>): string | { reason: string } {
  const c = e.caller;
  const id = typeof c === "number" && Number.isInteger(c) && c >= 0 ? String(c) : c;
  if (!isDeviceId(id)) return { reason: `"caller" ${DEVICE_ID_RULE.words} or be a node id, got ${JSON.stringify(c)}` };
  return id;
}

/** See the file comment. */
export class PostModel {
  readonly post: string;
  readonly #callers = new Map<string, CallerRecord>();
  #siren: string | undefined;
  #modem: string | undefined;
  #escalation = new EscalationWatch();
  #name: string | undefined;
  #since: string;
  /** What a recalled retained post state still says, unconfirmed (see `recall`). */
  #recalled: Recalled = { open: 0, unacknowledged: 0, offline: [] };
  /** Callers whose link the receiver stated to this model (`caller_online`/`_offline`, `incident_opened`). */
  readonly #linkTold = new Set<string>();
  /** The receiver stated its modem's health (`modem_fault`/`modem_ok`) to this model. */
  #modemTold = false;
  /** At most this many open incidents unknown to the model, per the receiver's last `boot` {open} (undefined: no boot seen). */
  #unknownOpen: number | undefined;
  /** Incidents the model did not know open that the receiver acknowledged or reset before a recall (replayed by `recall`). */
  readonly #namedBeforeRecall: ("acknowledged" | "resolved")[] = [];
  #recallDone = false;

  /** @param options.snapshot a state saved by `snapshot()` for the same post. @throws RangeError if it is for another post. */
  constructor(options: { post: string; snapshot?: PostSnapshot; now: string }) {
    topicLevel("post", options.post);
    this.post = options.post;
    this.#since = options.now;
    const s = options.snapshot;
    if (s) {
      if (s.version !== 1 || s.post !== options.post) throw new RangeError(`snapshot is for post "${s.post}" (version ${s.version}), not "${options.post}"`);
      for (const c of s.callers) this.#callers.set(c.id, { ...c, incidents: c.incidents.map((i) => ({ ...i })) });
      this.#siren = s.siren;
      this.#since = s.since;
      this.#name = s.name;
      this.#modem = s.modem;
      this.#escalation = new EscalationWatch(s.escalation === undefined ? {} : { reason: s.escalation, ...(s.escalation_unconfirmed === true ? { unconfirmed: true } : {}) });
      if (s.recalled) this.#recalled = { ...s.recalled, offline: [...s.recalled.offline] };
    }
  }

  /** Callers seen so far, in first-seen order. */
  callers(): string[] {
    return [...this.#callers.keys()];
  }

  /** The post's place name, if its receiver's `boot` event gave it. */
  get name(): string | undefined {
    return this.#name;
  }

  /** The name of a caller, if an event gave it. */
  nameOf(caller: string): string | undefined {
    return this.#callers.get(caller)?.name;
  }

  /**
   * Applies one event object (a parsed line of the stream).
   * @param now wall time (ISO 8601) for `bridged_at` and `since`.
   * @returns what changed; `invalid` names the bad field; events the bridge does not report
   *   (`press`, `frame_rejected`, …) are `ignored`. Never throws on bad input.
   */
  apply(event: unknown, now: string): ApplyResult {
    const postBefore = this.#postCore();
    const result = this.#apply(event, now);
    if (result.kind !== "applied") return result;
    const postAfter = this.#postCore();
    if (postAfter.state !== postBefore.state) this.#since = now;
    return { ...result, post: JSON.stringify(postAfter) !== JSON.stringify(postBefore) };
  }

  #apply(event: unknown, now: string): ApplyResult {
    if (typeof event !== "object" || event === null || Array.isArray(event)) return { kind: "invalid", reason: "not a JSON object" };
    const e = event as Record<string, unknown>;
    if (typeof e.event !== "string") return { kind: "invalid", reason: `"event" must be a string` };
    const name = e.event;
    if ((INCIDENT_EVENTS as readonly string[]).includes(name)) return this.#incident(name as IncidentEventName, e, now);
    if (name === "caller_online" || name === "caller_offline") {
      const caller = callerOf(e);
      if (typeof caller !== "string") return { kind: "invalid", reason: caller.reason };
      const before = this.#stateJson(caller);
      const { record, isNew } = this.#caller(caller, e, now);
      record.link = name === "caller_online" ? "online" : "offline";
      this.#toldLink(caller);
      return this.#changed(record, before, isNew, now);
    }
    if (name === "caller_listed") {
      // The post names one of its callers (at its boot): known before its first alarm.
      const caller = callerOf(e);
      if (typeof caller !== "string") return { kind: "invalid", reason: caller.reason };
      const before = this.#stateJson(caller);
      const nameBefore = this.#callers.get(caller)?.name;
      const { record, isNew } = this.#caller(caller, e, now);
      const result = this.#changed(record, before, isNew || record.name !== nameBefore, now);
      return { ...result, post: isNew };
    }
    if (name === "boot" && e.role === "receiver") {
      // What the post said of its escalation is kept, unconfirmed, until it says it again (field finding 8).
      let marked = this.#escalation.apply("boot");
      // Its open count is its word on the incidents this model does not know of (a boot restates them).
      if (typeof e.open === "number" && Number.isInteger(e.open) && e.open >= 0) {
        const known = [...this.#callers.values()].reduce((n, c) => n + c.incidents.length, 0);
        this.#unknownOpen = Math.max(0, e.open - known);
        marked = this.#boundRecalledOpen() || marked;
      }
      if (typeof e.name !== "string" || e.name.trim() === "" || e.name === this.#name) return marked ? { kind: "applied", callers: [], post: true, newCallers: [] } : { kind: "ignored" };
      this.#name = e.name;
      return { kind: "applied", callers: [], post: true, newCallers: [], postRenamed: true };
    }
    if (name === "escalation_off") {
      if (!isEscalationOffReason(e.why)) return { kind: "invalid", reason: `"escalation_off" needs "why" (no_duty_list, no_modem or bad_setting)` };
      return { kind: "applied", callers: [], post: this.#escalation.apply("escalation_off", e.why), newCallers: [] };
    }
    if (name === "escalation_ok") {
      if (typeof e.phones !== "number" || !Number.isInteger(e.phones) || e.phones < 0) return { kind: "invalid", reason: `"escalation_ok" needs "phones" (an integer ≥ 0), got ${JSON.stringify(e.phones)}` };
      return { kind: "applied", callers: [], post: this.#escalation.apply("escalation_ok"), newCallers: [] };
    }
    if (name === "modem_fault" || name === "modem_ok") {
      // the post's LTE modem (issue 14): a post fault like a caller offline
      if (name === "modem_fault" && (typeof e.reason !== "string" || e.reason === "")) return { kind: "invalid", reason: `"modem_fault" needs "reason" (a string)` };
      const before = this.#modem;
      this.#modem = name === "modem_fault" ? (e.reason as string) : undefined;
      this.#modemTold = true;
      delete this.#recalled.modem;
      return { kind: "applied", callers: [], post: this.#modem !== before, newCallers: [] };
    }
    if (name === "siren") {
      if (typeof e.pattern !== "string" && typeof e.on !== "boolean") return { kind: "invalid", reason: `"siren" needs "on" (boolean) or "pattern" (string)` };
      const pattern = typeof e.pattern === "string" ? e.pattern : e.on ? "on" : "quiet";
      this.#siren = pattern;
      return { kind: "applied", callers: [], post: false, newCallers: [] };
    }
    return { kind: "ignored" };
  }

  #incident(name: IncidentEventName, e: Record<string, unknown>, now: string): ApplyResult {
    const caller = callerOf(e);
    if (typeof caller !== "string") return { kind: "invalid", reason: caller.reason };
    const n = e.incident;
    if (typeof n !== "number" || !Number.isInteger(n) || n < 0 || n > 0xffff_ffff) {
      return { kind: "invalid", reason: `"incident" must be an integer 0…4294967295, got ${JSON.stringify(n)}` };
    }
    const before = this.#stateJson(caller);
    const { record, isNew } = this.#caller(caller, e, now);
    const open = record.incidents.find((i) => i.incident === n);
    if (name === "incident_opened") {
      if (!open) record.incidents.push({ incident: n, acknowledged: false });
      record.link = "online"; // its alarm just reached the receiver
      this.#toldLink(caller);
    } else if (name === "incident_acknowledged") {
      if (open) open.acknowledged = true;
      else {
        record.incidents.push({ incident: n, acknowledged: true }); // opened before the bridge started
        this.#unknownNamed("acknowledged");
      }
    } else {
      if (!open) this.#unknownNamed("resolved");
      record.incidents = record.incidents.filter((i) => i.incident !== n);
    }
    const result = this.#changed(record, before, isNew, now);
    const message: IncidentMessage = {
      id: incidentEventId(this.post, caller, n, name),
      event: name,
      post: this.post,
      caller,
      incident: n,
      ...(typeof e.name === "string" ? { name: e.name } : {}),
      ...(typeof e.t === "number" ? { t: e.t } : {}),
      ...(typeof e.device === "string" ? { device: e.device } : {}),
      bridged_at: now,
      event_type: name,
    };
    return { ...result, incident: message };
  }

  #caller(id: string, e: Record<string, unknown>, now: string): { record: CallerRecord; isNew: boolean } {
    let record = this.#callers.get(id);
    const isNew = !record;
    if (!record) {
      // a caller a recalled post state lists offline stays offline until the receiver says otherwise
      record = { id, link: this.#recalled.offline.includes(id) ? "offline" : "online", incidents: [], since: now };
      this.#callers.set(id, record);
    }
    if (typeof e.name === "string" && e.name.length > 0) record.name = e.name;
    return { record, isNew };
  }

  #changed(record: CallerRecord, before: string | undefined, isNew: boolean, now: string): ApplyResult & { kind: "applied" } {
    const was = before === undefined ? undefined : (JSON.parse(before) as CallerStatePayload).state;
    if (this.#callerState(record) !== was) record.since = now;
    const changed = JSON.stringify(this.callerState(record.id)) !== before;
    return { kind: "applied", callers: changed ? [record.id] : [], post: false, newCallers: isNew ? [record.id] : [] };
  }

  #stateJson(caller: string): string | undefined {
    return this.#callers.has(caller) ? JSON.stringify(this.callerState(caller)) : undefined;
  }

  #callerState(c: CallerRecord): CallerStateName {
    if (c.incidents.some((i) => !i.acknowledged)) return "alarm";
    if (c.incidents.length > 0) return "acknowledged";
    return c.link;
  }

  /** The receiver stated `caller`'s link: a recalled "offline" of it is replaced. */
  #toldLink(caller: string): void {
    this.#linkTold.add(caller);
    this.#recalled.offline = this.#recalled.offline.filter((c) => c !== caller);
  }

  /**
   * The receiver acknowledged or resolved an incident this model did not know open: one of the
   * recalled ones (if any). Acknowledged: it is now counted in the model; if a recalled
   * unacknowledged one remains it is taken to be that one. Resolved: one less open; which one is
   * unknown, so `unacknowledged` drops only when it exceeds what is left open (an alarm kept too
   * long rather than hidden).
   */
  #unknownNamed(how: "acknowledged" | "resolved"): void {
    if (this.#unknownOpen !== undefined) this.#unknownOpen = Math.max(0, this.#unknownOpen - 1);
    if (!this.#recallDone) this.#namedBeforeRecall.push(how);
    this.#takeFromRecalled(how);
  }

  #takeFromRecalled(how: "acknowledged" | "resolved"): void {
    const r = this.#recalled;
    if (how === "acknowledged" && r.unacknowledged > 0) r.unacknowledged -= 1;
    r.open = Math.max(0, r.open - 1);
    this.#boundRecalledOpen();
  }

  /** Keeps the recalled open incidents within what the receiver's last boot allows. @returns whether they changed. */
  #boundRecalledOpen(): boolean {
    const r = this.#recalled;
    const before = `${r.open}/${r.unacknowledged}`;
    r.open = Math.min(r.open, this.#unknownOpen ?? r.open);
    r.unacknowledged = Math.min(r.unacknowledged, r.open);
    return `${r.open}/${r.unacknowledged}` !== before;
  }

  #postCore(): Omit<PostStatePayload, "since"> {
    const all = [...this.#callers.values()];
    const r = this.#recalled;
    const open = all.reduce((n, c) => n + c.incidents.length, 0) + r.open;
    const unacknowledged = all.reduce((n, c) => n + c.incidents.filter((i) => !i.acknowledged).length, 0) + r.unacknowledged;
    const offline = [...all.filter((c) => c.link === "offline").map((c) => c.id), ...r.offline.filter((c) => !this.#callers.has(c))];
    const unconfirmed = [
      ...(r.open > 0 ? ["open_incidents" as const] : []),
      ...(r.offline.length > 0 ? ["offline" as const] : []),
      ...(r.modem && this.#modem !== undefined ? ["modem" as const] : []),
    ];
    const state: PostStateName = unacknowledged > 0 ? "alarm" : open > 0 ? "acknowledged" : offline.length > 0 || this.#modem !== undefined || this.#escalation.fault ? "fault" : "normal";
    const escalation = this.#escalation.known;
    return {
      post: this.post,
      ...(this.#name !== undefined ? { name: this.#name } : {}),
      state,
      open_incidents: open,
      unacknowledged,
      callers: all.length,
      offline,
      ...(this.#siren !== undefined ? { siren: this.#siren } : {}),
      ...(this.#modem !== undefined ? { modem: this.#modem } : {}),
      ...(escalation.reason !== undefined ? { escalation: escalation.reason } : {}),
      ...(escalation.unconfirmed ? { escalation_unconfirmed: true as const } : {}),
      ...(unconfirmed.length > 0 ? { unconfirmed } : {}),
    };
  }

  /**
   * The escalation reason of a retained post state this model did not publish (an earlier
   * bridge's, found in the broker by a bridge started without its saved model), kept as the last
   * known one, unconfirmed, until the receiver states its escalation (`EscalationWatch.recall`).
   * @param now wall time (ISO 8601) for `since`.
   * @returns whether the post state changed (never while this model knows a reason; the bridge
   *   asks only before the receiver said anything of its escalation).
   */
  recallEscalation(reason: EscalationOffReason, now: string): boolean {
    return this.recall({ open: 0, unacknowledged: 0, offline: [], escalation: reason }, now);
  }

  /**
   * A retained post state this model did not publish (`readRetainedPostState` of what an earlier
   * bridge left in the broker, read by a bridge started without its saved model): what it says
   * the receiver would not repeat is kept as the last known word, unconfirmed, until the
   * receiver's own word on each thing replaces it (field findings 1, 2 and 4 of test/field/tonight;
   * docs/mqtt.md §2.3):
   * - open incidents (counts): until the receiver acknowledges or resolves an incident this model
   *   did not know open, and never more than its last `boot` {open} leaves unknown;
   * - each `offline` caller: until `caller_online`/`caller_offline`/`incident_opened` of it;
   * - `modem`: until `modem_fault`/`modem_ok`;
   * - `escalation`: until `escalation_off`/`escalation_ok` (`EscalationWatch.recall`).
   * A thing the receiver already stated to this model is not recalled. Meant once per model,
   * before the model published (a second recall would count the same incidents twice).
   * @param now wall time (ISO 8601) for `since`.
   * @returns whether the post state changed.
   */
  recall(recalled: RecalledPostState, now: string): boolean {
    const before = this.#postCore();
    const r = this.#recalled;
    r.open = recalled.open;
    r.unacknowledged = Math.min(recalled.unacknowledged, recalled.open);
    this.#recallDone = true;
    for (const how of this.#namedBeforeRecall) this.#takeFromRecalled(how); // the receiver's word is newer than the retained one
    this.#boundRecalledOpen();
    for (const c of recalled.offline) {
      if (this.#linkTold.has(c) || r.offline.includes(c)) continue;
      r.offline.push(c);
      const record = this.#callers.get(c);
      if (record) record.link = "offline";
    }
    if (recalled.modem !== undefined && !this.#modemTold && this.#modem === undefined) {
      this.#modem = recalled.modem;
      r.modem = true;
    }
    if (recalled.escalation !== undefined) this.#escalation.recall(recalled.escalation);
    const after = this.#postCore();
    if (after.state !== before.state) this.#since = now;
    return JSON.stringify(after) !== JSON.stringify(before);
  }

  /** The retained state of `caller`. @throws RangeError for a caller never seen. */
  callerState(caller: string): CallerStatePayload {
    const c = this.#callers.get(caller);
    if (!c) throw new RangeError(`unknown caller "${caller}"`);
    return {
      caller: c.id,
      ...(c.name !== undefined ? { name: c.name } : {}),
      state: this.#callerState(c),
      link: c.link,
      incidents: c.incidents.map((i) => ({ ...i })),
      since: c.since,
    };
  }

  /** The retained state of the post. */
  postState(): PostStatePayload {
    return { ...this.#postCore(), since: this.#since };
  }

  /** A copy of everything, to save and pass back as `snapshot`. */
  snapshot(): PostSnapshot {
    return {
      version: 1,
      post: this.post,
      callers: [...this.#callers.values()].map((c) => ({ ...c, incidents: c.incidents.map((i) => ({ ...i })) })),
      ...(this.#siren !== undefined ? { siren: this.#siren } : {}),
      since: this.#since,
      ...(this.#name !== undefined ? { name: this.#name } : {}),
      ...(this.#modem !== undefined ? { modem: this.#modem } : {}),
      ...(this.#escalation.known.reason !== undefined ? { escalation: this.#escalation.known.reason } : {}),
      ...(this.#escalation.known.unconfirmed ? { escalation_unconfirmed: true as const } : {}),
      ...(this.#recalled.open > 0 || this.#recalled.offline.length > 0 || this.#recalled.modem ? { recalled: { ...this.#recalled, offline: [...this.#recalled.offline] } } : {}),
    };
  }
}
