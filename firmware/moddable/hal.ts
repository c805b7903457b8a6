/**
 * Builds the hal `DeviceHal` an app runs on from the Moddable adapters.
 *
 * Pins come from the board (`board.ts`); outputs listed in `outputsLowAtBoot` (the receiver's
 * `siren`) are opened and driven low as soon as the hal exists, before any app or identity
 * logic, and handed to the app when it opens them. The radio opener is the caller's (`boot.ts`
 * opens ESP-NOW with the provisioned channel and peers). A board that maps `modem_tx` and
 * `modem_rx` on a target with `device.io.Serial` gets `openModemSerial`: the LTE modem on UART 2
 * at 115200 8N1 (`serial.ts`); the receiver escalates through it when provisioned to (issue 14).
 */
import type { DeviceHal, OutputRole } from "../hal/device.ts";
import type { DigitalOutput, Level } from "../hal/digital.ts";
import type { OpenRadio } from "../hal/radio.ts";
import type { OpenSerial } from "../hal/serial.ts";
import { BoardPins } from "./board.ts";
import { createClock, createWallTime } from "./clock.ts";
import { openDigitalInput, openDigitalOutput } from "./digital.ts";
import { createTraceEventSink } from "./events.ts";
import { createHmacSha256, type DigestInstance } from "./hmac.ts";
import { createRandomU32 } from "./random.ts";
import { createScheduler } from "./scheduler.ts";
import type { ModdableSdk } from "./sdk.ts";
import { MODEM_UART_DEFAULTS, openModemUart, type ModemUartOptions } from "./serial.ts";
import { createPreferenceStore } from "./store.ts";

/** Options of `createModdableHal` (`T`, `D`: the SDK's Timer and Digest instance types). */
export interface ModdableHalOptions<T extends object, D extends DigestInstance> {
  sdk: ModdableSdk<T, D>;
  /** Device id written in every event line. */
  deviceId: string;
  openRadio: OpenRadio;
  /** Preference domain of the app's state, 1…15 characters (default "bell"). */
  storeDomain?: string;
  /** Outputs driven low the moment the hal is built (default none; the receiver: `["siren"]`). */
  outputsLowAtBoot?: readonly OutputRole[];
}

/** Defaults of `createModdableHal`. */
export const HAL_DEFAULTS = {
  storeDomain: "bell",
  outputsLowAtBoot: [] as readonly OutputRole[],
} as const;

/**
 * A `DeviceHal` on Moddable.
 * @throws RangeError/TypeError from the board's pin map (`BoardPins`); Moddable errors when an
 *   output held low at boot cannot be opened.
 */
export function createModdableHal<T extends object, D extends DigestInstance>(options: ModdableHalOptions<T, D>): DeviceHal {
  const { sdk, deviceId, openRadio } = options;
  const storeDomain = options.storeDomain ?? HAL_DEFAULTS.storeDomain;
  const outputsLowAtBoot = options.outputsLowAtBoot ?? HAL_DEFAULTS.outputsLowAtBoot;
  const board = new BoardPins({ configPins: sdk.config.pins, devicePins: sdk.devicePins, board: sdk.config.board });
  const held = new Map<OutputRole, DigitalOutput>();
  for (const role of outputsLowAtBoot) {
    if (board.has(role) && !held.has(role)) held.set(role, openDigitalOutput(sdk.Digital, board.pin(role), 0));
  }
  const clock = createClock({ time: sdk.time });
  const Serial = sdk.Serial;
  const modem =
    Serial !== undefined && board.has("modem_tx") && board.has("modem_rx")
      ? { openModemSerial: modemOpener({ Serial, transmit: board.pin("modem_tx"), receive: board.pin("modem_rx") }, sdk.trace) }
      : {};
  return {
    clock,
    scheduler: createScheduler({ timer: sdk.timer }),
    random: createRandomU32({ rng: sdk.rng }),
    hmac: createHmacSha256({ Digest: sdk.Digest, HMAC: sdk.HMAC }),
    store: createPreferenceStore({ preference: sdk.preference, domain: storeDomain }),
    events: createTraceEventSink({ trace: sdk.trace, clock, device: deviceId }),
    wallTime: createWallTime({ dateNow: sdk.dateNow }),
    openRadio,
    openInput: (role, onReadable) => openDigitalInput(sdk.Digital, board.pin(role), onReadable),
    openOutput(role: OutputRole, initial: Level): DigitalOutput {
      const output = held.get(role);
      if (output === undefined) return openDigitalOutput(sdk.Digital, board.pin(role), initial);
      held.delete(role);
      output.write(initial);
      return output;
    },
    ...modem,
  };
}

/**
 * The modem UART opener. A port the SDK refuses (a pin or the port already in use: a wiring or
 * manifest mistake) must not stop the receiver, whose siren and callers matter more than its
 * modem: the console says why, and the app gets a line that drops what it writes and never
 * answers, which the modem's supervision reports as the fault `not_answering`.
 */
function modemOpener(options: ModemUartOptions, trace: (text: string) => void): OpenSerial {
  return (handlers) => {
    try {
      return openModemUart(options, handlers);
    } catch (err) {
      const port = options.port ?? MODEM_UART_DEFAULTS.port;
      trace(`warning-bell receiver: the modem UART ${port} (TX GPIO ${options.transmit}, RX GPIO ${options.receive}) cannot be opened: ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}. The modem will be reported as not answering; check the board manifest (manifests/boards/).\n`);
      return { write: () => {} };
    }
  };
}
