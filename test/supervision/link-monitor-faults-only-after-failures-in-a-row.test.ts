import test from "ava";
import { LinkMonitor, type LinkMonitorOptions } from "../../firmware/core/supervision/link-monitor.ts";

type Input = "attempted" | "delivered" | "failed" | "heard";

/** `n` transmissions of one heartbeat, then its give-up. */
const heartbeat = (n: number): Input[] => [...Array<Input>(n).fill("attempted"), "failed"];

// Rows: options, a sequence of inputs (one per second), the changes expected at each step.
// The rule counts unanswered transmissions, not heartbeats (issue 10 point 5).
const rows: [string, LinkMonitorOptions, Input[], (string | undefined)[]][] = [
  ["two unanswered transmissions are not a fault when three are needed", { attemptsToFault: 3 }, ["attempted", "attempted", "delivered", "attempted", "attempted"], [undefined, undefined, undefined, undefined, undefined]],
  ["three unanswered make one at the next transmission", { attemptsToFault: 3 }, ["attempted", "attempted", "attempted", "attempted", "attempted"], [undefined, undefined, undefined, "fault", undefined]],
  ["or at a give-up", { attemptsToFault: 3 }, ["attempted", "attempted", "attempted", "failed"], [undefined, undefined, undefined, "fault"]],
  ["an ack in between resets the count", { attemptsToFault: 3 }, ["attempted", "attempted", "delivered", "attempted", "attempted", "attempted", "failed"], [undefined, undefined, undefined, undefined, undefined, undefined, "fault"]],
  ["a frame heard without an ack does not reset it", { attemptsToFault: 3 }, ["attempted", "heard", "attempted", "heard", "attempted", "failed"], [undefined, undefined, undefined, undefined, undefined, "fault"]],
  ["transmissions of superseded heartbeats count (no give-up between them)", { attemptsToFault: 3 }, ["attempted", "attempted", "attempted", "attempted"], [undefined, undefined, undefined, "fault"]],
  ["by default five given-up heartbeats of six transmissions are not a fault", {}, [...heartbeat(6), ...heartbeat(6), ...heartbeat(6), ...heartbeat(6), ...heartbeat(6)], Array<undefined>(35).fill(undefined)],
  ["the sixth is", {}, [...heartbeat(6), ...heartbeat(6), ...heartbeat(6), ...heartbeat(6), ...heartbeat(6), ...heartbeat(6)], [...Array<undefined>(41).fill(undefined), "fault"]],
  ["one ack ends a fault", { attemptsToFault: 2 }, ["attempted", "attempted", "failed", "delivered", "delivered"], [undefined, undefined, "fault", "ok", undefined]],
  ["recovery can ask for two acks in a row", { attemptsToFault: 2, deliveriesToRecover: 2 }, ["attempted", "attempted", "failed", "delivered", "attempted", "failed", "delivered", "delivered"], [undefined, undefined, "fault", undefined, undefined, undefined, undefined, "ok"]],
  ["one unanswered transmission may be enough when configured", { attemptsToFault: 1 }, ["attempted", "failed", "delivered", "attempted", "attempted"], [undefined, "fault", "ok", undefined, "fault"]],
];

for (const [name, options, inputs, expected] of rows) {
  test(`link monitor: ${name}`, (t) => {
    const m = new LinkMonitor(options);
    const got = inputs.map((input, i) => m[input](i * 1000));
    t.deepEqual(got, expected);
    t.is(m.faulted, expected.filter((e) => e !== undefined).at(-1) === "fault");
  });
}

test("the optional silence rule faults after silenceMs without any frame, and only an ack ends it", (t) => {
  const start = 2 ** 32 - 100_000;
  const m = new LinkMonitor({ silenceMs: 150_000, startAt: start });
  t.is(m.nextDeadline(), (start + 150_000) >>> 0);
  m.heard((start + 60_000) >>> 0);
  t.is(m.nextDeadline(), (start + 210_000) >>> 0);
  t.is(m.poll((start + 209_999) >>> 0), undefined);
  t.is(m.poll((start + 210_000) >>> 0), "fault");
  t.is(m.nextDeadline(), undefined);
  t.is(m.heard((start + 220_000) >>> 0), undefined);
  t.true(m.faulted);
  t.is(m.delivered((start + 230_000) >>> 0), "ok");
});

test("without a silence rule there is no deadline", (t) => {
  const m = new LinkMonitor();
  m.heard(5);
  t.is(m.nextDeadline(), undefined);
  t.is(m.poll(1e9), undefined);
});

test("options are validated, naming the field", (t) => {
  const bad: [LinkMonitorOptions, RegExp][] = [
    [{ attemptsToFault: 0 }, /attemptsToFault/],
    [{ attemptsToFault: 1001 }, /attemptsToFault/],
    [{ deliveriesToRecover: 1.5 }, /deliveriesToRecover/],
    [{ silenceMs: 10 }, /silenceMs/],
    [{ startAt: -1 }, /startAt/],
  ];
  for (const [options, field] of bad) t.throws(() => new LinkMonitor(options), { instanceOf: RangeError, message: field });
});
