import test from "ava";
import { deployment, simulate } from "./support/simulate.ts";

/**
 * Issue 12's gap, closed: the officer resets while the caller cannot hear the post (its radio
 * out), and the post loses power while `resolved` is still being retransmitted (the link's queue
 * is RAM). The reset incident is kept in flash as "caller not yet told" (receiver/README.md), so
 * the post's boot sends `resolved` again: the presser's LED stops showing "acknowledged".
 */
test("a post power cut right after reset, before the caller heard, still ends with the caller told resolved", (t) => {
  const devices = deployment(1);
  devices[1] = { ...devices[1], radio: { outages: [{ from_ms: 4900, to_ms: 7000 }] } };
  const run = simulate({
    duration_ms: 30_000,
    seed: 12,
    devices,
    inputs: [
      { at_ms: 1000, device: "c1", press_ms: 300 },
      { at_ms: 3000, device: "post", button: "acknowledge" },
      { at_ms: 5000, device: "post", button: "reset" },
      { at_ms: 6000, device: "post", power: "off" },
      { at_ms: 8000, device: "post", power: "on" },
    ],
  });
  t.is(run.count("alarm_acknowledged", "c1"), 1, "the officer's acknowledge reached the presser");
  const reset = run.of("incident_resolved", "post");
  t.is(reset.length, 1, "the reset is reported once (the boot does not report it again)");
  t.true((reset[0]!.t as number) < 6000, "the reset happened before the power cut");
  t.is(run.of("boot", "post")[1]!.open, 0, "the boot counts no open incident (the untold one is not open)");
  t.is(run.count("siren", "post"), 2, "no siren after the boot: only the alarm and its acknowledge");
  const told = run.of("alarm_resolved", "c1");
  t.true(told.length >= 1, "the caller heard resolved");
  t.true((told[0]!.t as number) >= 8000, "from the post's boot, after the power cut");
  // The presser's LED: the "acknowledged" rhythm ends once resolved is heard, and stays dark.
  const led = run.devices.find((d) => d.id === "c1")!.outputs.led ?? [];
  const blinking = led.filter((c) => c.atUs >= 5_000_000 && c.atUs < 8_000_000);
  t.true(blinking.length > 0, "the LED still showed acknowledged while the caller had not heard");
  const after = led.filter((c) => c.atUs >= ((told[0]!.t as number) + 1) * 1000);
  t.deepEqual(after, [], "no LED change after the millisecond resolved was heard");
  t.is(led[led.length - 1]!.level, 0, "the LED is off (idle)");
});
