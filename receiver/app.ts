import type { ReceiverConfig } from "../firmware/core/config.ts";
import type { DeviceApp, DeviceHal } from "../firmware/hal/device.ts";

/** A running receiver (being written by the lead: the signature is the contract). */
export interface ReceiverApp extends DeviceApp {}

/**
 * Starts the receiver app on a platform.
 * @param hal the platform (Moddable adapters on the device, simulator adapters on the host).
 * @param config identity, callers with their keys, and settings (validated with `checkConfig`).
 */
export function startReceiver(hal: DeviceHal, config: ReceiverConfig): ReceiverApp {
  void hal;
  void config;
  throw new Error("receiver app: not built yet");
}
