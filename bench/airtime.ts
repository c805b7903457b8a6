/**
 * Air time of ESP-NOW frames at the default 1 Mbps rate: how much of the channel a caller uses.
 *
 * The constants and the per-frame arithmetic live with the simulator's air model
 * (`tools/sim/airtime.ts`, one definition); this file adds the access waits and sums.
 *
 * So one unicast frame holds the channel for PLCP + frame + SIFS + ACK; before it a sender
 * waits DIFS plus a random backoff (mean CWmin/2 slots when the channel is idle).
 */

import { AIR, frameAirUs } from "../tools/sim/airtime.ts";

export { AIR, frameAirUs };

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
