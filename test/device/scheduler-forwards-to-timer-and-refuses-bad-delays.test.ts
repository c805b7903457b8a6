import test from "ava";
import { createScheduler } from "../../firmware/moddable/scheduler.ts";

function fakeTimer() {
  const armed: { callback: () => void; delayMs: number; handle: { n: number } }[] = [];
  const cleared: unknown[] = [];
  return {
    armed,
    cleared,
    timer: {
      set(callback: () => void, delayMs: number) {
        const handle = { n: armed.length };
        armed.push({ callback, delayMs, handle });
        return handle;
      },
      clear(timer: { n: number } | undefined) {
        cleared.push(timer);
      },
    },
  };
}

test("schedule is one Timer.set with the delay; the callback gets no timer argument", (t) => {
  t.plan(4);
  const fake = fakeTimer();
  const scheduler = createScheduler({ timer: fake.timer });
  const handle = scheduler.schedule((...args: unknown[]) => t.is(args.length, 0), 250);
  t.is(fake.armed.length, 1);
  t.is(fake.armed[0].delayMs, 250);
  t.is(handle, fake.armed[0].handle);
  (fake.armed[0].callback as (timer: unknown) => void)(fake.armed[0].handle); // Moddable passes the timer
});

test("cancel is one Timer.clear with the handle, and undefined passes through", (t) => {
  const fake = fakeTimer();
  const scheduler = createScheduler({ timer: fake.timer });
  const handle = scheduler.schedule(() => {}, 0);
  scheduler.cancel(handle);
  scheduler.cancel(undefined);
  t.deepEqual(fake.cleared, [handle, undefined]);
});

for (const delayMs of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 0x8000_0000]) {
  test(`a delay of ${delayMs} ms is refused, not truncated`, (t) => {
    const fake = fakeTimer();
    t.throws(() => createScheduler({ timer: fake.timer }).schedule(() => {}, delayMs), { instanceOf: RangeError, message: /^delayMs: / });
    t.is(fake.armed.length, 0);
  });
}
