import test from "ava";
import { LinkMonitor, type LinkMonitorOptions } from "../../firmware/core/supervision/link-monitor.ts";

type Input = "delivered" | "failed" | "heard";

// Rows: options, a sequence of inputs (one per second), the changes expected at each step.
const rows: [string, LinkMonitorOptions, Input[], (string | undefined)[]][] = [
  ["two failures are not a fault", {}, ["failed", "failed", "delivered", "failed", "failed"], [undefined, undefined, undefined, undefined, undefined]],
  ["three in a row are", {}, ["failed", "failed", "failed", "failed"], [undefined, undefined, "fault", undefined]],
  ["an ack in between resets the count", {}, ["failed", "failed", "delivered", "failed", "failed", "failed"], [undefined, undefined, undefined, undefined, undefined, "fault"]],
  ["a frame heard without an ack does not reset it", {}, ["failed", "heard", "failed", "heard", "failed"], [undefined, undefined, undefined, undefined, "fault"]],
  ["one ack ends a fault", {}, ["failed", "failed", "failed", "delivered", "delivered"], [undefined, undefined, "fault", "ok", undefined]],
  ["recovery can ask for two acks in a row", { deliveriesToRecover: 2 }, ["failed", "failed", "failed", "delivered", "failed", "delivered", "delivered"], [undefined, undefined, "fault", undefined, undefined, undefined, "ok"]],
  ["one failure may be enough when configured", { failuresToFault: 1 }, ["failed", "delivered", "failed"], ["fault", "ok", "fault"]],
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
    [{ failuresToFault: 0 }, /failuresToFault/],
    [{ deliveriesToRecover: 1.5 }, /deliveriesToRecover/],
    [{ silenceMs: 10 }, /silenceMs/],
    [{ startAt: -1 }, /startAt/],
  ];
  for (const [options, field] of bad) t.throws(() => new LinkMonitor(options), { instanceOf: RangeError, message: field });
});
