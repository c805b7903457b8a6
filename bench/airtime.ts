/**
 * Air time of ESP-NOW frames at the default 1 Mbps rate: how much of the channel a caller uses.
 *
 * Sources:
 * - ESP-NOW frame (ESP-IDF `esp_now` docs, "Frame Format"): a vendor-specific action frame of
 *   MAC header 24 B, category code 1 B, organization identifier 3 B, random values 4 B, vendor
 *   specific content (element id 1, length 1, OUI 3, type 1, version 1, then the body 0–250 B)
 *   and FCS 4 B: 43 bytes around our payload. "The default ESP-NOW bit rate is 1 Mbps."
 * - 1 Mbps is 802.11b DSSS (IEEE 802.11-2012 clause 16): long PLCP preamble 144 µs and header
 *   48 µs = 192 µs before the MAC frame, then 8 µs per byte; SIFS 10 µs, slot 20 µs,
 *   DIFS = SIFS + 2 slots = 50 µs, CWmin 31 slots. A unicast frame is answered by a 14-byte
 *   MAC ACK after SIFS.
 * So one unicast frame holds the channel for PLCP + frame + SIFS + ACK; before it a sender
 * waits DIFS plus a random backoff (mean CWmin/2 slots when the channel is idle).
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

/** Channel time of one unicast ESP-NOW frame with a `bodyBytes` payload and its MAC ACK, µs. */
export function frameAirUs(bodyBytes: number): number {
  const frame = AIR.plcpUs + (AIR.espNowOverheadBytes + bodyBytes) * AIR.usPerByte;
  const ack = AIR.plcpUs + AIR.ackBytes * AIR.usPerByte;
  return frame + AIR.sifsUs + ack;
}

/** The same plus the sender's DIFS and mean idle-channel backoff, µs: the channel time a frame costs. */
export function frameChannelUs(bodyBytes: number): number {
  return frameAirUs(bodyBytes) + AIR.difsUs + (AIR.cwMinSlots / 2) * AIR.slotUs;
}

/**
 * Air time of `frames` frames carrying `bytes` bytes of payload in all, µs (each with its ACK,
 * plus DIFS and mean backoff when `withAccess`).
 */
export function airUs(frames: number, bytes: number, withAccess: boolean): number {
  const perFrame = frameAirUs(0) + (withAccess ? AIR.difsUs + (AIR.cwMinSlots / 2) * AIR.slotUs : 0);
  return frames * perFrame + bytes * AIR.usPerByte;
}
