/**
 * hal digital pins over ECMA-419 `embedded:io/digital` (Moddable `modules/io/digital`, reached
 * as `device.io.Digital`).
 *
 * - Inputs: `InputPullUp` (the button is wired to GND, idle high), both edges armed
 *   (`edge: Rising | Falling`), `onReadable` forwarded. Moddable does no debouncing and coalesces
 *   edges that arrive before the callback runs: the core's debouncer reads the level each time.
 * - Outputs: `Output` with `initialValue`, which the ESP32 driver writes *before* it turns the pin
 *   into an output (`modules/io/digital/esp32/digitalbank.c`), so a siren relay never pulses on open.
 * Moddable errors pass through: "in use" (pin opened twice), RangeError "input only" (an output
 * on GPIO 34–39 of the classic ESP32).
 */
import type { DigitalInput, DigitalOutput, Level } from "../hal/digital.ts";

/** What the adapters need of one ECMA-419 Digital instance. */
export interface DigitalInstance {
  read(): number;
  write(value: Level): void;
  close(): void;
}

/** Constructor options of ECMA-419 Digital used here (`typings/embedded_io/digital.d.ts`). */
export interface DigitalOptions {
  pin: number;
  mode: number;
  edge?: number;
  initialValue?: Level;
  onReadable?: (this: DigitalInstance) => void;
}

/** What the adapters need of the Digital class (`device.io.Digital`). */
export interface DigitalClass {
  new (options: DigitalOptions): DigitalInstance;
  readonly InputPullUp: number;
  readonly Output: number;
  readonly Rising: number;
  readonly Falling: number;
}

/**
 * Opens `pin` as an input with the internal pull-up and both edges armed.
 * `onReadable` runs on the run loop after one or more edges; it must `read()` the level.
 */
export function openDigitalInput(Digital: DigitalClass, pin: number, onReadable: () => void): DigitalInput {
  const io = new Digital({
    pin,
    mode: Digital.InputPullUp,
    edge: Digital.Rising | Digital.Falling,
    onReadable: () => onReadable(),
  });
  return {
    read: (): Level => (io.read() ? 1 : 0),
    close: () => io.close(),
  };
}

/** Opens `pin` as a push-pull output, at `initial` from the first instant. */
export function openDigitalOutput(Digital: DigitalClass, pin: number, initial: Level): DigitalOutput {
  const io = new Digital({ pin, mode: Digital.Output, initialValue: initial });
  return {
    write: (level: Level) => io.write(level),
    close: () => io.close(),
  };
}
