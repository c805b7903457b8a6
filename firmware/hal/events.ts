/**
 * The device's event output: one JSON line per event on the USB console (ARCHITECTURE §3).
 * The sink stamps `t` (ms since start) and `device`; apps give the event name and its fields.
 * Names and fields are the contract of `firmware/core/events.ts`.
 */
import type { EventFieldsOf, EventName } from "../core/events.ts";

export type { BellEvent, EventFieldsOf, EventName } from "../core/events.ts";

export type EventFields = Record<string, string | number | boolean | null>;

/**
 * What `emit` accepts as the fields of `event`:
 * - fields with known names (an object literal) must be exactly the contract's fields of that
 *   event (a missing, misspelt, extra or wrongly typed field is a type error);
 * - fields built as a loose record (`EventFields`, a string index), or an event name known only
 *   as a union of names, are checked at run time by the sink alone (JSON values, no reserved
 *   field), as before the contract was typed.
 */
export type ContractFields<E extends EventName, F> = [E] extends [SingleName<E>]
  ? string extends keyof F
    ? unknown
    : EventFieldsOf<E> & { [K in Exclude<keyof F, keyof EventFieldsOf<E>>]: never }
  : unknown;
/** The fields argument: required when the event has a required field, else optional. */
export type FieldsArgument<E extends EventName, F> = {} extends EventFieldsOf<E> ? [fields?: F & ContractFields<E, F>] : [fields: F & ContractFields<E, F>];
/** `E` when it is one name, `never` when it is a union of names. */
type SingleName<E, All = E> = E extends unknown ? ([All] extends [E] ? E : never) : never;

export interface EventSink {
  /**
   * Reports one event, e.g. `emit("alarm_tx", { incident: 3, attempt: 1 })`; the name and fields
   * are checked against the contract (`ContractFields`).
   */
  emit<E extends EventName, F extends EventFields = {}>(event: E, ...fields: FieldsArgument<E, F>): void;
}

/**
 * A sink seen without the contract: for code that relays lines already written (the XS device
 * host) and for the simulator engine's own test apps. Every `EventSink` implementation is one.
 */
export interface UntypedEventSink {
  emit(event: string, fields?: EventFields): void;
}
