/**
 * The parts of the Moddable SDK the device adapters use, as one injectable object.
 *
 * On the device `device-sdk.ts` fills it from the real modules (`time`, `timer`, `preference`,
 * `crypt`, `hmac`, `rng`, `wifi`, `mc/config`, the `device` global (Digital, PWM, Serial) and `firmware/espnow`); tests
 * fill it with fakes. Each member's shape is declared by the adapter that uses it, so the
 * adapters, `hal.ts` and `boot.ts` run on Node as they are (fakes stay at this edge).
 */
import type { Radio, RadioHandlers } from "../hal/radio.ts";
import type { TimeModule } from "./clock.ts";
import type { DigitalClass } from "./digital.ts";
import type { DigestInstance, HmacOptions } from "./hmac.ts";
import type { PwmClass } from "./pwm.ts";
import type { SerialClass } from "./serial.ts";
import type { RngModule } from "./random.ts";
import type { TimerModule } from "./scheduler.ts";
import type { PreferenceModule } from "./store.ts";

/** A radio with a peer list (ESP-NOW needs unicast peers added before it sends to them). */
export interface PeerRadio extends Radio {
  /** Adds a unicast peer; `lmk` (16 bytes) encrypts the link at the MAC layer. */
  addPeer(address: string, options?: { lmk?: Uint8Array }): void;
}

/** Options of `ModdableSdk.openEspNow` (`EspNowOptions` of `firmware/espnow/espnow.ts`). */
export interface PeerRadioOptions extends RadioHandlers {
  /** Wi-Fi channel 1…11. */
  channel: number;
}

/** The build's `mc/config` as far as the adapters read it (`manifests/boards/*.json`). */
export interface DeviceConfig {
  /** Pin role → GPIO. */
  pins?: unknown;
  /** Board manifest name, e.g. "devkit". */
  board?: string;
}

/**
 * The SDK surface. `T` is the Timer class's instance type, `D` the Digest class's (each adapter
 * hands back only what the same SDK object gave it).
 */
export interface ModdableSdk<T extends object = object, D extends DigestInstance = DigestInstance> {
  time: TimeModule;
  timer: TimerModule<T>;
  preference: PreferenceModule;
  Digest: HmacOptions<D>["Digest"];
  HMAC: HmacOptions<D>["HMAC"];
  rng: RngModule;
  /** `device.io.Digital` (ECMA-419). */
  Digital: DigitalClass;
  /** `device.io.PWM` (ECMA-419), when the target has it. */
  PWM?: PwmClass;
  /** `device.io.Serial` (ECMA-419), when the target has it: the receiver's modem UART. */
  Serial?: SerialClass;
  config: DeviceConfig;
  /** `device.pin` of the Moddable target. */
  devicePins: unknown;
  /** XS `trace`: writes text to the console, no newline added. */
  trace(text: string): void;
  /** `Date.now()`. */
  dateNow(): number;
  /** This chip's station MAC ("aa:bb:cc:dd:ee:ff"), readable before Wi-Fi starts. */
  stationAddress(): string;
  /** Starts Wi-Fi in station mode without connecting to any access point (`WiFi.mode = WiFi.Mode.station`). */
  startStation(): void;
  /** Opens ESP-NOW on a channel; Wi-Fi must be started. */
  openEspNow(options: PeerRadioOptions): PeerRadio;
}
