/**
 * The device's event output: one JSON line per event on the USB console (ARCHITECTURE §3).
 * The sink stamps `t` (ms since start) and `device`; apps give the event name and its fields.
 */
export type EventFields = Record<string, string | number | boolean | null>;

export interface EventSink {
  /** Reports one event, e.g. `emit("alarm_tx", { incident: 3, attempt: 1 })`. */
  emit(event: string, fields?: EventFields): void;
}
