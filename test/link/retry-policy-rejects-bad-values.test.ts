import test from "ava";
import { checkRetryPolicy, type RetryPolicy } from "../../firmware/core/link/backoff.ts";
import { LINK_DEFAULTS } from "../../firmware/core/link/link.ts";

const good: RetryPolicy = LINK_DEFAULTS.heartbeat;

const rows: [string, Partial<Record<keyof RetryPolicy, unknown>>, "RangeError" | "TypeError", RegExp][] = [
  ["initialMs 0", { initialMs: 0 }, "RangeError", /p\.initialMs/],
  ["initialMs fraction", { initialMs: 1.5 }, "RangeError", /p\.initialMs/],
  ["initialMs above maxMs", { initialMs: 5000, maxMs: 3000 }, "RangeError", /p\.initialMs/],
  ["maxMs over 2^29", { maxMs: 2 ** 29 + 1 }, "RangeError", /p\.maxMs/],
  ["factor below 1", { factor: 0.5 }, "RangeError", /p\.factor/],
  ["factor infinite", { factor: Infinity }, "RangeError", /p\.factor/],
  ["jitter 1", { jitter: 1 }, "RangeError", /p\.jitter/],
  ["jitter negative", { jitter: -0.1 }, "RangeError", /p\.jitter/],
  ["maxAttempts 0", { maxAttempts: 0 }, "RangeError", /p\.maxAttempts/],
  ["maxAttempts fraction", { maxAttempts: 2.5 }, "RangeError", /p\.maxAttempts/],
  ["maxAttempts NaN", { maxAttempts: NaN }, "TypeError", /p\.maxAttempts/],
  ["jitter as string", { jitter: "0.1" }, "TypeError", /p\.jitter/],
];

for (const [name, patch, type, field] of rows) {
  test(`checkRetryPolicy refuses ${name}, naming the field`, (t) => {
    const err = t.throws(() => checkRetryPolicy({ ...good, ...patch } as RetryPolicy, "p"));
    t.is(err?.name, type);
    t.regex(err?.message ?? "", field);
  });
}

test("checkRetryPolicy accepts every default policy and Infinity attempts", (t) => {
  for (const kind of ["alarm", "heartbeat", "operator_ack", "resolved"] as const) {
    t.notThrows(() => checkRetryPolicy(LINK_DEFAULTS[kind], kind));
  }
  t.is(LINK_DEFAULTS.alarm.maxAttempts, Infinity);
});
