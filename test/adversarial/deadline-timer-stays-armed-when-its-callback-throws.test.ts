/**
 * Claim: a `DeadlineTimer` whose `onDue` throws still re-arms for the next deadline. It serves
 * the link's retransmissions, the heartbeat schedule and supervision: one throwing step must not
 * leave them unarmed until some unrelated event (a silent dead caller, an alarm never resent).
 * The throw itself still reaches the run loop (it is a bug, and the device reports it).
 */
import test from "ava";
import type { Scheduler, TimerHandle } from "../../firmware/hal/clock.ts";
import { DeadlineTimer } from "../../firmware/stack/deadline-timer.ts";

/** A manual clock and one-shot scheduler: `fire()` runs the armed timer at its time. */
function manualTimers() {
  let now = 0;
  const armed = new Map<TimerHandle, { at: number; run: () => void }>();
  const scheduler: Scheduler = {
    schedule(run, delayMs) {
      const handle = {};
      armed.set(handle, { at: now + delayMs, run });
      return handle;
    },
    cancel(handle) {
      if (handle !== undefined) armed.delete(handle);
    },
  };
  return {
    clock: { now: () => now },
    scheduler,
    armedCount: () => armed.size,
    /** Runs the earliest armed timer; returns what it threw, if anything. */
    fire(): unknown {
      const [handle, next] = [...armed].sort((a, b) => a[1].at - b[1].at)[0]!;
      armed.delete(handle);
      now = next.at;
      try {
        next.run();
        return undefined;
      } catch (err) {
        return err;
      }
    },
  };
}

test("onDue throws once; the timer is armed for the next deadline all the same and fires it", (t) => {
  const timers = manualTimers();
  const deadlines = [100, 200, 300];
  const seen: number[] = [];
  const timer = new DeadlineTimer({
    clock: timers.clock,
    scheduler: timers.scheduler,
    nextDeadline: () => deadlines[0],
    onDue: (now) => {
      seen.push(now);
      deadlines.shift();
      if (now === 100) throw new Error("a bug in one step");
    },
  });
  timer.rearm();
  const thrown = timers.fire();
  t.true(thrown instanceof Error, "the throw is not swallowed");
  t.is(timers.armedCount(), 1, "armed again after the throw");
  t.is(timers.fire(), undefined);
  t.is(timers.fire(), undefined);
  t.deepEqual(seen, [100, 200, 300]);
  t.is(timers.armedCount(), 0);
});
