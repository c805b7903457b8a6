/**
 * The messages between a device's firmware in XS (`standins/host-link.ts`) and its host
 * (`device-host.ts`), as JSON text inside xsnap's netstrings. Shared by both sides: types and
 * constant tables only (it is bundled into XS, so no Node API).
 *
 * host → XS (`handleCommand`): `CommandMessage` {c: context, k: command, a: arguments};
 *   XS replies `CommandReply` {o: queued calls, e?: the callback's exception, late?: count}.
 * XS → host (`issueCommand`): `QueryMessage` {o: queued calls, q: one call with a result};
 *   the host answers `QueryAnswer` {v: value} or {e: [error class, message]}.
 * Bytes (frames, keys, blobs) travel as lower-case hex.
 */

/** The instant a host command runs at: constant during the callback (virtual time stands still). */
export interface HostContext {
  /** The device's tick counter, ms, unsigned 32-bit (what `Time.ticks` reads, folded). */
  ticks: number;
  /** Wall clock, ms since 1970, or a small number while the device's clock is not set (`Date.now`). */
  wallMs: number;
  /** Level (0/1) of each open input pin, by pin handle id. */
  levels: Record<string, 0 | 1>;
}

/** One call from XS: `[op, ...arguments]`. */
export type Op = [string, ...unknown[]];

export interface CommandMessage {
  c: HostContext;
  k: string;
  a: unknown[];
}

export interface CommandReply {
  o: Op[];
  /** The callback threw: [class name, message, stack]. */
  e?: [string, string, string];
  /** Calls queued outside any command (from a promise job) since the last command. */
  late?: number;
}

export interface QueryMessage {
  o: Op[];
  q: Op;
}

export type QueryAnswer = { v: unknown } | { e: [string, string] };

/** Host commands (host → XS). */
export const COMMANDS = Object.freeze({
  /** Start the firmware: arguments `BootInfo`. */
  boot: "boot",
  /** A Moddable timer fired: (timer id). */
  timer: "timer",
  /** An input pin's `onReadable`: (pin id). */
  readable: "readable",
  /** ESP-NOW receive: (payload hex, source MAC, rssi | null). */
  received: "received",
  /** ESP-NOW send-done: (ok). */
  sent: "sent",
  /** The modem UART received bytes: (bytes hex). */
  serialReceived: "serial.received",
  /** Collect garbage (`gc()`), so the reply's meter shows the live heap. */
  collect: "collect",
});

/** Calls from XS (XS → host). `post`: no result; `call`: a result or an error. */
export const OPS = Object.freeze({
  /** post (text): XS `trace` output; lines are JSON events. */
  trace: "trace",
  /** post (id, delay ms). */
  timerSet: "timer.set",
  /** post (id). */
  timerClear: "timer.clear",
  /** call (role) → [pin id, level now]: open an input, both edges, pull-up. */
  pinInput: "pin.input",
  /** call (role, initial level) → pin id: open an output. */
  pinOutput: "pin.output",
  /** post (pin id, level). */
  pinWrite: "pin.write",
  /** post (pin id). */
  pinClose: "pin.close",
  /** call () → true: open the radio (ESP-NOW started). */
  radioOpen: "radio.open",
  /** post (MAC, payload hex). */
  radioSend: "radio.send",
  /** post (). */
  radioAbandon: "radio.abandon",
  /** post (). */
  radioClose: "radio.close",
  /** call () → true: open the hal's modem UART (`openModemSerial`). */
  serialOpen: "serial.open",
  /** post (bytes hex): bytes out of the modem UART's TX FIFO, in order. */
  serialWrite: "serial.write",
  /** post (): the firmware closed the modem UART. */
  serialClose: "serial.close",
  /** call (domain, key) → `WireValue` | null. */
  prefGet: "pref.get",
  /** call (domain, key, `WireValue`). */
  prefSet: "pref.set",
  /** call (domain, key). */
  prefDelete: "pref.delete",
  /** call (domain) → keys. */
  prefKeys: "pref.keys",
  /** call (key hex, data hex) → tag hex (HMAC-SHA256). */
  hmac: "hmac",
  /** call (count) → hex of `count` random bytes. */
  random: "random",
});

/** A Preference value on the wire: numbers, strings and booleans as they are; blobs as {hex}. */
export type WireValue = number | string | boolean | { hex: string };

/** What the firmware learns at boot from "the chip" and the build. */
export interface BootInfo {
  /** The station MAC ("aa:bb:cc:dd:ee:ff"), what `esp_read_mac` gives. */
  stationAddress: string;
  /** The build's `mc/config` (the board manifest's `config`: `pins`, `board`). */
  config: Record<string, unknown>;
}
