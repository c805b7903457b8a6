/**
 * Claim: the encoder refuses a field outside its wire range (a programmer error) with a
 * RangeError or TypeError naming the field, instead of truncating it silently.
 */
import test from "ava";
import { FRAME } from "../../firmware/core/frame/constants.ts";
import { encodeFrame } from "../../firmware/core/frame/encode.ts";
import type { Frame } from "../../firmware/core/frame/types.ts";

const tag = () => new Uint8Array(FRAME.tagBytes);
const alarm: Frame = { kind: "alarm", incident: 1, seq: 1, sender: 1, counter: 1 };

const CASES: { name: string; frame: unknown; error: typeof RangeError | typeof TypeError; message: RegExp }[] = [
  { name: "sender 2^32", frame: { ...alarm, sender: 0x1_0000_0000 }, error: RangeError, message: /sender/ },
  { name: "negative counter", frame: { ...alarm, counter: -1 }, error: RangeError, message: /counter/ },
  { name: "fractional counter", frame: { ...alarm, counter: 1.5 }, error: RangeError, message: /counter/ },
  { name: "seq 65536", frame: { ...alarm, seq: 0x1_0000 }, error: RangeError, message: /seq/ },
  { name: "incident NaN", frame: { ...alarm, incident: Number.NaN }, error: RangeError, message: /incident/ },
  { name: "status 256", frame: { kind: "heartbeat", status: 256, uptimeS: 0, seq: 0, sender: 1, counter: 1 }, error: RangeError, message: /status/ },
  { name: "uptimeS 2^32", frame: { kind: "heartbeat", status: 0, uptimeS: 2 ** 32, seq: 0, sender: 1, counter: 1 }, error: RangeError, message: /uptimeS/ },
  { name: "ackSeq 65536", frame: { kind: "ack", ackKind: "alarm", ackSeq: 0x1_0000, seq: 0, sender: 1, counter: 1 }, error: RangeError, message: /ackSeq/ },
  { name: "ack of an ack", frame: { kind: "ack", ackKind: "ack", ackSeq: 0, seq: 0, sender: 1, counter: 1 }, error: RangeError, message: /ackKind/ },
  { name: "unknown kind", frame: { ...alarm, kind: "panic" }, error: TypeError, message: /kind panic/ },
];

for (const c of CASES) {
  test(`encoder refuses ${c.name}`, (t) => {
    t.throws(() => encodeFrame(c.frame as Frame, tag), { instanceOf: c.error, message: c.message });
  });
}

test("encoder refuses a tag function that returns too few bytes", (t) => {
  t.throws(() => encodeFrame(alarm, () => new Uint8Array(FRAME.tagBytes - 1)), { instanceOf: RangeError, message: /tagOf/ });
});
