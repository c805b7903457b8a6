/**
 * Claim (the three failures: a missed alarm; receiver/README.md: the siren plays `alarm` while an
 * incident is unacknowledged, whatever fault is up): on a post that cannot reach the duty phones
 * (a modem, no duty list: the escalation fault chirps from the boot), an alarm still wins — the
 * siren turns to `alarm`, the screen shows the alarm, the caller is acked and told help is
 * coming when an officer acknowledges — whether or not the fault chirp was acknowledged before
 * the press, and whether or not the post reboots while the alarm is open (the fault is raised
 * again at that boot). After the officer acknowledges and resets, the siren is quiet and the
 * fault line is back on the screen.
 *
 * Every combination of the two (4 worlds) is run. PASSES on break14 (1099a87): what held.
 * Not checked elsewhere: the existing tests put an alarm beside escalationSetup only in the
 * policy alone (test/receiver-policy/), never through the app, the screen and a reboot.
 */
import test from "ava";
import { noDutyList, runPost, text } from "./post-world.ts";

const PRESS = 20_000;
const REBOOT = 30_000;
const ACK = 60_000;
const RESET = 80_000;

for (const ackedBefore of [false, true]) {
  for (const reboot of [false, true]) {
    test(`fault chirp ${ackedBefore ? "acknowledged" : "sounding"} before the press${reboot ? ", the post reboots with the alarm open" : ""}: the alarm wins`, (t) => {
      const inputs: object[] = [{ at_ms: PRESS, device: "clinic", press_ms: 400 }];
      if (ackedBefore) inputs.push({ at_ms: 10_000, device: "post", button: "acknowledge" });
      if (reboot) inputs.push({ at_ms: REBOOT, device: "post", power: "off" }, { at_ms: REBOOT + 500, device: "post", power: "on" });
      inputs.push({ at_ms: ACK, device: "post", button: "acknowledge" }, { at_ms: RESET, device: "post", button: "reset" });
      inputs.sort((a, b) => (a as { at_ms: number }).at_ms - (b as { at_ms: number }).at_ms);
      const r = runPost({ rewrite: noDutyList, inputs });
      t.true(r.events.some((e) => e.event === "escalation_off" && e.why === "no_duty_list" && e.t >= 1_000), "the post cannot escalate");
      const opened = r.events.find((e) => e.event === "incident_opened" && e.t >= PRESS)!;
      t.truthy(opened, "the alarm opened an incident");
      t.true(r.clinic.some((e) => e.event === "alarm_delivered" && e.t >= PRESS && e.t < PRESS + 5_000), "the caller was acked");
      // the siren from the incident to the acknowledgement: alarm, and never the fault chirp
      const lastBefore = (at: number) => r.events.filter((e) => e.event === "siren" && e.t <= at).at(-1)?.pattern;
      for (const at of [opened.t + 100, PRESS + 9_000, REBOOT + 5_000, ACK - 100]) t.is(lastBefore(at), "alarm", `siren at ${at} ms`);
      t.false(r.sirens(opened.t, ACK).includes("fault"), "no fault chirp over the alarm");
      for (const at of [PRESS + 9_000, REBOOT + 5_000, ACK - 100]) t.is(r.shown(at).screen, "alarm", `screen at ${at} ms: ${text(r.shown(at))}`);
      t.true(r.clinic.some((e) => e.event === "alarm_acknowledged" && e.t >= ACK), "the presser is told help is coming");
      t.is(lastBefore(RESET - 100), "quiet", "acknowledge quiets the siren, the fault chirp included");
      const after = r.shown(119_000);
      t.is(after.screen, "fault", text(after));
      t.regex(text(after), /Chưa có danh sách trực/);
      t.is(lastBefore(119_000), "quiet");
    });
  }
}
