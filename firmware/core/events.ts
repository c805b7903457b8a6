/**
 * The event contract (ARCHITECTURE §3): every event a device, its entry point or the simulator
 * reports, with its fields, in one table. The TypeScript types are derived from the table, so the
 * names and fields the emitters are checked against (`firmware/hal/events.ts`), the ones the
 * timeline, monitor, bridge and bench read, and the rows of ARCHITECTURE §3 (checked by
 * `test/docs/event-contract-matches-architecture.test.ts`) are one definition.
 *
 * Each line on the wire is `{"t": <ms since start>, "device": "<id>", "event": "<name>", …fields}`;
 * `t` and `device` are stamped by the sink (`RESERVED_EVENT_FIELDS`), never given by an emitter.
 *
 * A field spec is `"number"`, `"string"` or `"boolean"`, with `?` when the field is sometimes
 * absent. Units are in the field names (`latency_ms`, `uptime_s`); numbers are integers.
 *
 * Platform-free: no Node, no Moddable (it is bundled into the device firmware).
 */
import { errorText } from "./error-text.ts";

/** The kind of one field: its JSON type, `?` when it may be absent. */
export type FieldSpec = "number" | "string" | "boolean" | "number?" | "string?" | "boolean?";

/** Who reports an event: the ARCHITECTURE §3 table's `device` column. */
export type EventSource = "caller" | "receiver" | "any" | "simulator" | "(none)";

/** One row of the contract. */
export interface EventSpec {
  source: EventSource;
  fields: Readonly<Record<string, FieldSpec>>;
}

/**
 * Every event, by name: who reports it and its fields (ARCHITECTURE §3; the receiver's and
 * caller's READMEs say when). `summary` is the simulator's last line; its fields are objects
 * (`tools/sim/run.ts` `SummaryEvent`), so it is listed here by name only.
 */
export const EVENT_CONTRACT = {
  // The caller (firmware/caller/README.md).
  press: { source: "caller", fields: { incident: "number", coalesced: "boolean?" } },
  alarm_tx: { source: "caller", fields: { incident: "number", attempt: "number" } },
  alarm_delivered: { source: "caller", fields: { incident: "number", latency_ms: "number", resent_after_boot: "boolean?" } },
  alarm_acknowledged: { source: "caller", fields: { incident: "number" } },
  alarm_resolved: { source: "caller", fields: { incident: "number" } },
  link_fault: { source: "caller", fields: {} },
  link_ok: { source: "caller", fields: {} },
  button_stuck: { source: "caller", fields: {} },
  button_released: { source: "caller", fields: {} },
  // The receiver (receiver/README.md).
  incident_opened: { source: "receiver", fields: { caller: "string", incident: "number", name: "string" } },
  incident_acknowledged: { source: "receiver", fields: { caller: "string", incident: "number", by: "string?" } },
  incident_resolved: { source: "receiver", fields: { caller: "string", incident: "number", auto: "boolean?" } },
  incident_repeated: { source: "receiver", fields: { caller: "string", incident: "number", alarm: "number", presses: "number" } },
  incident_not_recorded: { source: "receiver", fields: { caller: "string", incident: "number", name: "string" } },
  siren: { source: "receiver", fields: { on: "boolean", pattern: "string" } },
  siren_test: { source: "receiver", fields: {} },
  caller_offline: { source: "receiver", fields: { caller: "string", name: "string" } },
  caller_online: { source: "receiver", fields: { caller: "string" } },
  caller_rebooted: { source: "receiver", fields: { caller: "string", uptime_s: "number" } },
  caller_link_fault: { source: "receiver", fields: { caller: "string", name: "string" } },
  caller_link_ok: { source: "receiver", fields: { caller: "string" } },
  caller_button_stuck: { source: "receiver", fields: { caller: "string", name: "string" } },
  caller_button_released: { source: "receiver", fields: { caller: "string" } },
  fault_acknowledged: { source: "receiver", fields: { offline: "number", stuck: "number", unrecorded: "number?", modem: "string?", escalation: "string?" } },
  caller_listed: { source: "receiver", fields: { caller: "string", name: "string" } },
  // The receiver's escalation to the duty phones over LTE (issue 14; firmware/core/escalation/,
  // firmware/stack/post-escalation.ts). `incidents` is `caller#incident` separated by spaces.
  escalation_started: { source: "receiver", fields: { escalation: "number", incidents: "string", places: "string", alarms: "string" } },
  escalation_joined: { source: "receiver", fields: { escalation: "number", caller: "string", incident: "number", alarm: "number" } },
  escalation_sms_sent: { source: "receiver", fields: { to: "string", kind: "string", escalation: "number?", text: "string" } },
  escalation_sms_failed: { source: "receiver", fields: { to: "string", kind: "string", error: "string", retry_in_ms: "number" } },
  escalation_sms_held: { source: "receiver", fields: { to: "string", kind: "string", why: "string", wait_ms: "number" } },
  escalation_call: { source: "receiver", fields: { to: "string", escalation: "number", round: "number" } },
  escalation_call_state: { source: "receiver", fields: { to: "string", state: "string" } },
  escalation_call_ended: { source: "receiver", fields: { to: "string", escalation: "number", outcome: "string", error: "string?" } },
  escalation_dtmf_ignored: { source: "receiver", fields: { from: "string", key: "string" } },
  escalation_taken: { source: "receiver", fields: { escalation: "number", by: "string", name: "string", via: "string", incidents: "string", alarms: "string" } },
  escalation_closed: { source: "receiver", fields: { escalation: "number", why: "string" } },
  sms_ignored: { source: "receiver", fields: { from: "string", why: "string", text: "string" } },
  fault_escalated: { source: "receiver", fields: { kind: "string", caller: "string" } },
  modem_ok: { source: "receiver", fields: {} },
  modem_fault: { source: "receiver", fields: { reason: "string", detail: "string?" } },
  modem_noise: { source: "receiver", fields: { what: "string" } },
  escalation_off: { source: "receiver", fields: { why: "string", key: "string?", reason: "string?" } },
  // field finding 8: the positive counterpart of escalation_off, once per boot (firmware/core/escalation/status.ts)
  escalation_ok: { source: "receiver", fields: { phones: "number" } },
  // Either app, or the device entry point before the app (firmware/moddable/boot.ts, tools/sim/console.ts).
  boot: { source: "any", fields: { role: "string", pending: "number?", open: "number?", name: "string?" } },
  frame_rejected: { source: "any", fields: { reason: "string" } },
  store_error: { source: "any", fields: { what: "string", error: "string", key: "string?" } },
  radio_ready: { source: "any", fields: { radio: "string", address: "string", channel: "number", peers: "number" } },
  unprovisioned: { source: "any", fields: { role: "string", address: "string", domain: "string" } },
  provisioning_error: { source: "any", fields: { role: "string", address: "string", key: "string", reason: "string" } },
  boot_error: { source: "any", fields: { role: "string", error: "string" } },
  // The simulator's engine (tools/sim/inputs.ts; `pin`, `radio_send`, `radio_arrival` with --detail).
  input: { source: "simulator", fields: { pin: "string", source: "string", edges: "number", press_ms: "number?" } },
  power: { source: "simulator", fields: { on: "boolean" } },
  attack: { source: "simulator", fields: { kind: "string", from: "string", mode: "string?", bytes: "number", heard: "boolean", why: "string?" } },
  pin: { source: "simulator", fields: { role: "string", level: "number" } },
  radio_send: { source: "simulator", fields: { to: "string", bytes: "number" } },
  radio_arrival: { source: "simulator", fields: { from: "string", fate: "string" } },
  // The simulator's phone network and modem model (tools/sim/phone-network.ts, modem.ts, inputs.ts); device = the phone's number.
  phone_sends_sms: { source: "simulator", fields: { to: "string", text: "string" } },
  phone_sms: { source: "simulator", fields: { from: "string", text: "string", parts: "number" } },
  phone_ringing: { source: "simulator", fields: { from: "string" } },
  phone_answered: { source: "simulator", fields: {} },
  phone_key: { source: "simulator", fields: { key: "string" } },
  phone_call_ended: { source: "simulator", fields: { why: "string" } },
  modem_set: { source: "simulator", fields: { state: "string" } },
  summary: { source: "(none)", fields: {} },
} as const satisfies Record<string, EventSpec>;

/** Every event name of the contract. */
export type EventName = keyof typeof EVENT_CONTRACT;

/** The fields the sink stamps on every line; an emitter never gives them. */
export const RESERVED_EVENT_FIELDS = ["t", "device", "event"] as const;

type FieldType<S> = S extends "number" | "number?" ? number : S extends "string" | "string?" ? string : S extends "boolean" | "boolean?" ? boolean : never;
type Fields<Spec> = { -readonly [K in keyof Spec as Spec[K] extends `${string}?` ? never : K]: FieldType<Spec[K]> } & {
  -readonly [K in keyof Spec as Spec[K] extends `${string}?` ? K : never]?: FieldType<Spec[K]>;
};
type Flatten<T> = { [K in keyof T]: T[K] };

/** The fields of event `E` (without `t`, `device`, `event`), e.g. `{ incident: number; attempt: number }` for `alarm_tx`. */
export type EventFieldsOf<E extends EventName> = Flatten<Fields<(typeof EVENT_CONTRACT)[E]["fields"]>>;

/**
 * One event as an emitter gives it: a discriminated union keyed on `event`, e.g.
 * `{ event: "alarm_tx", incident: 3, attempt: 1 }`.
 */
export type BellEvent = { [E in EventName]: Flatten<{ event: E } & EventFieldsOf<E>> }[EventName];

/** One line of the stream: a `BellEvent` with the sink's stamps (`device` is absent on `summary`). */
export type BellEventLine = BellEvent & { t: number; device?: string };

/** The names of the events `source` reports, in contract order. */
export function eventsFrom(source: EventSource): EventName[] {
  return (Object.keys(EVENT_CONTRACT) as EventName[]).filter((name) => EVENT_CONTRACT[name].source === source);
}

/**
 * The fields of a `store_error` event, built one way wherever a store write fails (the radio
 * stack, the apps): `what` record, the error's words (`errorText`), and the Preference `key`
 * when one key failed. Field order is the order of the line.
 */
export function storeErrorFields(what: string, err: unknown, key?: string): EventFieldsOf<"store_error"> {
  return key === undefined ? { what, error: errorText(err) } : { what, error: errorText(err), key };
}

/** Whether `name` is an event of the contract. */
export function isEventName(name: unknown): name is EventName {
  return typeof name === "string" && Object.prototype.hasOwnProperty.call(EVENT_CONTRACT, name);
}
