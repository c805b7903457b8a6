import test from "ava";
import { checkEspNowSettings, checkKey, checkSend, ESPNOW_LIMITS } from "../../firmware/espnow/limits.ts";

const peer = "24:0a:c4:12:34:56";

const refusedSends: [string, string, Uint8Array, RegExp][] = [
  ["broadcast destination", "ff:ff:ff:ff:ff:ff", new Uint8Array(10), /^to: broadcast/],
  ["empty payload", peer, new Uint8Array(0), /^payload: must be 1…250 bytes, got 0/],
  ["251-byte payload", peer, new Uint8Array(251), /^payload: must be 1…250 bytes, got 251/],
];
for (const [what, to, payload, message] of refusedSends) {
  test(`send refuses a ${what} with a RangeError`, (t) => {
    t.throws(() => checkSend(to, payload), { instanceOf: RangeError, message });
  });
}

test("send accepts 1 and 250 bytes to a unicast peer and returns its 6 address bytes", (t) => {
  t.deepEqual([...checkSend(peer, new Uint8Array(1))], [0x24, 0x0a, 0xc4, 0x12, 0x34, 0x56]);
  t.is(checkSend(peer, new Uint8Array(ESPNOW_LIMITS.maxPayloadBytes)).length, 6);
});

test("a malformed destination is a TypeError naming `to`", (t) => {
  t.throws(() => checkSend("24:0a:c4", new Uint8Array(1)), { instanceOf: TypeError, message: /^to: / });
});

for (const channel of [0, 12, 14, 6.5, Number.NaN]) {
  test(`channel ${channel} is refused, never clamped`, (t) => {
    t.throws(() => checkEspNowSettings({ channel }), { instanceOf: RangeError, message: /^channel: must be an integer 1…11/ });
  });
}

test("channels 1 and 11 pass; a PMK must be 16 bytes", (t) => {
  t.is(checkEspNowSettings({ channel: 1 }).channel, 1);
  t.is(checkEspNowSettings({ channel: 11, pmk: new Uint8Array(16) }).pmk?.length, 16);
  t.throws(() => checkEspNowSettings({ channel: 1, pmk: new Uint8Array(15) }), { instanceOf: RangeError, message: /^pmk: must be 16 bytes, got 15/ });
  t.throws(() => checkKey([1, 2] as unknown as Uint8Array, "lmk"), { instanceOf: TypeError, message: /^lmk: / });
});
