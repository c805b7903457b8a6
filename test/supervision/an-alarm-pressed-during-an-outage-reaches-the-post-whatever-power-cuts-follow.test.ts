/**
 * Claim (the soak deployment runs the real caller policy, alarm memory included): an alarm
 * pressed while the post's radio is down reaches the post once the radio returns, whatever
 * power cuts of the caller follow the press, and the caller's flash then holds nothing pending.
 * The post sees that one alarm (caller, incident, boot nonce) and no other: a retransmission
 * after a reboot keeps the nonce it was raised under. Random histories, one per seed, at 20 %
 * loss, over the tick wrap for odd seeds.
 */
import test from "ava";
import { AlarmMemory } from "../../firmware/core/policy/caller-alarm-memory.ts";
import { seededRandom, unit } from "../../bench/harness/prng.ts";
import { Deployment } from "./support/deployment.ts";

const SEEDS = Array.from({ length: 24 }, (_, i) => i + 1);
/** Every outage and power cut is over by then; the run goes on for as long again. */
const SETTLED_MS = 1_500_000;

test("an alarm pressed during a post outage reaches the post, once per nonce, whatever the caller's power cuts", (t) => {
  let cuts = 0;
  for (const seed of SEEDS) {
    const r = seededRandom(seed * 31 + 5);
    const within = (from: number, span: number) => Math.round(from + unit(r) * span);
    const d = new Deployment({ seed, startTicks: seed % 2 ? 2 ** 32 - 700_000 : 0, callers: 3, model: { loss: 0.2, duplicate: 0.01, latencyMs: [1, 8] } });
    const deafFrom = within(60_000, 120_000);
    const deafUntil = within(deafFrom + 60_000, 600_000);
    const pressAt = within(deafFrom + 1000, deafUntil - deafFrom - 2000);
    d.loop.at(deafFrom, () => d.receiverRadio(true));
    d.loop.at(deafUntil, () => d.receiverRadio(false));
    d.loop.at(pressAt, (now) => d.caller(2).press(now));
    let off = pressAt;
    for (let i = 0, n = Math.floor(unit(r) * 3); i < n; i++) {
      const from = within(off + 100, 200_000);
      const to = within(from + 1000, 200_000);
      d.loop.at(from, () => d.powerOff(2));
      d.loop.at(to, () => d.powerOn(2));
      off = to;
      cuts++;
    }
    d.loop.runUntil(2 * SETTLED_MS);

    const label = `seed ${seed} (deaf ${deafFrom}–${deafUntil} ms, press at ${pressAt} ms)`;
    const alarms = d.receiver.alarms;
    t.true(alarms.every((a) => a.caller === 2), `${label}: only caller 2 raised an alarm`);
    t.deepEqual([...new Set(alarms.map((a) => `${a.incident}/${a.boot}`))].map((k) => k.split("/")[0]), ["1"], `${label}: one alarm, incident 1, one nonce`);
    t.true(alarms[0]!.at >= deafUntil, `${label}: not heard while the post was deaf`);
    t.deepEqual(new AlarmMemory(d.caller(2).store, 1).pending, [], `${label}: the caller's flash holds nothing pending`);
  }
  t.true(cuts >= SEEDS.length / 2, `the histories cut the caller's power (${cuts} cuts)`);
});
