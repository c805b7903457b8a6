/**
 * The hal `EventSink` on the device: one JSON object per line on the USB serial console via
 * XS `trace()` (ARCHITECTURE §3): `{"t": <ms since start>, "device": "<id>", "event": "<name>", …}`.
 *
 * `trace` adds no newline (`xs/includes/xs.d.ts`), so each line ends with "\n". `t` is ms since
 * boot: the hal `Clock` at creation (on ESP32 the FreeRTOS tick count, 0 at boot), then
 * accumulated across the 32-bit tick wrap, so it keeps growing after 49.7 days (right as long as
 * two events are less than 2^32 ms apart). The fields `t`, `device` and `event` are the sink's:
 * a field of the same name given by the app is ignored.
 *
 * Which builds print: `trace` reaches UART0 at `CONFIG_ESP_CONSOLE_UART_BAUDRATE` (115200) in an
 * instrumented release build (`mcconfig -i`); a debug build (`-d`) wraps each line for xsbug;
 * a plain release build links `debugger_none.c` and prints nothing (docs/deploying.md).
 */
import type { Clock } from "../hal/clock.ts";
import type { EventFields, UntypedEventSink } from "../hal/events.ts";

/** Options of `createTraceEventSink`. */
export interface TraceEventSinkOptions {
  /** XS `trace` (a recorder in tests). */
  trace: (text: string) => void;
  clock: Clock;
  /** The device id written in every line, e.g. "clinic". */
  device: string;
}

/**
 * A hal `EventSink` printing JSON lines. It prints whatever it is given (the contract is checked
 * where the apps call `emit`), so it is returned untyped; it is an `EventSink`.
 */
export function createTraceEventSink(options: TraceEventSinkOptions): UntypedEventSink {
  const { trace, clock, device } = options;
  let last = clock.now();
  let elapsedMs = last;
  return {
    emit(event: string, fields?: EventFields): void {
      const now = clock.now();
      elapsedMs += (now - last) >>> 0;
      last = now;
      const line: Record<string, unknown> = { t: elapsedMs, device, event };
      if (fields) {
        for (const name of Object.keys(fields)) if (!(name in line)) line[name] = fields[name];
      }
      trace(JSON.stringify(line) + "\n");
    },
  };
}
