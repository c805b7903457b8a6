/**
 * Claim (tools/sim/README.md "Partitioned runs"): a medium that runs one partition of a world
 * refuses, loudly, a frame addressed to a device of another partition and a broadcast (which
 * would reach the other partitions), instead of treating them as lost to an unknown address; a
 * frame to an address of no device at all stays an ordinary MAC failure.
 */
import test from "ava";
import { EventQueue } from "../../tools/sim/clock.ts";
import { Medium, MEDIUM_LIMITS } from "../../tools/sim/medium.ts";
import { RunLoop } from "../../tools/sim/run-loop.ts";

function partition(elsewhere: ReadonlySet<string>) {
  const queue = new EventQueue();
  const medium = new Medium({ queue, seed: 1, elsewhere });
  medium.attach("a", "aa");
  medium.attach("b", "bb");
  const loop = new RunLoop(queue, (cb) => cb());
  const sent: boolean[] = [];
  const a = medium.open("a", { onReceive() {}, onSent: (ok) => sent.push(ok) }, loop);
  medium.open("b", { onReceive() {}, onSent() {} }, loop);
  return { queue, medium, a, sent };
}

test("a frame to a device of another partition throws, naming the sender and the address", (t) => {
  const { a } = partition(new Set(["cc"]));
  t.throws(() => a.send("cc", new Uint8Array([1])), { message: /a sent a frame to cc, outside its partition/ });
});

test("a broadcast throws when other partitions exist, and is carried when none do", (t) => {
  const { a } = partition(new Set(["cc"]));
  t.throws(() => a.send(MEDIUM_LIMITS.broadcast, new Uint8Array([1])), { message: /broadcast.*outside its partition/ });
  const alone = partition(new Set());
  alone.a.send(MEDIUM_LIMITS.broadcast, new Uint8Array([1]));
  alone.queue.runUntil(10_000);
  t.deepEqual(alone.sent, [true]);
  t.is(alone.medium.stats.delivered, 1);
});

test("frames inside the partition and to addresses of no device behave as without partitions", (t) => {
  const { queue, medium, a, sent } = partition(new Set(["cc"]));
  a.send("bb", new Uint8Array([1]));
  queue.runUntil(10_000);
  a.send("dd", new Uint8Array([2]));
  queue.runUntil(20_000);
  t.deepEqual(sent, [true, false]);
  t.is(medium.stats.delivered, 1);
  t.is(medium.stats.lost_unknown_address, 1);
});
