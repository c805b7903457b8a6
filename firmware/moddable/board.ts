/**
 * Pin roles → GPIO numbers for one board.
 *
 * The roles are the hal's (`firmware/hal/device.ts`) plus `buzzer` (an optional piezo on PWM) and
 * the receiver's LTE modem UART, `modem_tx` (the ESP32's TX, to the modem's RXD) and `modem_rx`
 * (the ESP32's RX, from the modem's TXD): both or neither (`serial.ts`, issue 14).
 * A role's GPIO comes from the build's `mc/config` `pins` object (our board manifests,
 * `manifests/boards/*.json`), else from the Moddable target's `device.pin` (e.g. esp32/nodemcu
 * has `{button: 0, led: 2}`: `build/devices/esp32/targets/nodemcu/host/provider.js`). A role
 * with neither is a loud error naming the role and where to set it (STYLE rule 20).
 */
import type { InputRole, OutputRole } from "../hal/device.ts";

/** Every pin role a board may map. */
export const PIN_ROLES = ["button", "acknowledge", "reset", "next", "led", "siren", "buzzer", "modem_tx", "modem_rx"] as const;

/** The modem UART's pin roles, mapped both or neither. */
export const MODEM_PIN_ROLES = ["modem_tx", "modem_rx"] as const;

/** A pin role. */
export type PinRole = InputRole | OutputRole | "buzzer" | (typeof MODEM_PIN_ROLES)[number];

/** Highest GPIO number accepted (ESP32-S3 has GPIO 0…48; the classic ESP32 0…39). */
export const MAX_GPIO = 48;

/** Options of `BoardPins`. */
export interface BoardPinsOptions {
  /** `config.pins` from `mc/config`: role → GPIO. Unknown roles are refused (a typo would lose a pin). */
  configPins?: unknown;
  /** `device.pin` of the Moddable target: name → GPIO. Names that are not roles are ignored. */
  devicePins?: unknown;
  /** The board manifest's name, for messages, e.g. "devkit". */
  board?: string;
}

/** The GPIO of each pin role of this board. */
export class BoardPins {
  readonly #pins = new Map<PinRole, number>();
  readonly #board: string;

  /**
   * @throws TypeError when `configPins` is not an object; RangeError naming `config.pins.<role>`
   *   for an unknown role, a value that is not a GPIO number 0…48, a GPIO used by two roles, or
   *   one modem UART pin without the other (naming the missing one).
   */
  constructor(options: BoardPinsOptions) {
    this.#board = options.board ?? "this board";
    const roles: readonly string[] = PIN_ROLES;
    if (options.devicePins !== undefined && options.devicePins !== null && typeof options.devicePins === "object") {
      for (const [name, gpio] of Object.entries(options.devicePins as Record<string, unknown>)) {
        if (roles.includes(name) && isGpio(gpio)) this.#pins.set(name as PinRole, gpio);
      }
    }
    const config = options.configPins;
    if (config === undefined) return;
    if (config === null || typeof config !== "object" || Array.isArray(config)) {
      throw new TypeError(`config.pins: must be an object of role → GPIO (roles: ${PIN_ROLES.join(", ")})`);
    }
    const seen = new Map<number, string>();
    for (const [role, gpio] of Object.entries(config as Record<string, unknown>)) {
      if (!roles.includes(role)) throw new RangeError(`config.pins.${role}: unknown pin role (known: ${PIN_ROLES.join(", ")})`);
      if (!isGpio(gpio)) throw new RangeError(`config.pins.${role}: must be a GPIO number 0…${MAX_GPIO}, got ${JSON.stringify(gpio)}`);
      const other = seen.get(gpio);
      if (other !== undefined) throw new RangeError(`config.pins.${role}: GPIO ${gpio} is already the ${other} pin`);
      seen.set(gpio, role);
      this.#pins.set(role as PinRole, gpio);
    }
    const [tx, rx] = MODEM_PIN_ROLES;
    if (this.#pins.has(tx) !== this.#pins.has(rx)) {
      const missing = this.#pins.has(tx) ? rx : tx;
      throw new RangeError(`config.pins.${missing}: the modem UART needs both ${tx} and ${rx} (or neither, for a post without a modem)`);
    }
  }

  /** True when the board maps `role`. */
  has(role: PinRole): boolean {
    return this.#pins.has(role);
  }

  /**
   * The GPIO of `role`.
   * @throws Error naming the role and where to map it when the board has no such pin.
   */
  pin(role: PinRole): number {
    const gpio = this.#pins.get(role);
    if (gpio === undefined) {
      throw new Error(`${this.#board} has no "${role}" pin: map it in the board manifest's config.pins (manifests/boards/) or in the target's device.pin`);
    }
    return gpio;
  }
}

function isGpio(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= MAX_GPIO;
}
