import type { CallerConfig } from "../core/config.ts";
import type { DeviceApp, DeviceHal } from "../hal/device.ts";

/** A running caller (being written by the lead: the signature is the contract). */
export interface CallerApp extends DeviceApp {}

/**
 * Starts the caller app on a platform.
 * @param hal the platform (Moddable adapters on the device, simulator adapters on the host).
 * @param config identity, key, receiver and settings (validated with `checkConfig`).
 */
export function startCaller(hal: DeviceHal, config: CallerConfig): CallerApp {
  void hal;
  void config;
  throw new Error("caller app: not built yet");
}
