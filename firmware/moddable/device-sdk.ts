/**
 * The real Moddable SDK behind `ModdableSdk` (device only: it imports the SDK's modules, which
 * exist only in a firmware built by `mcconfig` from `manifests/`). Everything else in
 * `firmware/moddable` takes these through `ModdableSdk` and runs on Node with fakes.
 */
import { Digest } from "crypt";
import HMAC from "hmac";
import config from "mc/config";
import Preference from "preference";
import RNG from "rng";
import Time from "time";
import Timer from "timer";
import WiFi from "wifi";
import EspNow from "../espnow/espnow.ts";
import type { ModdableSdk } from "./sdk.ts";

/** Binds the SDK modules, the `device` global and the ESP-NOW module. */
export function moddableSdk(): ModdableSdk<Timer, Digest> {
  return {
    time: Time,
    timer: Timer,
    preference: Preference,
    Digest,
    HMAC,
    rng: RNG,
    Digital: device.io.Digital,
    PWM: device.io.PWM,
    Serial: device.io.Serial,
    config,
    devicePins: device.pin,
    trace: (text: string) => trace(text),
    dateNow: () => Date.now(),
    stationAddress: () => EspNow.stationAddress,
    startStation: () => {
      WiFi.mode = WiFi.Mode.station;
    },
    openEspNow: (options) => new EspNow(options),
  };
}
