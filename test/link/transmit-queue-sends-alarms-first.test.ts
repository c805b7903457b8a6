import test from "ava";
import { TRANSMIT_PRIORITY, TransmitQueue, type SendOutcome } from "../../firmware/core/link/transmit-queue.ts";

/** A queue over a radio that records sends and completes only when told. */
function setup(capacity?: number) {
  const sent: string[] = [];
  const outcomes: [string, SendOutcome][] = [];
  const queue = new TransmitQueue({
    send: (to) => sent.push(to),
    abandon: () => {},
    capacity,
    onSendDone: (to, o) => outcomes.push([to, o]),
  });
  return { sent, outcomes, queue };
}

test("frames waiting behind a send leave by priority: alarm, ack, feedback, heartbeat; FIFO within one", (t) => {
  const { sent, queue } = setup();
  const p = TRANSMIT_PRIORITY;
  queue.enqueue("first", new Uint8Array(1), 0, p.heartbeat); // goes out at once
  queue.enqueue("hb", new Uint8Array(1), 0, p.heartbeat);
  queue.enqueue("resolved", new Uint8Array(1), 0, p.resolved);
  queue.enqueue("ack1", new Uint8Array(1), 0, p.ack);
  queue.enqueue("alarm", new Uint8Array(1), 0, p.alarm);
  queue.enqueue("ack2", new Uint8Array(1), 0, p.ack);
  for (let now = 1; queue.sending; now++) queue.sent(true, now);
  t.deepEqual(sent, ["first", "alarm", "ack1", "ack2", "resolved", "hb"]);
});

test("without priorities the queue is first in, first out", (t) => {
  const { sent, queue } = setup();
  for (const name of ["a", "b", "c", "d"]) queue.enqueue(name, new Uint8Array(1), 0);
  for (let now = 1; queue.sending; now++) queue.sent(false, now);
  t.deepEqual(sent, ["a", "b", "c", "d"]);
});

test("a full queue pushes out its newest worst frame for a better one, and refuses an equal or worse one", (t) => {
  const { sent, outcomes, queue } = setup(2);
  const p = TRANSMIT_PRIORITY;
  queue.enqueue("out", new Uint8Array(1), 0, p.heartbeat); // outstanding, not counted
  t.true(queue.enqueue("hb1", new Uint8Array(1), 0, p.heartbeat));
  t.true(queue.enqueue("hb2", new Uint8Array(1), 0, p.heartbeat));
  t.false(queue.enqueue("hb3", new Uint8Array(1), 0, p.heartbeat), "equal priority refused");
  t.true(queue.enqueue("alarm", new Uint8Array(1), 0, p.alarm), "an alarm always finds room");
  t.deepEqual(outcomes, [["hb3", "dropped"], ["hb2", "dropped"]]);
  for (let now = 1; queue.sending; now++) queue.sent(true, now);
  t.deepEqual(sent, ["out", "alarm", "hb1"]);
});

test("options are validated, naming the field", (t) => {
  const base = { send: () => {}, abandon: () => {} };
  const bad: [object, string, RegExp][] = [
    [{ ...base, sendDoneTimeoutMs: 0 }, "RangeError", /sendDoneTimeoutMs/],
    [{ ...base, sendDoneTimeoutMs: 1.5 }, "RangeError", /sendDoneTimeoutMs/],
    [{ ...base, capacity: 0 }, "RangeError", /capacity/],
    [{ abandon: () => {} }, "TypeError", /send/],
    [{ send: () => {} }, "TypeError", /abandon/],
  ];
  for (const [options, type, field] of bad) {
    const err = t.throws(() => new TransmitQueue(options as never));
    t.is(err?.name, type);
    t.regex(err?.message ?? "", field);
  }
  const q = new TransmitQueue(base);
  t.throws(() => q.enqueue("x", new Uint8Array(1), 0, -1), { instanceOf: RangeError, message: /priority/ });
});
