/** The hardware interfaces the caller and receiver apps use; see each file. */
export type { Clock, Scheduler, TimerHandle } from "./clock.ts";
export type { Level, DigitalInput, OpenDigitalInput, DigitalOutput } from "./digital.ts";
export type { Pwm } from "./pwm.ts";
export type { Radio, RadioHandlers, OpenRadio } from "./radio.ts";
export { STORE_LIMITS, checkStoreEntry, type Store, type StoreValue } from "./store.ts";
export type { EventSink, EventFields } from "./events.ts";
export type { HmacSha256, RandomU32 } from "./crypto.ts";
export type { DeviceHal, DeviceApp, InputRole, OutputRole } from "./device.ts";
export type { Serial, SerialHandlers, OpenSerial } from "./serial.ts";
