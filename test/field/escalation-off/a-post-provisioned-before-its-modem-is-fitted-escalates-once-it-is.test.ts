/**
 * Claim (install order, docs/vi/huong-dan-lap-dat.md: the installer may provision the post with
 * its duty list before the LTE module is fitted): on the standard board (modem UART mapped) with
 * a duty list and no module answering, the post says the modem does not answer (`modem_fault
 * not_answering`, fault chirp, "LỖI MODEM LTE" screen) — never `escalation_off` — and once the
 * module is fitted and answers, without a restart, the fault clears (`modem_ok`, siren quiet,
 * status screen) and the next alarm is texted to the duty phones.
 *
 * PASSES on break14 (1099a87): what held. Not checked elsewhere: the modem tests start from a
 * working or failing modem, not from one that appears after boot with the duty list already in.
 */
import test from "ava";
import { runPost, text } from "./post-world.ts";

const FITTED = 300_000;
const PRESS = 600_000;

test("duty list first, module fitted 5 minutes later: modem fault, then cleared, then the alarm is texted", (t) => {
  const r = runPost({
    rewrite: () => {},
    modem: { silent: true },
    durationMs: 700_000,
    inputs: [
      { at_ms: FITTED, device: "post", modem: { silent: false } },
      { at_ms: PRESS, device: "clinic", press_ms: 400 },
    ],
  });
  t.false(r.events.some((e) => e.event === "escalation_off"), "the post has a duty list and a modem UART");
  const fault = r.events.find((e) => e.event === "modem_fault")!;
  t.like(fault, { reason: "not_answering" });
  t.true(fault.t < FITTED);
  t.true(r.sirens(fault.t, FITTED).includes("fault"));
  t.is(r.shown(FITTED - 1).screen, "fault", text(r.shown(FITTED - 1)));
  const ok = r.events.find((e) => e.event === "modem_ok" && e.t >= FITTED)!;
  t.truthy(ok, "modem_ok after the module is fitted");
  t.deepEqual(r.sirens(ok.t, PRESS), ["quiet"]);
  t.is(r.shown(PRESS - 1).screen, "status", text(r.shown(PRESS - 1)));
  t.true(r.events.some((e) => e.event === "escalation_sms_sent" && e.kind === "alarm" && e.t > PRESS), "the alarm is texted");
});
