import test from "ava";
import { TRANSMIT_QUEUE_DEFAULTS, TransmitQueue, type SendOutcome } from "../../firmware/core/link/transmit-queue.ts";
import { FakeRadio, type SendDone } from "./support/fake-radio.ts";
import { VirtualLoop } from "./support/virtual-loop.ts";

const TIMEOUT = TRANSMIT_QUEUE_DEFAULTS.sendDoneTimeoutMs;

// Rows: what happens to the first frame's send-done; its expected outcome; when the second frame
// goes out (ms); whether the radio still delivers a late callback after abandon.
const rows: [string, SendDone, SendOutcome, number, boolean][] = [
  ["ok in 2 ms", { result: "ok", afterMs: 2 }, "sent", 2, true],
  ["a MAC failure in 3 ms", { result: "fail", afterMs: 3 }, "failed", 3, true],
  ["a send-done that comes late (150 ms)", { result: "ok", afterMs: 150 }, "timeout", TIMEOUT, true],
  ["a late send-done the radio still delivers after abandon", { result: "ok", afterMs: 150 }, "timeout", TIMEOUT, false],
  ["a send-done that never comes", { result: "never" }, "timeout", TIMEOUT, true],
  ["a send that throws", { result: "throw" }, "error", 0, true],
];

for (const start of [0, 2 ** 32 - 50]) {
  for (const [name, first, outcome, secondAtMs, honours] of rows) {
    test(`${name} does not wedge the queue (start ${start})`, (t) => {
      const loop = new VirtualLoop(start);
      const outcomes: SendOutcome[] = [];
      let queue: TransmitQueue | undefined;
      const radio = new FakeRadio(loop, [first, { result: "ok", afterMs: 2 }, { result: "ok", afterMs: 2 }], (ok, now) => queue!.sent(ok, now));
      radio.honoursAbandon = honours;
      queue = new TransmitQueue({
        send: (to, bytes) => radio.send(to, bytes),
        abandon: () => radio.abandon(),
        onSendDone: (_to, o) => outcomes.push(o),
      });
      loop.add(queue);
      loop.at(0, (now) => {
        for (const n of [1, 2, 3]) queue!.enqueue("aa:bb", Uint8Array.of(n), now);
      });
      loop.runUntil(1_000);

      t.is(radio.overlaps, 0, "never two sends outstanding");
      const sent = radio.sends.map((s) => s.bytes[0]);
      t.deepEqual(sent, first.result === "throw" ? [2, 3] : [1, 2, 3], "every other frame still goes out, in order");
      t.is(radio.sends.find((s) => s.bytes[0] === 2)!.at, secondAtMs);
      t.deepEqual(outcomes, [outcome, "sent", "sent"]);
      t.false(queue.sending);
      t.is(queue.length, 0);
      t.is(queue.nextDeadline(), undefined);
    });
  }
}

test("a send-done when nothing is outstanding is ignored", (t) => {
  const sends: number[] = [];
  const queue = new TransmitQueue({ send: (_to, b) => sends.push(b[0]!), abandon: () => {} });
  t.notThrows(() => queue.sent(true, 5));
  queue.enqueue("x", Uint8Array.of(7), 10);
  queue.sent(true, 11);
  queue.sent(false, 12); // a second, stray callback
  queue.enqueue("x", Uint8Array.of(8), 13);
  t.deepEqual(sends, [7, 8]);
  t.true(queue.sending);
});
