/**
 * `SilenceCheckpoints` (firmware/core/supervision/silence-checkpoint.ts): when a post writes its
 * callers' silences, and what. Table rows: (t, what happens) → expected next deadline and record.
 * Timeout 120 s, threshold 60 s, period 10 s; run from tick 0 and from just before the 2^32 wrap.
 */
import test from "ava";
import { LivenessTable } from "../../firmware/core/supervision/liveness.ts";
import { SilenceCheckpoints } from "../../firmware/core/supervision/silence-checkpoint.ts";
import { ticksAdd, ticksDiff } from "../../firmware/core/ticks.ts";

for (const start of [0, 0xffff_ffff - 65_000]) {
  const at = (ms: number) => ticksAdd(start, ms);
  const rel = (t: number | undefined) => (t === undefined ? undefined : ticksDiff(t, start));

  test(`callers heard within half the timeout cause no write after the first heartbeats (start ${start})`, (t) => {
    const table = new LivenessTable({ startAt: at(0), peers: [1, 2] });
    const cp = new SilenceCheckpoints(table);
    cp.written([], at(0));
    t.is(rel(cp.nextDeadline(at(0))), 10_000, "callers not heard since boot: one period after boot");
    t.deepEqual(cp.due(at(10_000)), [{ peer: 1, silentMs: 10_000 }, { peer: 2, silentMs: 10_000 }]);
    cp.written(cp.due(at(10_000)), at(10_000));
    table.heard(1, at(12_000));
    t.is(rel(cp.nextDeadline(at(12_000))), 12_000, "a caller in the record heard again: rewrite at once");
    t.deepEqual(cp.due(at(12_000)), [{ peer: 2, silentMs: 12_000 }]);
    cp.written(cp.due(at(12_000)), at(12_000));
    table.heard(2, at(15_000));
    cp.written(cp.due(at(15_000)), at(15_000));
    t.deepEqual(cp.due(at(15_000)), []);
    for (let ms = 15_000; ms < 600_000; ms += 30_000) {
      table.heard(1, at(ms));
      table.heard(2, at(ms + 1000));
      const next = cp.nextDeadline(at(ms + 1000));
      t.true(next !== undefined && ticksDiff(next, at(ms + 1000)) >= 59_000, `no write due before a caller is silent for 60 s (t = ${ms})`);
    }
  });

  test(`a silent caller's silence is written every period from half its timeout until it is offline (start ${start})`, (t) => {
    const table = new LivenessTable({ startAt: at(0), peers: [7] });
    const cp = new SilenceCheckpoints(table);
    table.heard(7, at(1000));
    cp.written([], at(1000));
    t.is(rel(cp.nextDeadline(at(1000))), 61_000);
    const writes: number[] = [];
    let now = 61_000;
    while (now < 200_000) {
      table.poll(at(now));
      const next = cp.nextDeadline(at(now));
      if (next === undefined) break;
      now = rel(next)!;
      table.poll(at(now));
      const record = cp.due(at(now));
      cp.written(record, at(now));
      writes.push(now);
      if (record.length === 0) break;
      t.deepEqual(record, [{ peer: 7, silentMs: now - 1000 }]);
    }
    t.deepEqual(writes, [61_000, 71_000, 81_000, 91_000, 101_000, 111_000, 121_000], "six checkpoints, then one that drops it at offline");
    t.is(table.state(7, ), "offline");
    t.is(cp.nextDeadline(at(121_000)), undefined);
  });

  test(`a silence restored after a reboot counts against the caller, and a failed write waits a period (start ${start})`, (t) => {
    const table = new LivenessTable({ startAt: at(0), peers: [7] });
    table.restoreSilence(7, 100_000, at(0));
    t.is(rel(table.nextDeadline()), 20_000, "offline 20 s after the boot");
    const cp = new SilenceCheckpoints(table);
    cp.written([{ peer: 7, silentMs: 100_000 }], at(0));
    t.is(rel(cp.nextDeadline(at(0))), 10_000);
    cp.failed(at(10_000));
    t.is(rel(cp.nextDeadline(at(10_000))), 20_000, "no busy retry on a dead flash");
    t.throws(() => table.restoreSilence(7, -1, at(0)), { instanceOf: RangeError, message: /silentMs/ });
  });
}

test("options out of range are refused naming the field", (t) => {
  const table = new LivenessTable({ startAt: 0 });
  t.throws(() => new SilenceCheckpoints(table, { periodMs: 10 }), { instanceOf: RangeError, message: /periodMs/ });
  t.throws(() => new SilenceCheckpoints(table, { fromFraction: 1 }), { instanceOf: RangeError, message: /fromFraction/ });
});
