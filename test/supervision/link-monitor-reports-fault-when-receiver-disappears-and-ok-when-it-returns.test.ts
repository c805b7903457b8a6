import test from "ava";
import { nominalWaitMs } from "../../firmware/core/link/backoff.ts";
import { LINK_DEFAULTS } from "../../firmware/core/link/link.ts";
import { HEARTBEAT_DEFAULTS } from "../../firmware/core/supervision/heartbeat.ts";
import { linkFaultBoundMs } from "../../firmware/core/supervision/link-monitor.ts";
import { Deployment } from "./support/deployment.ts";

const hb = LINK_DEFAULTS.heartbeat;
/** Longest heartbeat period, ms (33 s). */
const PERIOD_MAX = HEARTBEAT_DEFAULTS.periodMs * (1 + HEARTBEAT_DEFAULTS.jitter);
/** Longest time from a heartbeat's first transmission to its give-up, ms (18.75 s). */
const GIVE_UP_MAX = Array.from({ length: hb.maxAttempts }, (_, i) => nominalWaitMs(hb, i + 1)).reduce((a, b) => a + b, 0) * (1 + hb.jitter);
/** Fault bound after the receiver vanishes (`linkFaultBoundMs`: 216.75 s at the defaults). */
const FAULT_BOUND = linkFaultBoundMs(HEARTBEAT_DEFAULTS.periodMs, HEARTBEAT_DEFAULTS.jitter, hb);
/** Recovery bound: the next heartbeat comes ≤ 1 period later and gets through within its span. */
const OK_BOUND = PERIOD_MAX + GIVE_UP_MAX;

const GONE_AT = 600_000;
const BACK_AT = 1_200_000;

const rows: [number, number][] = [
  [1, 0],
  [2, 2 ** 32 - GONE_AT - 50_000],
  [3, 2 ** 32 - BACK_AT - 20_000],
];

for (const [seed, start] of rows) {
  test(`at 20 % loss, every caller reports link_fault within ${FAULT_BOUND / 1000} s of the receiver vanishing and link_ok within ${OK_BOUND / 1000} s of its return, once each (seed ${seed}, start ${start})`, (t) => {
    const d = new Deployment({ seed, startTicks: start, callers: 5, model: { loss: 0.2, duplicate: 0.01, latencyMs: [1, 8] } });
    d.loop.at(GONE_AT, () => d.receiverRadio(true));
    d.loop.at(BACK_AT, () => d.receiverRadio(false));
    d.loop.runUntil(BACK_AT + 600_000);

    for (const c of d.callers) {
      const faults = d.of("link_fault", c.id);
      const oks = d.of("link_ok", c.id);
      t.is(faults.length, 1, `caller ${c.id}: one link_fault, no flapping`);
      t.is(oks.length, 1, `caller ${c.id}: one link_ok, no flapping`);
      t.true(faults[0]!.at > GONE_AT && faults[0]!.at <= GONE_AT + FAULT_BOUND, `caller ${c.id}: fault ${(faults[0]!.at - GONE_AT) / 1000} s after`);
      t.true(oks[0]!.at > BACK_AT && oks[0]!.at <= BACK_AT + OK_BOUND, `caller ${c.id}: ok ${(oks[0]!.at - BACK_AT) / 1000} s after`);
      t.false(c.monitor.faulted);
    }
    // The deaf receiver, for its part, reported every caller offline and then online again.
    t.is(d.of("caller_offline").length, 5);
    t.is(d.of("caller_online").length, 5);
    t.log(
      `fault after ${d.of("link_fault").map((e) => ((e.at - GONE_AT) / 1000).toFixed(1)).join(", ")} s; ` +
        `ok after ${d.of("link_ok").map((e) => ((e.at - BACK_AT) / 1000).toFixed(1)).join(", ")} s`,
    );
  });
}
