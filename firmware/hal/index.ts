/** The hardware interfaces the caller and receiver apps use; see each file. */
export type { Clock, Scheduler, TimerHandle } from "./clock.ts";
export type { Level, DigitalInput, OpenDigitalInput, DigitalOutput } from "./digital.ts";
export type { Pwm } from "./pwm.ts";
export { ESPNOW_LIMITS, type Radio, type RadioHandlers, type OpenRadio } from "./radio.ts";
export { BROADCAST_MAC, MAC_BYTES, formatMac, normalizeMac, parseMac } from "./mac.ts";
export { STORE_LIMITS, checkStoreEntry, type Store, type StoreValue } from "./store.ts";
export type { EventSink, EventFields, UntypedEventSink, BellEvent, EventName, EventFieldsOf } from "./events.ts";
export { HMAC_SHA256_BYTES, checkHmacInto, type HmacSha256, type RandomU32 } from "./crypto.ts";
export type { DeviceHal, DeviceApp, InputRole, OutputRole } from "./device.ts";
export type { Serial, SerialHandlers, OpenSerial } from "./serial.ts";
export type { Screen, OpenScreen } from "./screen.ts";
