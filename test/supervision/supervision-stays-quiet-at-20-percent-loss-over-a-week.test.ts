import test from "ava";
import { Deployment } from "./support/deployment.ts";

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

// Rows: seed, start tick. The second starts 3.5 days before the 32-bit wrap: it wraps mid-run.
const rows: [number, number][] = [
  [1, 0],
  [2, 2 ** 32 - WEEK_MS / 2],
];

for (const [seed, start] of rows) {
  test(`5 callers × 7 days at 20 % loss both ways: no false offline, no link fault (seed ${seed}, start ${start})`, (t) => {
    const d = new Deployment({ seed, startTicks: start, callers: 5, model: { loss: 0.2, duplicate: 0.01, latencyMs: [1, 8] } });
    d.loop.runUntil(WEEK_MS);

    t.deepEqual(d.of("caller_offline"), [], "no caller reported offline");
    t.deepEqual(d.of("link_fault"), [], "no caller reported a link fault");
    t.deepEqual(d.receiver.table.entries().map((e) => e.state), ["online", "online", "online", "online", "online"]);
    // The run really was lossy and long: heartbeats did fail now and then.
    const f = d.callers.map((c) => c.figures);
    const heartbeats = f.reduce((s, x) => s + x.heartbeats, 0);
    const givenUp = f.reduce((s, x) => s + x.heartbeatsGivenUp, 0);
    t.true(heartbeats > 5 * (WEEK_MS / 33_000), `${heartbeats} heartbeats`);
    t.true(givenUp > 0, "some heartbeats were given up: the loss was real");
    const stats = d.medium.stats.get(`1>100`)!;
    t.true(Math.abs(stats.lost / stats.sent - 0.2) < 0.01, `measured loss ${(stats.lost / stats.sent).toFixed(4)}`);
    t.log(
      `heartbeats ${heartbeats}, given up ${givenUp} (${((givenUp / heartbeats) * 100).toFixed(3)} %), ` +
        `most in a row ${Math.max(...f.map((x) => x.maxConsecutiveGivenUp))}, ` +
        `longest silence heard ${(Math.max(...f.map((x) => x.maxSilenceMs)) / 1000).toFixed(1)} s ` +
        `(timeout 120 s), frames caller→receiver ${stats.sent}`,
    );
  });
}
