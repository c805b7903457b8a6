/**
 * Claim (the small soak of `make bench`'s 30-day run): 20 living callers reporting to one post
 * over one simulated day, with 20 % of frames lost in both directions and every device's tick
 * counter wrapping mid-run, are never reported offline and never show a link fault.
 */
import test from "ava";
import { deployment, callerId, POST_ID } from "../../bench/deployment.ts";
import { keyedHmacSha256 } from "../../bench/keyed-hmac.ts";
import { runScenario, type SimEvent } from "../../tools/sim/run.ts";

const DAY_MS = 86_400_000;

test("20 callers × 1 day at 20 % loss: no caller_offline, no link_fault, loss really 20 %", (t) => {
  const extras: Record<string, Record<string, unknown>> = {};
  // Ticks wrap between hour 1 and hour 22 of the day, at a different time on each device.
  [POST_ID, ...Array.from({ length: 20 }, (_, i) => callerId(i))].forEach((id, i) => {
    extras[id] = { start_ticks: 2 ** 32 - (3_600_000 + i * 3_900_000) };
  });
  const { scenario } = deployment({ name: "test soak", seed: 77, durationMs: DAY_MS, callers: 20, radio: { loss: 0.2 }, deviceExtras: extras });
  const bad: SimEvent[] = [];
  let online = 0;
  const result = runScenario(scenario, {
    keepEvents: false,
    engine: { hmac: keyedHmacSha256() },
    onEvent: (e) => {
      if (e.event === "caller_offline" || e.event === "link_fault" || e.event === "frame_rejected") bad.push(e);
      if (e.event === "caller_online") online++;
    },
  });
  t.deepEqual(bad, [], "no false offline, no link fault, no rejected frame");
  t.is(online, 0, "never offline, so never back online");
  const loss = result.radio.lost_air / result.radio.sent;
  t.true(Math.abs(loss - 0.2) < 0.01, `measured loss ${loss.toFixed(4)}`);
  // 20 callers × 2880 heartbeats a day, each acked: well over 100k frames went by.
  t.true(result.radio.sent > 100_000, `${result.radio.sent} frames sent`);
});
