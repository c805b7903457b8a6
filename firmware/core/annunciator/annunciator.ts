/**
 * The annunciator (issue 13): what the receiver's screen and LED show, decided from the
 * receiver's events (ARCHITECTURE §3, receiver/README.md "Events") and an operator "next"
 * input. A passive state machine: it reads no clock (the tick and the wall time come with each
 * call), draws nothing (the layout, `../screen/layout.ts`, turns its `View` into draw commands)
 * and holds no global state.
 *
 * Order of the indications (EN 50131-1 §8.5 and alarm-receiving software: alarms before faults
 * before status; ../shared/reference/post-side-facts.md §1):
 *   1. unacknowledged alarms, the newest first;
 *   2. acknowledged incidents until reset, the newest first;
 *   3. faults: callers offline (newest first), stuck buttons, the LTE modem (what is wrong and
 *      what to do: `screen.modem.<reason>`), a post that cannot escalate for want of a duty
 *      list (`escalation_off`, a fault by `../escalation/unavailable.ts`), a storage fault;
 *   4. otherwise the status: the post, callers online out of listed, the clock, the last event,
 *      and a standing notice when the post escalates to no phone by design (`escalation_off`
 *      `no_modem`).
 * Boot (before the app's `boot`) and unprovisioned screens stand alone.
 *
 * "Next" (a third button, `next`): the officer steps the large view through every indication in
 * that order; the others stay listed under it, "+N" counting those that do not fit (EN 50131's
 * "information pending"). A new alarm brings the view back to the top. Why a button: rotation
 * would make an officer wait, running, for the right place to come round; a long press on
 * acknowledge is undiscoverable and would delay the acknowledgement that quiets the siren.
 */
import { message, type Lang, type MessageId } from "../messages/index.ts";
import { escalationOffIsFault, escalationOffLine, isEscalationOffReason, type EscalationOffReason } from "../escalation/unavailable.ts";
import { isModemFault, type ModemFault } from "../modem-fault.ts";
import type { ReceiverRestored } from "../policy/receiver.ts";
import { ticksDiff, type Ticks } from "../ticks.ts";

/** A receiver event as emitted (ARCHITECTURE §3): `event` plus its fields. */
export interface AnnunciatorEvent {
  readonly event: string;
  readonly [field: string]: unknown;
}

/** Which screen is up. */
export type ScreenKind = "boot" | "unprovisioned" | "alarm" | "acknowledged" | "fault" | "status";

/** The colour family of a line or a screen: the layout maps it to the profile's palette. */
export type Tone = "alarm" | "acknowledged" | "fault" | "status";

/**
 * The receiver LED's meaning (docs/deploying.md "Receiver LED"): `alarm` fast flash (an alarm
 * nobody acknowledged), `acknowledged` steady on (incidents awaiting reset), `fault` one blink
 * every 2 s (a fault and no alarm), `ok` a short blink every 5 s (all clear, the post is alive),
 * `setup` double blink (booting or unprovisioned).
 */
export type LedPattern = "alarm" | "acknowledged" | "fault" | "ok" | "setup";

/** One line of the list under the large view. */
export interface ViewItem {
  readonly tone: Tone;
  readonly text: string;
}

/** What the screen shows: the view model the layout draws. All text in the chosen language. */
export interface View {
  readonly screen: ScreenKind;
  /** The language of its text (the layout's "+N" is written in it). */
  readonly lang: Lang;
  readonly tone: Tone;
  /** The bar at the top ("BÁO ĐỘNG", the post's name on the status screen). */
  readonly title: string;
  /** "2/5" when several indications are up (which one is large), else "". */
  readonly position: string;
  /** The large line: the place. */
  readonly headline: string;
  /**
   * The headline is the reason of a fault (why the duty phones cannot be reached), not a place:
   * the layout never cuts it and gives it a second large line before any detail on a screen that
   * gives a headline one (field finding 6: "Chưa có danh sá…" and "Danh sách trực…" looked alike on the
   * SSD1306). Absent: a place, shortened with "…" when it does not fit.
   */
  readonly wholeHeadline?: boolean;
  /** Small lines under the headline (incident, time of the press, how long ago). */
  readonly details: readonly string[];
  /** The other indications, in order after the one shown large. */
  readonly others: readonly ViewItem[];
  /** Indications besides the large one (= others.length): "information pending" when > 0. */
  readonly pending: number;
  readonly led: LedPattern;
}

/** Options of `Annunciator`. */
export interface AnnunciatorOptions {
  /** Language of every string shown. Default `vi`. */
  readonly lang?: Lang;
  /** Offset of local time from UTC, s; default 25 200 (Vietnam, UTC+7, no daylight saving). */
  readonly utcOffsetS?: number;
}

/** The defaults of `AnnunciatorOptions`. */
export const ANNUNCIATOR_DEFAULTS = { lang: "vi", utcOffsetS: 7 * 3600 } as const satisfies Required<AnnunciatorOptions>;

type Kind = "alarm" | "acknowledged" | "offline" | "stuck" | "modem" | "escalation_off" | "store";

interface Indication {
  kind: Kind;
  caller: string;
  incident: number;
  /** Order of arrival (a counter, so the order survives a tick wrap). */
  seq: number;
  sinceTicks: Ticks;
  sinceWallS: number | undefined;
  what: string;
  /** The modem fault's reason (`MODEM_FAULTS`), for `modem`. */
  reason?: ModemFault;
  /** Why the post cannot escalate, for `escalation_off` (`what` holds the corrupt key, if any). */
  offWhy?: EscalationOffReason | "bad_settings";
  /** An alarm the post is escalating to the duty phones (issue 14), until acknowledged. */
  escalating?: boolean;
  /** Who took the alarm by phone (the duty list's name, else the number). */
  takenBy?: string;
}

const KIND_RANK: Record<Kind, number> = { alarm: 0, acknowledged: 1, offline: 2, stuck: 3, modem: 4, escalation_off: 5, store: 6 };

/**
 * The annunciator of one receiver.
 *
 * @example
 *   const a = new Annunciator({ lang: "vi" });
 *   a.apply({ event: "boot", name: "Công an xã" }, now);
 *   a.apply({ event: "incident_opened", caller: "clinic", incident: 1, name: "Trạm y tế" }, now);
 *   a.view(now).headline; // "Trạm y tế"
 */
export class Annunciator {
  private readonly lang: Lang;
  private readonly utcOffsetS: number;
  private phase: "boot" | "unprovisioned" | "running" = "boot";
  private unprovisionedReason = "";
  private postName = "";
  private readonly names = new Map<string, string>();
  private readonly up = new Map<string, Indication>();
  private seq = 0;
  private cursor = 0;
  private last: { id: MessageId; params: Record<string, unknown> } | undefined;
  /** Why the post escalates to no phone when that is a notice, not a fault (a status line). */
  private notice: EscalationOffReason | undefined;

  /** @throws RangeError for an unknown language or a non-integer offset. */
  constructor(options: AnnunciatorOptions = {}) {
    const o = { ...ANNUNCIATOR_DEFAULTS, ...options };
    if (o.lang !== "vi" && o.lang !== "en") throw new RangeError(`lang must be "vi" or "en", not ${String(o.lang)}`);
    if (!Number.isInteger(o.utcOffsetS) || Math.abs(o.utcOffsetS) > 14 * 3600) throw new RangeError("utcOffsetS must be an integer number of seconds within ±14 h");
    this.lang = o.lang;
    this.utcOffsetS = o.utcOffsetS;
  }

  /**
   * Takes one receiver event. Events it does not show are ignored.
   * @param now the receiver's tick (ms) when the event happened.
   * @param wallS the wall clock (Unix seconds) when known.
   * @returns whether what is shown may have changed.
   */
  apply(e: AnnunciatorEvent, now: Ticks, wallS?: number): boolean {
    const caller = typeof e.caller === "string" ? e.caller : "";
    const incident = typeof e.incident === "number" ? e.incident : 0;
    const name = typeof e.name === "string" && e.name !== "" ? e.name : undefined;
    if (caller !== "" && name !== undefined && e.event !== "boot") this.names.set(caller, name);
    const raise = (kind: Kind, key: string, what = ""): void => {
      if (!this.up.has(key)) this.up.set(key, { kind, caller, incident, seq: ++this.seq, sinceTicks: now, sinceWallS: wallS, what });
    };
    switch (e.event) {
      case "boot":
        if (this.phase !== "unprovisioned") this.phase = "running";
        if (name !== undefined) this.postName = name;
        this.last = { id: "screen.last.boot", params: {} };
        return true;
      case "unprovisioned":
      case "provisioning_error":
        this.phase = "unprovisioned";
        this.unprovisionedReason = typeof e.reason === "string" ? e.reason : "";
        return true;
      case "caller_listed":
        return true;
      case "incident_opened":
      case "incident_not_recorded":
        if (e.event === "incident_not_recorded") raise("store", "store", message(this.lang, "screen.item.store"));
        raise("alarm", `i:${caller}:${incident}`);
        this.cursor = 0;
        return true;
      case "incident_acknowledged": {
        const key = `i:${caller}:${incident}`;
        if (!this.up.has(key)) raise("acknowledged", key);
        const it = this.up.get(key)!;
        it.kind = "acknowledged";
        it.escalating = false;
        if (typeof e.by === "string" && it.takenBy === undefined) it.takenBy = e.by;
        return true;
      }
      // The escalation to the duty phones (issue 14; firmware/core/escalation/): `incidents` is
      // `caller#incident` separated by spaces.
      case "escalation_started":
      case "escalation_joined":
      case "escalation_taken": {
        const keys = e.event === "escalation_joined" ? [`${caller}#${incident}`] : typeof e.incidents === "string" ? e.incidents.split(" ") : [];
        let changed = false;
        for (const k of keys) {
          const at = k.lastIndexOf("#");
          const it = this.up.get(`i:${k.slice(0, at)}:${k.slice(at + 1)}`);
          if (it === undefined) continue;
          if (e.event !== "escalation_taken") it.escalating = it.kind === "alarm";
          else if (e.via !== "post") it.takenBy = typeof e.name === "string" && e.name !== "" ? e.name : String(e.by ?? "");
          changed = true;
        }
        return changed;
      }
      case "incident_resolved":
        this.up.delete(`i:${caller}:${incident}`);
        this.last = { id: "screen.last.incident_resolved", params: { incident, caller } };
        return this.settle();
      case "caller_offline":
        raise("offline", `o:${caller}`);
        return true;
      case "caller_online":
        this.up.delete(`o:${caller}`);
        this.last = { id: "screen.last.caller_online", params: { caller } };
        return this.settle();
      case "caller_button_stuck":
        raise("stuck", `s:${caller}`);
        return true;
      case "caller_button_released":
        this.up.delete(`s:${caller}`);
        this.last = { id: "screen.last.caller_button_released", params: { caller } };
        return this.settle();
      case "caller_rebooted":
        this.last = { id: "screen.last.caller_rebooted", params: { caller } };
        return true;
      case "modem_fault":
        // one modem, one indication: a new reason replaces the old one (and is raised anew)
        if (!isModemFault(e.reason)) return false;
        this.up.delete("modem");
        raise("modem", "modem", typeof e.detail === "string" ? e.detail : "");
        this.up.get("modem")!.reason = e.reason;
        return true;
      case "modem_ok":
        if (!this.up.delete("modem")) return false;
        this.last = { id: "screen.last.modem_ok", params: {} };
        return this.settle();
      case "store_error":
        raise("store", "store", typeof e.what === "string" ? e.what : "");
        return true;
      case "escalation_off":
        // Said at each boot; it stands until a boot no longer says it (a fresh annunciator).
        if (!isEscalationOffReason(e.why)) return false;
        if (!escalationOffIsFault(e.why)) {
          this.notice = e.why;
          return true;
        }
        this.up.delete("escalation_off");
        raise("escalation_off", "escalation_off", typeof e.key === "string" ? e.key : "");
        this.up.get("escalation_off")!.offWhy = escalationOffLine(e.why, typeof e.key === "string" ? e.key : undefined);
        return true;
      case "fault_acknowledged":
        // The storage fault has no "cleared" event: the officer's acknowledgement takes it off
        // the screen; the next failed write raises it again.
        this.up.delete("store");
        this.last = { id: "screen.last.fault_acknowledged", params: {} };
        return this.settle();
      default:
        return false;
    }
  }

  /**
   * Starts from what the receiver's policy read from flash at a post's boot
   * (`ReceiverPolicy.restored()`): its open and acknowledged incidents, offline callers and stuck
   * buttons, which no event reports again after a reboot. Call it before the first event; they
   * are shown as raised at `now`, incidents in the order given (the last is the newest). An indication
   * already up is kept as it is.
   * Their times are unknown (not in flash): no "since" clock is shown, and "how long ago"
   * counts from the boot.
   * @param now the receiver's tick (ms) at boot.
   */
  restore(state: ReceiverRestored, now: Ticks): void {
    const raise = (kind: Kind, key: string, caller: string, incident: number): void => {
      if (!this.up.has(key)) this.up.set(key, { kind, caller, incident, seq: ++this.seq, sinceTicks: now, sinceWallS: undefined, what: "" });
    };
    for (const i of state.incidents) raise(i.acknowledged ? "acknowledged" : "alarm", `i:${i.caller}:${i.incident}`, i.caller, i.incident);
    for (const caller of state.stuck) raise("stuck", `s:${caller}`, caller, 0);
    for (const caller of state.offline) raise("offline", `o:${caller}`, caller, 0);
  }

  /** The operator's "next" button: the large view moves to the next indication, round. */
  next(): void {
    const n = this.up.size;
    this.cursor = n === 0 ? 0 : (this.cursor + 1) % n;
  }

  /**
   * What to show at tick `now` (for "how long ago") and wall time `wallS` (for the clock).
   * Pure: calling it changes nothing.
   */
  view(now: Ticks, wallS?: number): View {
    const m = (id: MessageId, params: Record<string, unknown> = {}): string => message(this.lang, id, params);
    if (this.phase === "boot") {
      return { screen: "boot", lang: this.lang, tone: "status", title: m("screen.boot.title"), position: "", headline: m("screen.boot.headline"), details: [m("screen.boot.detail")], others: [], pending: 0, led: "setup" };
    }
    if (this.phase === "unprovisioned") {
      const details = [m("screen.unprovisioned.detail")];
      if (this.unprovisionedReason !== "") details.push(m("screen.unprovisioned.reason", { reason: this.unprovisionedReason }));
      return { screen: "unprovisioned", lang: this.lang, tone: "fault", title: m("screen.unprovisioned.title"), position: "", headline: m("screen.unprovisioned.headline"), details, others: [], pending: 0, led: "setup" };
    }
    const list = this.ordered();
    const led: LedPattern = list.some((i) => i.kind === "alarm") ? "alarm" : list.some((i) => i.kind === "acknowledged") ? "acknowledged" : list.length > 0 ? "fault" : "ok";
    if (list.length === 0) {
      const details: string[] = [];
      // first (the small screen has room for one line): it stands for as long as the post runs
      if (this.notice !== undefined) details.push(m("screen.escalation_off"), m(`screen.escalation_off.${this.notice}` as MessageId));
      if (wallS !== undefined) details.push(m("screen.status.clock", { time: this.clock(wallS, true) }));
      details.push(this.last === undefined ? m("screen.status.none") : m("screen.status.last", { text: m(this.last.id, { ...this.last.params, name: this.placeOf(String(this.last.params.caller ?? "")) }) }));
      // No indication is up, so every caller the post listed is online.
      const total = this.names.size;
      return {
        screen: "status",
        lang: this.lang,
        tone: "status",
        title: this.postName,
        position: "",
        headline: total > 0 ? m("screen.status.online", { online: total, total }) : m("screen.status.clear"),
        details,
        others: [],
        pending: 0,
        led,
      };
    }
    const at = Math.min(this.cursor, list.length - 1);
    const focus = list[at];
    const others: ViewItem[] = [];
    for (let k = 1; k < list.length; k++) {
      const it = list[(at + k) % list.length];
      others.push({ tone: toneOf(it.kind), text: this.itemText(it) });
    }
    return {
      lang: this.lang,
      screen: focus.kind === "alarm" ? "alarm" : focus.kind === "acknowledged" ? "acknowledged" : "fault",
      tone: toneOf(focus.kind),
      title: m(`screen.${focus.kind}.title` as MessageId),
      position: list.length > 1 ? m("screen.position", { index: at + 1, count: list.length }) : "",
      headline:
        focus.kind === "store"
          ? m("screen.item.store")
          : focus.kind === "modem"
            ? m(`screen.modem.${focus.reason ?? "not_answering"}` as MessageId)
            : focus.kind === "escalation_off"
              ? m(`screen.escalation_off.${focus.offWhy ?? "no_duty_list"}` as MessageId)
              : this.placeOf(focus.caller),
      ...(focus.kind === "escalation_off" ? { wholeHeadline: true } : {}),
      details: this.detailsOf(focus, now),
      others,
      pending: others.length,
      led,
    };
  }

  /** Indications in EN 50131 order: kind, then newest first. */
  private ordered(): Indication[] {
    return [...this.up.values()].sort((a, b) => KIND_RANK[a.kind] - KIND_RANK[b.kind] || b.seq - a.seq);
  }

  private settle(): boolean {
    if (this.cursor >= this.up.size) this.cursor = 0;
    return true;
  }

  private placeOf(caller: string): string {
    return this.names.get(caller) ?? message(this.lang, "screen.unknown_place", { caller });
  }

  private itemText(it: Indication): string {
    if (it.kind === "store") return message(this.lang, "screen.item.store");
    if (it.kind === "modem") return message(this.lang, "screen.item.modem", { what: message(this.lang, `screen.modem.${it.reason ?? "not_answering"}` as MessageId) });
    if (it.kind === "escalation_off") return message(this.lang, "screen.item.escalation_off", { what: message(this.lang, `screen.escalation_off.${it.offWhy ?? "no_duty_list"}` as MessageId) });
    return message(this.lang, `screen.item.${it.kind}` as MessageId, { name: this.placeOf(it.caller), incident: it.incident });
  }

  private detailsOf(it: Indication, now: Ticks): string[] {
    const m = (id: MessageId, params: Record<string, unknown> = {}): string => message(this.lang, id, params);
    const ago = this.ago(ticksDiff(now, it.sinceTicks));
    switch (it.kind) {
      case "alarm":
      case "acknowledged": {
        const phones = it.kind === "alarm" && it.escalating ? [m("screen.escalating")] : it.kind === "acknowledged" && it.takenBy !== undefined ? [m("screen.taken_by_phone", { name: it.takenBy })] : [];
        return [it.sinceWallS === undefined ? m("screen.incident", { incident: it.incident }) : m("screen.pressed_at", { incident: it.incident, time: this.clock(it.sinceWallS, true) }), ...phones, ago];
      }
      case "offline":
        return [it.sinceWallS === undefined ? m("screen.offline") : m("screen.offline_since", { time: this.clock(it.sinceWallS, false) }), ago];
      case "stuck":
        return [m("screen.stuck"), ago];
      case "modem":
        return [m(`screen.modem.${it.reason ?? "not_answering"}.todo` as MessageId), ...(it.what === "" ? [] : [it.what]), ago];
      case "escalation_off":
        // what to do first: the small screen has room for one line
        return [...(it.what === "" ? [] : [m("screen.escalation_off.key", { key: it.what })]), m(`screen.escalation_off.${it.offWhy ?? "no_duty_list"}.todo` as MessageId), m(it.offWhy === "bad_settings" ? "screen.escalation_off.bad_settings.still" : "screen.escalation_off"), ago];
      case "store":
        return [m("screen.store", { what: it.what }), ago];
    }
  }

  /** "how long ago" in whole minutes (a screen need not redraw every second). */
  private ago(ms: number): string {
    const minutes = Math.floor(Math.max(0, ms) / 60_000);
    if (minutes < 1) return message(this.lang, "screen.ago.now");
    if (minutes < 60) return message(this.lang, "screen.ago.minutes", { minutes });
    return message(this.lang, "screen.ago.hours", { hours: Math.floor(minutes / 60), minutes: minutes % 60 });
  }

  /** Local time of day "HH:MM" (or "HH:MM:SS"), from Unix seconds. */
  private clock(wallS: number, seconds: boolean): string {
    const day = (((Math.floor(wallS) + this.utcOffsetS) % 86_400) + 86_400) % 86_400;
    const two = (n: number): string => (n < 10 ? "0" : "") + String(n);
    const hm = two(Math.floor(day / 3600)) + ":" + two(Math.floor(day / 60) % 60);
    return seconds ? hm + ":" + two(day % 60) : hm;
  }
}

function toneOf(kind: Kind): Tone {
  return kind === "alarm" ? "alarm" : kind === "acknowledged" ? "acknowledged" : "fault";
}
