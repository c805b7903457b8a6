/** Claim: the channel constructor refuses bad options with an error that names the field. */
import test from "ava";
import { SecureChannel, type ChannelOptions, CHANNEL_DEFAULTS } from "../../firmware/core/channel.ts";
import { hmacSha256 } from "../../tools/sim/hmac.ts";
import { MapStore } from "./map-store.ts";

const KEY = new Uint8Array(16).fill(7);
const good = (): ChannelOptions => ({ self: 1, keys: new Map([[2, KEY]]), hmac: hmacSha256, store: new MapStore() });

const CASES: { name: string; options: () => unknown; error: typeof RangeError | typeof TypeError; message: RegExp }[] = [
  { name: "self not a u32", options: () => ({ ...good(), self: 2 ** 32 }), error: RangeError, message: /^self/ },
  { name: "keys not a Map", options: () => ({ ...good(), keys: { 2: KEY } }), error: TypeError, message: /^keys/ },
  { name: "a peer id not a u32", options: () => ({ ...good(), keys: new Map([[-2, KEY]]) }), error: RangeError, message: /^keys: peer -2/ },
  { name: "self among the keys", options: () => ({ ...good(), keys: new Map([[1, KEY]]) }), error: RangeError, message: /^keys: must not contain self/ },
  { name: "a 15-byte key", options: () => ({ ...good(), keys: new Map([[2, KEY.subarray(1)]]) }), error: RangeError, message: /^keys: the key of peer 2 must be 16 bytes/ },
  { name: "a key that is not bytes", options: () => ({ ...good(), keys: new Map([[2, "0123456789abcdef"]]) }), error: RangeError, message: /^keys/ },
  { name: "hmac missing", options: () => ({ ...good(), hmac: undefined }), error: TypeError, message: /^hmac/ },
  { name: "store missing", options: () => ({ ...good(), store: null }), error: TypeError, message: /^store/ },
  { name: "counterBlock 0", options: () => ({ ...good(), counterBlock: 0 }), error: RangeError, message: /^counterBlock/ },
  { name: "replayWindowFrames 100", options: () => ({ ...good(), replayWindowFrames: 100 }), error: RangeError, message: /^replayWindowFrames/ },
  { name: "replayMarkBlock 0.5", options: () => ({ ...good(), replayMarkBlock: 0.5 }), error: RangeError, message: /^replayMarkBlock/ },
  { name: "a counter mark that is a string", options: () => ({ ...good(), store: new MapStore({ "ch.ctr": "x" }) }), error: TypeError, message: /ch\.ctr/ },
];

for (const c of CASES) {
  test(`refuses ${c.name}`, (t) => {
    t.throws(() => new SecureChannel(c.options() as ChannelOptions), { instanceOf: c.error, message: c.message });
  });
}

test("defaults apply when optional fields are absent or undefined", (t) => {
  const store = new MapStore();
  const channel = new SecureChannel({ ...good(), store, counterBlock: undefined });
  channel.seal(2, { kind: "alarm", incident: 1, seq: 1 });
  t.is(store.get("ch.ctr"), CHANNEL_DEFAULTS.counterBlock);
});

test("sealing for a device that is not a peer is a RangeError", (t) => {
  const channel = new SecureChannel(good());
  t.throws(() => channel.seal(3, { kind: "alarm", incident: 1, seq: 1 }), { instanceOf: RangeError, message: /3 is not a peer/ });
  t.throws(() => channel.seal(1, { kind: "alarm", incident: 1, seq: 1 }), { instanceOf: RangeError, message: /1 is not a peer/ });
});

test("the channel keeps its own copy of the keys", (t) => {
  const key = KEY.slice();
  const receiver = new SecureChannel({ self: 2, keys: new Map([[1, key]]), hmac: hmacSha256, store: new MapStore() });
  const caller = new SecureChannel({ ...good(), keys: new Map([[2, KEY.slice()]]) });
  key.fill(0); // the caller of the constructor reuses its buffer
  t.like(receiver.open(caller.seal(2, { kind: "alarm", incident: 1, seq: 1 })), { ok: true });
});
