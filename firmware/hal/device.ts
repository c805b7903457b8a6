import type { Clock, Scheduler } from "./clock.ts";
import type { HmacSha256, RandomU32 } from "./crypto.ts";
import type { DigitalInput, DigitalOutput, Level } from "./digital.ts";
import type { EventSink } from "./events.ts";
import type { OpenRadio } from "./radio.ts";
import type { OpenScreen } from "./screen.ts";
import type { OpenSerial } from "./serial.ts";
import type { Store } from "./store.ts";

/**
 * Pin roles by name. The board config (`manifests/boards/*.json` on the device, the scenario's
 * device in the simulator) maps each role to a GPIO.
 * - caller: `button` (input, active-low), `led` (output)
 * - receiver: `siren` (output, driven low at boot), `acknowledge` and `reset` (operator
 *   buttons, inputs, active-low), `led` (output), and with a screen `next` (the **Xem tiếp**
 *   button that steps the screen through the indications, input, active-low)
 */
export type InputRole = "button" | "acknowledge" | "reset" | "next";
export type OutputRole = "led" | "siren";

/**
 * Everything an app gets from the platform it runs on. The device entry points build one from
 * Moddable adapters (`firmware/moddable`), the simulator from its own (`tools/sim`).
 */
export interface DeviceHal {
  clock: Clock;
  scheduler: Scheduler;
  random: RandomU32;
  hmac: HmacSha256;
  /** Persistent storage (one Preference domain on the device). */
  store: Store;
  /** The JSON-lines event stream (ARCHITECTURE §3). */
  events: EventSink;
  /**
   * Wall-clock time in Unix seconds, or undefined while it is not known (before SNTP or
   * `Time.set` on the device). Optional: only the event log uses it.
   */
  wallTime?(): number | undefined;
  openRadio: OpenRadio;
  /**
   * Opens the input pin with this role, both edges armed, pull-up on.
   * @throws Error naming the role when the board has no such pin.
   */
  openInput(role: InputRole, onReadable: () => void): DigitalInput;
  /**
   * Opens the output pin with this role, driven to `initial` at once.
   * @throws Error naming the role when the board has no such pin.
   */
  openOutput(role: OutputRole, initial: Level): DigitalOutput;
  /**
   * The receiver's LTE modem UART (issue 14, `firmware/stack/post-escalation.ts`); absent on
   * boards and in simulations without a modem.
   */
  openModemSerial?: OpenSerial;
  /**
   * The receiver's screen (issue 13, `screen.ts`); absent on boards without one (and then the
   * `next` button is not opened).
   */
  openScreen?: OpenScreen;
}

/** A running app. `stop` releases its pins, radio and timers (power off in the simulator). */
export interface DeviceApp {
  stop(): void;
}
