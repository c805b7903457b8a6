/**
 * Claim: the air-time model charges a unicast ESP-NOW frame at 1 Mbps its 192 µs PLCP, 43 bytes
 * of ESP-NOW framing plus the payload at 8 µs a byte, SIFS and the MAC ACK (ESP-IDF esp_now
 * "Frame Format"; IEEE 802.11 DSSS).
 */
import test from "ava";
import { AIR, airUs, frameAirUs, frameChannelUs } from "../../bench/airtime.ts";

const rows: Array<[bodyBytes: number, us: number]> = [
  [0, 192 + 43 * 8 + 10 + 192 + 14 * 8], // 850
  [33, 850 + 33 * 8], // a heartbeat: 1114
  [250, 850 + 250 * 8], // the largest ESP-NOW v1 payload: 2850
];

for (const [body, us] of rows) {
  test(`a ${body}-byte payload holds the channel ${us} µs`, (t) => {
    t.is(frameAirUs(body), us);
    t.is(frameChannelUs(body), us + AIR.difsUs + 15.5 * AIR.slotUs);
  });
}

test("airUs sums frames and their payload bytes", (t) => {
  t.is(airUs(2, 33 + 31, false), frameAirUs(33) + frameAirUs(31));
  t.is(airUs(2, 33 + 31, true), frameChannelUs(33) + frameChannelUs(31));
  t.is(airUs(0, 0, true), 0);
});
