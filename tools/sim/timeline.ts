/**
 * The readable timeline of a run: one line per event, e.g.
 * `00:01.034  Trạm y tế           alarm sent (incident 1, attempt 1)`.
 *
 * Time is `mm:ss.mmm` of virtual time (`h:mm:ss.mmm` once a run passes an hour, `Nd h:mm:ss.mmm`
 * past a day); the device is shown by its place name, padded to the longest name; the words
 * come from the message catalogue (`timeline.<event>` in `firmware/core/messages/catalogue.ts`,
 * Vietnamese or English), for the events of ARCHITECTURE §3 and the engine's own. An event the
 * catalogue does not know is printed generically: its name, then `key=value` fields.
 */
import { isEventName, type EventName } from "../../firmware/core/events.ts";
import { hasMessage, message, type Lang, type MessageId } from "../../firmware/core/messages/index.ts";
import { isModemFault, modemStillServes } from "../../firmware/core/modem-fault.ts";
import { escalationOffLine } from "../../firmware/core/escalation/unavailable.ts";
import { language } from "../lang.ts";
import type { SimEvent, SummaryEvent } from "./run.ts";

/** Who is who, for turning ids into place names. */
export interface TimelineNames {
  /** Device id → place name. */
  byId: ReadonlyMap<string, string>;
  /** Node id → place name (receivers may name callers by node id). */
  byNodeId?: ReadonlyMap<number, string>;
  /** Radio address → place name (e.g. the `from` of an arrival). */
  byAddress?: ReadonlyMap<string, string>;
  /** Phone number (E.164) → who has it: a duty officer, or the post's SIM (issue 14); shown as `name (phone)`. */
  byPhone?: ReadonlyMap<string, string>;
}

type Fields = Record<string, unknown>;
/** Which catalogue entry an event reads as, and any parameters computed for it. */
type Variant = { id: MessageId; params?: Fields };
type Chooser = (e: Fields, who: (x: unknown) => string, lang: Lang) => Variant;

const num = (v: unknown) => (typeof v === "number" ? String(v) : String(v ?? "?"));
/** Fields that name a device: shown as its place name. */
const NAMED_FIELDS = ["caller", "from", "to"] as const;

/**
 * Events whose words depend on their fields (a variant of the entry, or a computed part). Every
 * other event reads as the catalogue entry `timeline.<event>`, with its fields as parameters:
 * adding a phrase for a new event is one line in `firmware/core/messages/catalogue.ts`.
 */
/** A chooser that puts the words `timeline.word.<value>` for each of `fields` (the value itself when there are none). */
function worded(id: MessageId, ...fields: string[]): Chooser {
  return (e, _who, lang) => {
    const params: Fields = {};
    for (const f of fields) {
      const w = `timeline.word.${String(e[f])}`;
      if (hasMessage(w)) params[f] = message(lang, w);
    }
    return { id, params };
  };
}

const CHOOSERS: Partial<Record<EventName, Chooser>> = {
  incident_opened: (e, who) => ({ id: "timeline.incident_opened", params: { caller: typeof e.name === "string" && e.name !== "" ? e.name : who(e.caller) } }),
  siren: (e, _who, lang) => {
    if (!e.on) return { id: "timeline.siren.off" };
    if (e.pattern === undefined) return { id: "timeline.siren.on" };
    const id = `timeline.siren.pattern.${String(e.pattern)}`;
    return { id: "timeline.siren.on_pattern", params: { pattern: hasMessage(id) ? message(lang, id) : String(e.pattern) } };
  },
  frame_rejected: (e) => ({ id: e.from !== undefined ? "timeline.frame_rejected.from" : "timeline.frame_rejected" }),
  boot: (e, _who, lang) => {
    const role = e.role === "caller" || e.role === "receiver" ? ` (${message(lang, `timeline.role.${e.role}`)})` : e.role !== undefined ? ` (${String(e.role)})` : "";
    return { id: typeof e.pending === "number" && e.pending > 0 ? "timeline.boot.pending" : "timeline.boot", params: { role } };
  },
  power: (e) => ({ id: e.on ? "timeline.power.on" : "timeline.power.off" }),
  input: (e, _who, lang) => {
    const pinId = `timeline.pin.${String(e.pin)}`;
    const pin = hasMessage(pinId) ? message(lang, pinId) : String(e.pin);
    const id = e.source === "press" ? "timeline.input.press" : e.source === "button" ? "timeline.input.button" : e.source === "trace" ? "timeline.input.trace" : "timeline.input.script";
    return { id, params: { pin } };
  },
  attack: (e, who, lang) => {
    const what = e.kind === "replay" ? message(lang, "timeline.attack.replay", { from: who(e.from) }) : message(lang, "timeline.attack.forge", { from: who(e.from), mode: e.mode });
    if (e.why !== undefined) return { id: "timeline.attack.why", params: { what, why: e.why } };
    return { id: e.heard ? "timeline.attack" : "timeline.attack.unheard", params: { what } };
  },
  unprovisioned: (e, _who, lang) => ({ id: "timeline.unprovisioned", params: { role: e.role === "caller" || e.role === "receiver" ? message(lang, `timeline.role.${e.role}`) : num(e.role) } }),
  radio_arrival: (e) => ({ id: e.fate === "delivered" ? "timeline.radio_arrival.delivered" : "timeline.radio_arrival.lost" }),
  // issue 14: escalation, modem and phones; enum fields in words (`timeline.word.<value>`)
  escalation_call_state: worded("timeline.escalation_call_state", "state"),
  escalation_call_ended: worded("timeline.escalation_call_ended", "outcome"),
  escalation_taken: worded("timeline.escalation_taken", "via"),
  incident_acknowledged: (e) => ({ id: e.by !== undefined ? "timeline.incident_acknowledged.by_phone" : "timeline.incident_acknowledged" }),
  sms_ignored: worded("timeline.sms_ignored", "why"),
  fault_escalated: worded("timeline.fault_escalated", "kind"),
  phone_call_ended: worded("timeline.phone_call_ended", "why"),
  escalation_sms_sent: (e) => ({ id: e.kind === "test" ? "timeline.escalation_sms_sent.test" : "timeline.escalation_sms_sent" }),
  escalation_sms_failed: (e) => ({ id: e.kind === "test" ? "timeline.escalation_sms_failed.test" : "timeline.escalation_sms_failed" }),
  // the duty-phone fault acknowledged names it (field finding 7)
  fault_acknowledged: (e) => ({ id: e.escalation !== undefined ? "timeline.fault_acknowledged.escalation" : "timeline.fault_acknowledged" }),
  escalation_off: (e) => ({ id: e.why === "no_modem" ? "timeline.escalation_off.no_modem" : e.why === "bad_setting" ? (escalationOffLine("bad_setting", typeof e.key === "string" ? e.key : undefined) === "bad_settings" ? "timeline.escalation_off.bad_settings" : "timeline.escalation_off.bad_setting") : "timeline.escalation_off.no_duty_list" }),
  escalation_ok: (e) => ({ id: e.phones === 0 ? "timeline.escalation_ok.none" : "timeline.escalation_ok" }),
  modem_fault: (e, who, lang) => {
    // a warning (the modem still serves) is worded as such: `ModemFault` in firmware/stack/at/modem.ts
    const goesOn = isModemFault(e.reason) && modemStillServes(e.reason);
    const v = worded(goesOn ? "timeline.modem_fault.goes_on" : "timeline.modem_fault", "reason")(e, who, lang);
    return { id: v.id, params: { ...v.params, detail: typeof e.detail === "string" ? ` (${e.detail})` : "" } };
  },
};

/**
 * Whether the timeline has words for `event` (a catalogue entry `timeline.<event>` or a variant
 * chosen from its fields); otherwise it prints the event's name and `key=value` fields.
 */
export function hasPhrase(event: string): boolean {
  return Object.prototype.hasOwnProperty.call(CHOOSERS, event) || hasMessage(`timeline.${event}`);
}

/** `mm:ss.mmm`, or `h:mm:ss.mmm` when `long`, with days prefixed past 24 h. */
export function formatTime(ms: number, long = false): string {
  const pad = (n: number, w: number) => String(n).padStart(w, "0");
  const msPart = pad(ms % 1000, 3);
  const s = Math.floor(ms / 1000);
  if (!long) return `${pad(Math.floor(s / 60), 2)}:${pad(s % 60, 2)}.${msPart}`;
  const days = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const text = `${pad(h, 2)}:${pad(Math.floor((s % 3600) / 60), 2)}:${pad(s % 60, 2)}.${msPart}`;
  return days > 0 ? `${days}d ${text}` : text;
}

/** Width of a string in characters (code points, NFC), for padding names with diacritics. */
function width(text: string): number {
  return [...text.normalize("NFC")].length;
}

function fieldText(v: unknown): string {
  return typeof v === "string" ? (/\s/.test(v) || v === "" ? JSON.stringify(v) : v) : JSON.stringify(v);
}

/** Builds the line formatter for one run. */
export class Timeline {
  private readonly long: boolean;
  private readonly nameWidth: number;
  /**
   * Place names the events themselves gave (`incident_opened`, `caller_listed`, … carry the
   * caller's `name`; a receiver's `boot` its own), for ids the names given at the start lack:
   * a caller is then named alike on every line (issue 16: `bell monitor` without the full
   * registry named the place on one line and the id on the next).
   */
  private readonly learned = new Map<string, string>();

  /**
   * @param names ids, node ids and addresses → place names.
   * @param durationMs the run's length: past an hour, times get an hours field.
   * @param lang the language of the words (default: the tools' language, `tools/lang.ts`).
   * @param note for the summary: `"mqtt"` when some devices talk over MQTT, whose frames the
   *   simulated radio does not count.
   */
  constructor(
    private readonly names: TimelineNames,
    durationMs: number,
    private readonly lang: Lang = language(),
    private readonly note?: "mqtt",
  ) {
    this.long = durationMs >= 3_600_000;
    let w = 0;
    for (const n of names.byId.values()) w = Math.max(w, width(n));
    // phones report events of their own (the phone network's): their `name (phone)` is a device
    // column too, except the post SIM's, whose events are the post's
    const places = new Set(names.byId.values());
    for (const [phone, holder] of names.byPhone ?? []) if (!places.has(holder)) w = Math.max(w, width(this.who(phone)));
    this.nameWidth = w;
  }

  /** The place name for an id, node id or address, `name (phone)` for a known phone; the value itself when unknown. */
  who(x: unknown): string {
    if (typeof x === "number") return this.names.byNodeId?.get(x) ?? `node ${x}`;
    if (typeof x === "string") {
      const holder = this.names.byPhone?.get(x);
      if (holder !== undefined) return `${holder} (${x})`;
      return this.names.byId.get(x) ?? this.learned.get(x) ?? this.names.byAddress?.get(x) ?? x;
    }
    return String(x);
  }

  /** One line for one event (no newline). */
  line(e: SimEvent): string {
    if (e.event === "summary") return this.summary(e as SummaryEvent);
    const { t: _t, device: _d, event, ...fields } = e;
    this.learn(e.device, event, fields);
    const name = e.device === undefined ? "" : this.who(e.device);
    const padded = name + " ".repeat(Math.max(0, this.nameWidth - width(name)));
    return `${formatTime(e.t, this.long)}  ${padded}  ${this.words(event, fields)}`;
  }

  /** Remembers a place name an event gives for an id that has none yet. */
  private learn(device: string | undefined, event: string, fields: Fields): void {
    if (typeof fields.name !== "string" || fields.name === "") return;
    const id = typeof fields.caller === "string" ? fields.caller : event === "boot" ? device : undefined;
    if (id !== undefined && !this.names.byId.has(id) && !this.learned.has(id)) this.learned.set(id, fields.name);
  }

  /** The words for one event: its catalogue entry, or its name and `key=value` fields. */
  words(event: string, fields: Fields): string {
    const who = (x: unknown) => this.who(x);
    const chosen: Variant | undefined = (isEventName(event) ? CHOOSERS[event] : undefined)?.(fields, who, this.lang) ?? (hasMessage(`timeline.${event}`) ? { id: `timeline.${event}` as MessageId } : undefined);
    if (chosen === undefined) return [event, ...Object.entries(fields).map(([k, v]) => `${k}=${fieldText(v)}`)].join(" ");
    const params: Fields = { ...fields };
    for (const k of NAMED_FIELDS) if (fields[k] !== undefined) params[k] = who(fields[k]);
    params.inc = fields.incident === undefined ? "" : message(this.lang, "timeline.incident_suffix", { incident: fields.incident });
    Object.assign(params, chosen.params);
    return message(this.lang, chosen.id, params);
  }

  /**
   * The closing line: event counts and radio figures. "Received" counts every copy an app got
   * (a broadcast reaches each device; duplicates and an attacker's frames are said apart), so it
   * may exceed "sent" without contradicting it; a run with MQTT devices says that their frames
   * are not in these figures.
   */
  summary(s: SummaryEvent): string {
    const counts = Object.entries(s.counts).map(([k, v]) => `${k} ${v}`).join(", ");
    const r = s.radio;
    const lost = r.lost_air + r.lost_outage + r.lost_not_listening + r.lost_no_radio + r.lost_unknown_address;
    const extras: string[] = [];
    if (r.duplicated > 0) extras.push(message(this.lang, "summary.duplicates", { n: r.duplicated }));
    if (r.injected > 0) extras.push(message(this.lang, "summary.injected", { n: r.injected }));
    const line = message(this.lang, "summary.line", {
      scenario: s.scenario,
      seed: s.seed,
      counts: counts || message(this.lang, "summary.no_events"),
      sent: r.sent,
      received: r.delivered,
      extras: extras.length ? ` (${extras.join(", ")})` : "",
      lost,
    });
    const note = this.note === "mqtt" ? message(this.lang, "summary.mqtt_not_counted") : "";
    return `${formatTime(s.t, this.long)}  ${line}${note}`;
  }
}
