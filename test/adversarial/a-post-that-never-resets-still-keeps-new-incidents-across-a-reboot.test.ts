/**
 * Claim: a post whose officers only ever press acknowledge (never reset) keeps every new
 * incident across a reboot. The incident table is one Preference blob (≤ 4000 bytes, 9 bytes an
 * incident: `INCIDENT_TABLE_CAPACITY` = 444); when it is full, the oldest acknowledged incident
 * is closed to make room (`incident_resolved` with `auto: true`, and its caller is told), never
 * one nobody acknowledged.
 *
 * Before the fix, after 444 incidents every write of the table failed: a new alarm was open in
 * RAM only and vanished at the next reboot (a missed alarm: its caller had been told
 * "delivered"), and acknowledgements made since were lost too, so the siren sounded again after
 * the reboot for incidents already acknowledged.
 */
import test from "ava";
import { INCIDENT_TABLE_CAPACITY } from "../../receiver/incidents.ts";
import { simulate } from "../scenarios/support/simulate.ts";

const PRESSES = INCIDENT_TABLE_CAPACITY + 6;

test(`${PRESSES} alarms acknowledged but never reset, then a new one and a reboot: the new one is still open, nothing else`, (t) => {
  const inputs: Record<string, unknown>[] = [];
  for (let i = 0; i < PRESSES; i++) inputs.push({ at_ms: 1000 + i * 400, device: "cafe", press_ms: 150 });
  for (let at = 10_000; at <= 190_000; at += 10_000) inputs.push({ at_ms: at, device: "post", button: "acknowledge" });
  inputs.push(
    { at_ms: 200_000, device: "bank", press_ms: 300 },
    { at_ms: 205_000, device: "post", power: "off" },
    { at_ms: 207_000, device: "post", power: "on" },
    { at_ms: 220_000, device: "post", button: "acknowledge" },
  );
  const run = simulate({
    duration_ms: 240_000,
    seed: 81,
    devices: [
      { id: "post", role: "receiver" },
      { id: "cafe", role: "caller" },
      { id: "bank", role: "caller" },
    ],
    inputs,
  });
  t.is(run.count("incident_opened"), PRESSES + 1);
  t.is(run.count("store_error", "post"), 0, "the table always fits its blob");
  const auto = run.of("incident_resolved", "post").filter((e) => e.auto === true);
  t.is(auto.length, PRESSES + 1 - INCIDENT_TABLE_CAPACITY, "just enough of the oldest acknowledged ones were closed");
  t.deepEqual(auto.map((e) => e.incident), auto.map((_, i) => i + 1), "oldest first");
  t.is(run.count("alarm_resolved", "cafe"), auto.length, "their caller is told");
  t.deepEqual(
    run.of("siren", "post").filter((e) => e.t >= 207_000).map((e) => e.pattern),
    ["alarm", "quiet"],
    "after the reboot the siren sounds for the bank's alarm only, until acknowledged",
  );
  t.deepEqual(
    run.of("incident_acknowledged", "post").filter((e) => e.t >= 207_000).map((e) => [e.caller, e.incident]),
    [["bank", 1]],
  );
});
