import test from "ava";
import { EventQueue } from "../../tools/sim/clock.ts";
import { RunLoop } from "../../tools/sim/run-loop.ts";
import { SimScheduler } from "../../tools/sim/scheduler.ts";

function setup() {
  const queue = new EventQueue();
  const loop = new RunLoop(queue, (cb) => cb());
  return { queue, loop, scheduler: new SimScheduler(loop) };
}

test("a timer fires exactly delayMs later; 0 means the next turn, never inside schedule()", (t) => {
  const { queue, scheduler } = setup();
  const log: string[] = [];
  queue.at(1234, () => {
    scheduler.schedule(() => log.push(`250 @ ${queue.nowUs}`), 250);
    scheduler.schedule(() => log.push(`0 @ ${queue.nowUs}`), 0);
    log.push("schedule returned");
  });
  queue.runUntil(1_000_000);
  t.deepEqual(log, ["schedule returned", "0 @ 1234", "250 @ 251234"]);
});

test("cancel stops a timer; a fired, cancelled, foreign or undefined handle is ignored", (t) => {
  const { queue, scheduler, loop } = setup();
  const other = new SimScheduler(loop);
  const log: string[] = [];
  const a = scheduler.schedule(() => log.push("a"), 10);
  const b = scheduler.schedule(() => log.push("b"), 20);
  scheduler.cancel(a);
  scheduler.cancel(a);
  other.cancel(b); // not its timer
  scheduler.cancel(undefined);
  scheduler.cancel({});
  queue.runUntil(100_000);
  scheduler.cancel(b); // already fired
  t.deepEqual(log, ["b"]);
  t.is(queue.pending, 0);
});

for (const bad of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 31]) {
  test(`delayMs ${bad} is refused with a RangeError`, (t) => {
    t.throws(() => setup().scheduler.schedule(() => {}, bad), { instanceOf: RangeError, message: /delayMs/ });
  });
}

test("a stopped run loop (power lost) drops its timers", (t) => {
  const { queue, scheduler, loop } = setup();
  const log: string[] = [];
  scheduler.schedule(() => log.push("x"), 10);
  loop.stop();
  scheduler.schedule(() => log.push("y"), 10);
  queue.runUntil(100_000);
  t.deepEqual(log, []);
});
