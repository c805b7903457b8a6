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
  since: string;
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
      const marked = this.#escalation.apply("boot");
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
    } else if (name === "incident_acknowledged") {
      if (open) open.acknowledged = true;
      else record.incidents.push({ incident: n, acknowledged: true }); // opened before the bridge started
    } else {
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
      record = { id, link: "online", incidents: [], since: now };
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

  #postCore(): Omit<PostStatePayload, "since"> {
    const all = [...this.#callers.values()];
    const open = all.reduce((n, c) => n + c.incidents.length, 0);
    const unacknowledged = all.reduce((n, c) => n + c.incidents.filter((i) => !i.acknowledged).length, 0);
    const offline = all.filter((c) => c.link === "offline").map((c) => c.id);
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
    const before = this.#postCore();
    if (!this.#escalation.recall(reason)) return false;
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
    };
  }
}
