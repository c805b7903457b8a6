/**
 * Claim (tools/sim/README.md "Partitioned runs"): cells that share no air model and no device are
 * causally independent, and every random stream is per device or per directed link, so running
 * each cell on its own queue and medium, one after another, gives every device exactly the event
 * stream (events, fields, virtual µs, order) it has when all cells share one queue and one medium.
 * Checked for several seeds, with loss, lost MAC acks and duplicates, presses in every cell (some in
 * the same millisecond in different cells, some while the same caller's alarm is still being
 * retransmitted) and a last cell smaller than the others.
 */
import test from "ava";
import { runCells, type CellsPress, type CellsQueue } from "../../bench/cells.ts";
import { keyedHmacSha256 } from "../../bench/keyed-hmac.ts";

const CALLERS = 45; // cells of 20, 20 and 5
const DURATION_MS = 12 * 60_000;

function presses(seed: number): CellsPress[] {
  const out: CellsPress[] = [];
  for (const cell of [1, 2, 3]) {
    // The same instant in every cell, then times that depend on the seed and the cell.
    out.push({ caller: `cell${cell}-c01`, atMs: 61_000, holdMs: 150 });
    out.push({ caller: `cell${cell}-c02`, atMs: 90_000 + ((seed * 7919 + cell * 104_729) % 240_000), holdMs: 120 + cell * 10 });
    out.push({ caller: `cell${cell}-c02`, atMs: 90_000 + ((seed * 7919 + cell * 104_729) % 240_000) + 400, holdMs: 200 });
  }
  return out;
}

function streams(seed: number, queue: CellsQueue) {
  const byDevice = new Map<string, string[]>();
  const r = runCells({
    callers: CALLERS,
    seed,
    durationMs: DURATION_MS,
    radio: { loss: 0.2, ackLoss: 0.05, duplicate: 0.05 },
    hmac: keyedHmacSha256(),
    queue,
    presses: presses(seed),
    onEvent: (device, event, fields, atUs) => {
      let list = byDevice.get(device);
      if (list === undefined) byDevice.set(device, (list = []));
      list.push(`${atUs} ${event} ${JSON.stringify(fields)}`);
    },
  });
  return { r, byDevice };
}

for (const seed of [1, 4002, 90_210]) {
  test(`seed ${seed}: every device's events are the same partitioned as on one shared queue`, (t) => {
    const whole = streams(seed, "shared");
    const parts = streams(seed, "partitioned");
    t.is(whole.r.partitions, 1);
    t.is(parts.r.partitions, 3, "one queue per cell");
    t.deepEqual([...parts.byDevice.keys()].sort(), [...whole.byDevice.keys()].sort(), "the same devices emitted");
    t.is(whole.byDevice.size, CALLERS + 3);
    for (const [device, events] of whole.byDevice) t.deepEqual(parts.byDevice.get(device), events, `device ${device}`);
    t.deepEqual(parts.r.stats, whole.r.stats, "the medium did the same");
    t.is(parts.r.steps, whole.r.steps, "the same number of queue events");
    t.deepEqual([parts.r.up, parts.r.down], [whole.r.up, whole.r.down]);
    // The world is not trivial: loss happened, and every cell raised incidents from its presses.
    t.true(whole.r.stats.lost_air > 0 && whole.r.stats.duplicated > 0 && whole.r.stats.mac_ack_lost > 0);
    for (const cell of [1, 2, 3]) {
      const opened = (whole.byDevice.get(`post${cell}`) ?? []).filter((e) => e.includes(" incident_opened ")).length;
      t.true(opened >= 2, `post${cell} opened ${opened} incidents`);
    }
  });
}

test("a press naming no caller, or at a bad time, is refused naming the field", (t) => {
  const base = { callers: 3, seed: 1, durationMs: 1000, radio: {}, hmac: keyedHmacSha256() };
  t.throws(() => runCells({ ...base, presses: [{ caller: "cell1-c04", atMs: 0, holdMs: 100 }] }), { instanceOf: RangeError, message: /presses\[0\]\.caller/ });
  t.throws(() => runCells({ ...base, presses: [{ caller: "cell1-c01", atMs: 1.5, holdMs: 100 }] }), { instanceOf: RangeError, message: /presses\[0\]\.atMs/ });
  t.throws(() => runCells({ ...base, presses: [{ caller: "cell1-c01", atMs: 0, holdMs: 0 }] }), { instanceOf: RangeError, message: /presses\[0\]\.holdMs/ });
});
