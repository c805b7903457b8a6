import test from "ava";
import { LivenessTable } from "../../firmware/core/supervision/liveness.ts";
import { ticksAdd } from "../../firmware/core/ticks.ts";

type Row = [atMs: number, action: "heard" | "poll", peer: number, expected: unknown];

// Timeout 10 s, peers 1 and 2 watched from t = 0. Each row: at, action, peer, expected result
// (`heard` → "online" | undefined; `poll` → the peers that went offline).
const ROWS: Row[] = [
  [0, "poll", 0, []],
  [3_000, "heard", 1, "online"], // unknown → online
  [4_000, "heard", 1, undefined], // already online
  [9_999, "poll", 0, []],
  [10_000, "poll", 0, [2]], // never heard: offline one timeout after watch
  [13_999, "poll", 0, []],
  [14_000, "poll", 0, [1]], // last heard 4 000 + 10 000
  [14_000, "poll", 0, []], // reported once
  [20_000, "heard", 1, "online"], // offline → online
  [21_000, "heard", 2, "online"],
];

for (const start of [0, 2 ** 32 - 12_000]) {
  test(`transitions follow the table, to the ms (start ${start})`, (t) => {
    const table = new LivenessTable({ startAt: start, peers: [1, 2], timeoutMs: 10_000 });
    for (const [at, action, peer, expected] of ROWS) {
      const now = ticksAdd(start, at);
      const got = action === "heard" ? table.heard(peer, now) : table.poll(now).map((c) => c.peer);
      t.deepEqual(got, expected, `${action} ${peer} at ${at}`);
    }
    // A late poll reports the real silence; each caller goes at its own deadline.
    t.deepEqual(table.poll(ticksAdd(start, 30_999)).map((c) => [c.peer, c.silentMs]), [[1, 10_999]]);
    t.deepEqual(table.poll(ticksAdd(start, 31_000)).map((c) => [c.peer, c.silentMs]), [[2, 10_000]]);
    t.is(table.nextDeadline(), undefined, "no deadline while everyone is offline");
  });
}

test("nextDeadline is the earliest online or unknown caller's; offline changes carry last heard and deadline", (t) => {
  const start = 2 ** 32 - 1_000;
  const table = new LivenessTable({ startAt: start, peers: [5], timeoutMs: 2_000 });
  t.is(table.nextDeadline(), ticksAdd(start, 2_000));
  table.watch(6, ticksAdd(start, 500), 1_000);
  t.is(table.nextDeadline(), ticksAdd(start, 1_500));
  table.heard(6, ticksAdd(start, 900));
  t.is(table.nextDeadline(), ticksAdd(start, 1_900));
  const [change] = table.poll(ticksAdd(start, 1_950));
  t.deepEqual(change, { peer: 6, state: "offline", lastHeard: ticksAdd(start, 900), deadline: ticksAdd(start, 1_900), silentMs: 1_050 });
  t.is(table.heard(77, 0), undefined, "an unwatched peer is ignored");
  t.deepEqual(table.entries().map((e) => [e.peer, e.state, e.timeoutMs]), [
    [5, "unknown", 2_000],
    [6, "offline", 1_000],
  ]);
  table.unwatch(5);
  t.is(table.state(5), undefined);
});
