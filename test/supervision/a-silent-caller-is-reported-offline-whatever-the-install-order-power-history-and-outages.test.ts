import test from "ava";
import { judge, randomHistory } from "../../bench/harness/supervision-histories.ts";

// Issue 10 point 1: supervision never stops. Random install orders, deaths, village power cuts
// (every caller off at once), post reboots and blips, minutes of interference, 0 … 30 % loss,
// ticks near the wrap; 6 virtual hours each (12 seeds). Longer and many more in `make bench`
// (section field-supervision).
const SEEDS = Array.from({ length: 12 }, (_, i) => 1000 + i);
const SETTINGS = [
  { heartbeatMs: 30_000, offlineAfterMs: 120_000 },
  { heartbeatMs: 10_000, offlineAfterMs: 60_000 },
];

for (const settings of SETTINGS) {
  test(`every dead caller is reported offline within offline_after_ms + margin of its death or the post's boot (heartbeat ${settings.heartbeatMs} ms, offline after ${settings.offlineAfterMs} ms)`, (t) => {
    let deaths = 0;
    for (const seed of SEEDS) {
      const h = randomHistory(seed, 6 * 3600_000, settings);
      const v = judge(h);
      deaths += v.deaths.length;
      const missed = v.missed.map((d) => `${d.caller} silent from ${d.from} ms, not offline by ${d.bound} ms`);
      t.deepEqual(missed, [], `seed ${seed}: ${h.story.join("; ")}`);
    }
    t.true(deaths >= SEEDS.length, `the histories killed callers (${deaths} deaths checked)`);
  });
}
