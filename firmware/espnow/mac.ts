/**
 * MAC addresses for the ESP-NOW binding: the hal radio contract's (`firmware/hal/mac.ts`), where
 * every radio user (stack, provisioning, simulator) reads them; re-exported for this adapter.
 */
export { BROADCAST_MAC, MAC_BYTES, formatMac, normalizeMac, parseMac } from "../hal/mac.ts";
