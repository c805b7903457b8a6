/**
 * Claim: a press campaign traces every physical press through the real apps — one press event
 * after the debounce window, one incident at the post, the siren's rising edge — and counts what
 * goes wrong instead of dropping it (here: a caller switched off before its press is debounced
 * gives a missed press and no incident, and is not mistaken for a lost alarm).
 */
import test from "ava";
import { campaignFigures, runCampaign } from "../../bench/press-campaign.ts";
import { SETTINGS_DEFAULTS } from "../../firmware/core/config.ts";

test("20 presses, no loss: each pressed once, opened once, siren on a few ms after the press event", (t) => {
  const r = runCampaign({ id: "t", label: "test", seed: 5, radio: { loss: 0 }, presses: 20 });
  const f = campaignFigures(r);
  t.is(f.presses, 20);
  t.is(f.pressedOnce, 20);
  t.is(f.exactlyOnce, 20);
  t.is(f.lost + f.missedPresses + f.falsePresses + f.duplicateIncidents + f.phantomIncidents, 0);
  t.is(f.toSirenMs.length, 20, "the officer's reset before each press lets the siren start again");
  // The press event comes debounce + hold after the last bounce (≤ 3 ms of bounce).
  const wait = SETTINGS_DEFAULTS.debounceMs + SETTINGS_DEFAULTS.holdMs;
  t.true(f.debounceMs.every((d) => d >= wait && d <= wait + 4), `edge → press event ${f.debounceMs.join(", ")}`);
  t.true(f.toSirenMs.every((d) => d > wait && d < wait + 10), `press → siren ${f.toSirenMs.join(", ")}`);
  t.true(f.linkMs.every((d) => d >= 1 && d <= 4), `link ${f.linkMs.join(", ")}`);
});

test("a caller losing power mid-debounce: missed press, no incident, not a lost alarm", (t) => {
  const r = runCampaign({
    id: "t",
    label: "power cut before the debounce window ends",
    seed: 6,
    radio: { loss: 0 },
    presses: 4,
    callers: 1,
    perPress: (k, atMs, caller) => (k === 2 ? [{ at_ms: atMs + 10, device: caller, power: "off" }, { at_ms: atMs + 5000, device: caller, power: "on" }] : []),
  });
  const f = campaignFigures(r);
  t.is(f.missedPresses, 1);
  t.is(f.pressedOnce, 3);
  t.is(f.exactlyOnce, 3);
  t.is(f.lost, 0, "no press event, so no alarm to lose");
  t.is(r.records[2]!.pressEvents, 0);
});
