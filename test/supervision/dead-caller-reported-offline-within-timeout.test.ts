import test from "ava";
import { LIVENESS_DEFAULTS } from "../../firmware/core/supervision/liveness.ts";
import { Deployment } from "./support/deployment.ts";

const TIMEOUT = LIVENESS_DEFAULTS.timeoutMs;
const DEAD_AT = 600_000;
const BACK_AT = 1_200_000;

// Rows: seed, start tick (the second wraps between the death and the offline report).
const rows: [number, number][] = [
  [1, 0],
  [2, 0],
  [3, 2 ** 32 - DEAD_AT - 60_000],
  [4, 2 ** 32 - BACK_AT + 10_000],
];

for (const [seed, start] of rows) {
  test(`a caller that dies is reported offline exactly one timeout after it was last heard (≤ 120 s after death), and online again when it returns (seed ${seed}, start ${start})`, (t) => {
    const d = new Deployment({ seed, startTicks: start, callers: 3, model: { loss: 0.2, duplicate: 0, latencyMs: [1, 8] } });
    let lastHeardElapsed = -1;
    d.loop.at(DEAD_AT, () => {
      const row = d.receiver.table.entries().find((e) => e.peer === 2)!;
      lastHeardElapsed = d.loop.elapsedOf(row.lastHeard!);
      d.powerOff(2);
    });
    d.loop.at(BACK_AT, () => d.powerOn(2));
    d.loop.runUntil(BACK_AT + 120_000);

    const offline = d.of("caller_offline");
    t.deepEqual(offline.map((e) => e.caller), [2], "only the dead caller goes offline, once");
    t.is(offline[0]!.at, lastHeardElapsed + TIMEOUT, "reported at last heard + timeout, to the ms");
    t.true(offline[0]!.at <= DEAD_AT + 120_000, `reported ${(offline[0]!.at - DEAD_AT) / 1000} s after death`);
    t.true(offline[0]!.at > DEAD_AT, "not before it died");
    const online = d.of("caller_online");
    t.deepEqual(online.map((e) => e.caller), [2], "it comes back online, once");
    // The boot heartbeat (6 transmissions within 15 s) announces it.
    t.true(online[0]!.at >= BACK_AT && online[0]!.at <= BACK_AT + 15_000, `online ${(online[0]!.at - BACK_AT) / 1000} s after power-on`);
    t.is(d.receiver.table.state(2), "online");
  });
}

test("a caller never heard since the receiver booted is reported offline one timeout after boot", (t) => {
  const d = new Deployment({ seed: 9, startTicks: 2 ** 32 - 60_000, callers: 2, model: { loss: 0, duplicate: 0, latencyMs: [1, 1] }, offAtStart: [1] });
  t.is(d.receiver.table.state(1), "unknown");
  d.loop.runUntil(300_000);
  t.deepEqual(d.of("caller_offline").map((e) => [e.caller, e.at]), [[1, TIMEOUT]]);
  t.is(d.receiver.table.state(2), "online");
});
