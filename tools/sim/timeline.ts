/**
 * The readable timeline of a run: one line per event, e.g.
 * `00:01.034  Trạm y tế           alarm sent (incident 1, attempt 1)`.
 *
 * Time is `mm:ss.mmm` of virtual time (`h:mm:ss.mmm` once a run passes an hour, `Nd h:mm:ss.mmm`
 * past a day); the device is shown by its place name, padded to the longest name; the words
 * come from a table per event name (ARCHITECTURE §3 plus the engine's own events). An event the
 * table does not know is printed generically: its name, then `key=value` fields.
 */
import type { SimEvent, SummaryEvent } from "./run.ts";

/** Who is who, for turning ids into place names. */
export interface TimelineNames {
  /** Device id → place name. */
  byId: ReadonlyMap<string, string>;
  /** Node id → place name (receivers may name callers by node id). */
  byNodeId?: ReadonlyMap<number, string>;
  /** Radio address → place name (e.g. the `from` of an arrival). */
  byAddress?: ReadonlyMap<string, string>;
}

type Fields = Record<string, unknown>;
type Phrase = (e: Fields, who: (x: unknown) => string) => string;

const num = (v: unknown) => (typeof v === "number" ? String(v) : String(v ?? "?"));
const inc = (e: Fields) => (e.incident === undefined ? "" : ` (incident ${num(e.incident)})`);

/** Plain words for each known event. */
const PHRASES: Record<string, Phrase> = {
  press: () => "button pressed: alarm triggered",
  alarm_tx: (e) => `alarm sent (incident ${num(e.incident)}, attempt ${num(e.attempt)})`,
  alarm_delivered: (e) => `alarm delivered (incident ${num(e.incident)}, ${num(e.latency_ms)} ms after the press)`,
  alarm_acknowledged: (e) => `police acknowledged: help is coming${inc(e)}`,
  link_fault: () => "LINK FAULT: cannot reach the post",
  link_ok: () => "link to the post restored",
  incident_opened: (e, who) => `INCIDENT OPENED: ${e.name !== undefined ? String(e.name) : who(e.caller)}${inc(e)}`,
  incident_acknowledged: (e, who) => `officer acknowledged the alarm from ${who(e.caller)}${inc(e)}`,
  incident_resolved: (e, who) => `incident at ${who(e.caller)} reset (closed)${inc(e)}`,
  siren: (e) => (e.on ? `siren ON${e.pattern !== undefined ? ` (${String(e.pattern)})` : ""}` : "siren off"),
  caller_offline: (e, who) => `${who(e.caller)} is OFFLINE (no heartbeat)`,
  caller_online: (e, who) => `${who(e.caller)} is back online`,
  caller_button_stuck: (e, who) => `${who(e.caller)} has a STUCK BUTTON (it cannot raise an alarm)`,
  caller_button_released: (e, who) => `${who(e.caller)}'s button is free again`,
  caller_rebooted: (e, who) => `${who(e.caller)} RESTARTED (it had run ${num(e.uptime_s)} s)`,
  caller_link_fault: (e, who) => `${who(e.caller)} cannot hear the post (its acks do not reach it)`,
  caller_link_ok: (e, who) => `${who(e.caller)} hears the post again`,
  frame_rejected: (e, who) => `frame rejected: ${String(e.reason)}${e.from !== undefined ? ` (from ${who(e.from)})` : ""}`,
  alarm_resolved: (e) => `the post closed the incident${inc(e)}`,
  boot: (e) => {
    const rest = Object.entries(e).filter(([k]) => k !== "role").map(([k, v]) => `${k}=${fieldText(v)}`);
    return `app started${e.role !== undefined ? ` (${String(e.role)})` : ""}${rest.length ? `: ${rest.join(" ")}` : ""}`;
  },
  power: (e) => (e.on ? "power restored" : "POWER LOST"),
  input: (e) => {
    const pin = String(e.pin);
    if (e.source === "press") return `someone presses the ${pin} for ${num(e.press_ms)} ms`;
    if (e.source === "button") return `officer presses ${pin} (${num(e.press_ms)} ms)`;
    if (e.source === "trace") return `${pin}: a recorded trace starts playing (${num(e.edges)} edges)`;
    return `${pin}: ${num(e.edges)} scripted level changes (bounce, noise or press)`;
  },
  attack: (e, who) => {
    const what = e.kind === "replay" ? `replays a frame captured from ${who(e.from)}` : `forges a frame as ${who(e.from)} (${String(e.mode)})`;
    if (e.why !== undefined) return `attacker ${what}: ${String(e.why)}`;
    return `attacker ${what}${e.heard ? "" : ", unheard"}`;
  },
  pin: (e) => `${String(e.role)} → ${num(e.level)}`,
  radio_send: (e, who) => `radio: ${num(e.bytes)} bytes to ${who(e.to)}`,
  radio_arrival: (e, who) => `radio: frame from ${who(e.from)} ${e.fate === "delivered" ? "received" : `lost (${String(e.fate)})`}`,
};

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
   * @param names ids, node ids and addresses → place names.
   * @param durationMs the run's length: past an hour, times get an hours field.
   */
  constructor(
    private readonly names: TimelineNames,
    durationMs: number,
  ) {
    this.long = durationMs >= 3_600_000;
    let w = 0;
    for (const n of names.byId.values()) w = Math.max(w, width(n));
    this.nameWidth = w;
  }

  /** The place name for an id, node id or address; the value itself when unknown. */
  who(x: unknown): string {
    if (typeof x === "number") return this.names.byNodeId?.get(x) ?? `node ${x}`;
    if (typeof x === "string") return this.names.byId.get(x) ?? this.names.byAddress?.get(x) ?? x;
    return String(x);
  }

  /** One line for one event (no newline). */
  line(e: SimEvent): string {
    if (e.event === "summary") return this.summary(e as SummaryEvent);
    const name = e.device === undefined ? "" : this.who(e.device);
    const padded = name + " ".repeat(Math.max(0, this.nameWidth - width(name)));
    const { t: _t, device: _d, event, ...fields } = e;
    const phrase = PHRASES[event];
    const words = phrase
      ? phrase(fields, (x) => this.who(x))
      : [event, ...Object.entries(fields).map(([k, v]) => `${k}=${fieldText(v)}`)].join(" ");
    return `${formatTime(e.t, this.long)}  ${padded}  ${words}`;
  }

  /** The closing line: event counts and radio figures. */
  summary(s: SummaryEvent): string {
    const counts = Object.entries(s.counts).map(([k, v]) => `${k} ${v}`).join(", ");
    const r = s.radio;
    const lost = r.lost_air + r.lost_outage + r.lost_not_listening + r.lost_no_radio + r.lost_unknown_address;
    return (
      `${formatTime(s.t, this.long)}  end of "${s.scenario}" (seed ${s.seed}): ${counts || "no events"}; ` +
      `radio ${r.sent} frames sent, ${r.delivered} delivered, ${lost} lost`
    );
  }
}
