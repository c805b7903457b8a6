/**
 * Air time of ESP-NOW frames at the default 1 Mbps rate: the one definition the simulator's air
 * model (`medium.ts`) and the bench (`bench/airtime.ts`) both use.
 *
 * Sources:
 * - ESP-NOW frame (ESP-IDF `esp_now` docs, "Frame Format"): a vendor-specific action frame of
 *   MAC header 24 B, category code 1 B, organization identifier 3 B, random values 4 B, vendor
 *   specific content (element id 1, length 1, OUI 3, type 1, version 1, then the body 0–250 B)
 *   and FCS 4 B: 43 bytes around our payload. "The default bit rate is 1 Mbps"
 *   (alarm-field-facts §3.1).
 * - 1 Mbps is 802.11b DSSS (IEEE 802.11-2012 clause 16): long PLCP preamble 144 µs and header
 *   48 µs = 192 µs before the MAC frame, then 8 µs per byte; SIFS 10 µs, slot 20 µs,
 *   DIFS = SIFS + 2 slots = 50 µs, CWmin 31 slots. A unicast frame is answered by a 14-byte
 *   MAC ACK after SIFS.
 * So one unicast frame holds the channel for PLCP + frame + SIFS + ACK; before it a sender
 * waits DIFS plus a random backoff (uniform 0 … CWmin slots).
 */

/** The constants above (µs and bytes). */
export const AIR = Object.freeze({
  bitRateMbps: 1,
  /** Bytes around an ESP-NOW body: 24 + 1 + 3 + 4 + 7 + 4. */
  espNowOverheadBytes: 24 + 1 + 3 + 4 + 7 + 4,
  plcpUs: 192,
  usPerByte: 8,
  sifsUs: 10,
  difsUs: 50,
  slotUs: 20,
  cwMinSlots: 31,
  ackBytes: 14,
});

/** Time on air of the data frame alone with a `bodyBytes` payload (PLCP + MAC frame), µs. */
export function dataAirUs(bodyBytes: number): number {
  return AIR.plcpUs + (AIR.espNowOverheadBytes + bodyBytes) * AIR.usPerByte;
}

/** SIFS + the MAC ACK that answers a unicast frame, µs (202 + 112 = 314). */
export const ACK_EXCHANGE_US = AIR.sifsUs + AIR.plcpUs + AIR.ackBytes * AIR.usPerByte;

/** Channel time of one unicast ESP-NOW frame with a `bodyBytes` payload and its MAC ACK, µs. */
export function frameAirUs(bodyBytes: number): number {
  return dataAirUs(bodyBytes) + ACK_EXCHANGE_US;
}
