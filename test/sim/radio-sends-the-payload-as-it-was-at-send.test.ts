/**
 * Claim (tools/sim/medium.ts, ESP-IDF `esp_now_send`): a payload is copied at `send`. What the
 * app does to its array afterwards — while the frame is in flight, or after it arrived — reaches
 * neither the receiving app nor the attacker's capture, and the receiver's array is its own.
 */
import test from "ava";
import { EventQueue } from "../../tools/sim/clock.ts";
import { Medium } from "../../tools/sim/medium.ts";
import { RunLoop } from "../../tools/sim/run-loop.ts";

test("the receiver gets the bytes as they were at send, in an array of its own", (t) => {
  const queue = new EventQueue();
  const medium = new Medium({ queue, seed: 3, global: { duplicate: 1 } });
  medium.attach("a", "aa");
  medium.attach("b", "bb");
  const loop = new RunLoop(queue, (cb) => cb());
  const got: Uint8Array[] = [];
  const a = medium.open("a", { onReceive() {}, onSent() {} }, loop);
  medium.open("b", { onReceive: (p) => got.push(p), onSent() {} }, loop);
  const payload = Uint8Array.of(1, 2, 3, 4);
  const view = new Uint8Array(16).fill(7).subarray(4, 8);
  view.set([5, 6, 7, 8]);
  queue.at(0, () => {
    a.send("bb", payload);
    payload.fill(0); // the app reuses its array at once
  });
  queue.at(20_000, () => a.send("bb", view));
  queue.at(20_001, () => view.fill(9));
  queue.runUntil(100_000);
  t.deepEqual(got.map((p) => [...p]), [[1, 2, 3, 4], [1, 2, 3, 4], [5, 6, 7, 8], [5, 6, 7, 8]], "each frame and its duplicate");
  t.not(got[0], got[1], "a duplicate is a copy of its own");
  got[0]!.fill(0xff);
  t.deepEqual([...got[1]!], [1, 2, 3, 4], "one receiver's array is not another's");
  t.deepEqual([...medium.captured("a", 2)!.bytes], [1, 2, 3, 4], "and the capture keeps the bytes sent");
  t.is(got.every((p) => p.byteOffset === 0 && p.buffer.byteLength === p.length), true, "a view's copy holds just the payload");
});
