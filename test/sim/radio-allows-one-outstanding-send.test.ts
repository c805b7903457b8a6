import test from "ava";
import { EventQueue } from "../../tools/sim/clock.ts";
import { Medium, MEDIUM_LIMITS } from "../../tools/sim/medium.ts";
import { RunLoop } from "../../tools/sim/run-loop.ts";

function twoRadios(latencyMs: [number, number] = [1, 3]) {
  const queue = new EventQueue();
  const medium = new Medium({ queue, seed: 1, global: { latencyMs } });
  medium.attach("a", "aa");
  medium.attach("b", "bb");
  const loop = new RunLoop(queue, (cb) => cb());
  const log: string[] = [];
  const a = medium.open("a", { onReceive() {}, onSent: (ok) => log.push(`sent ${ok}`) }, loop);
  medium.open("b", { onReceive: (p) => log.push(`b got ${p.length}`), onSent() {} }, loop);
  return { queue, medium, a, log, loop };
}

test("a second send while the first is outstanding throws; after its send-done the radio is free", (t) => {
  const { queue, a, log } = twoRadios();
  a.send("bb", new Uint8Array([1]));
  t.true(a.busy);
  t.throws(() => a.send("bb", new Uint8Array([2])), { message: /busy/ });
  queue.runUntil(10_000);
  t.false(a.busy);
  t.deepEqual(log, ["b got 1", "sent true"]);
  t.notThrows(() => a.send("bb", new Uint8Array([3])));
});

test("payloads must be 1…250 bytes; the radio copies them", (t) => {
  const { queue, a, log } = twoRadios();
  t.is(a.maxPayload, MEDIUM_LIMITS.maxPayloadBytes);
  t.throws(() => a.send("bb", new Uint8Array(0)), { instanceOf: RangeError });
  t.throws(() => a.send("bb", new Uint8Array(251)), { instanceOf: RangeError });
  t.false(a.busy, "a refused send leaves the radio free");
  const payload = new Uint8Array(250);
  a.send("bb", payload);
  payload.fill(9); // changing the caller's buffer after send must not change the frame
  queue.runUntil(10_000);
  t.deepEqual(log, ["b got 250", "sent true"]);
});

test("send-done never runs inside send, even with zero latency", (t) => {
  const { queue, a, log } = twoRadios([0, 0]);
  a.send("bb", new Uint8Array([1]));
  t.deepEqual(log, [], "nothing reported synchronously");
  queue.runUntil(0);
  t.deepEqual(log, ["b got 1", "sent true"]);
});

test("a frame to an unknown address fails at the MAC level; broadcast reaches others and always reports true", (t) => {
  const { queue, a, log } = twoRadios();
  a.send("cc", new Uint8Array([1]));
  queue.runUntil(10_000);
  t.deepEqual(log, ["sent false"]);
  a.send(MEDIUM_LIMITS.broadcast, new Uint8Array([1, 2]));
  queue.runUntil(20_000);
  t.deepEqual(log, ["sent false", "b got 2", "sent true"]);
});

test("after abandon the late send-done is ignored; after close nothing is sent or reported", (t) => {
  const { queue, a, log } = twoRadios([2, 2]);
  a.send("bb", new Uint8Array([1]));
  a.abandon();
  t.false(a.busy);
  a.send("bb", new Uint8Array([1, 2]));
  queue.runUntil(10_000);
  t.deepEqual(log, ["b got 1", "b got 2", "sent true"], "one send-done: the second send's");
  a.close();
  t.throws(() => a.send("bb", new Uint8Array([1])), { message: /closed/ });
});
