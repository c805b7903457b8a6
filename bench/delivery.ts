/**
 * Section "delivery": does every press reach the post, exactly once, and how soon — under
 * i.i.d. and bursty loss, and under the hostile cases: radio outages, a receiver in power save,
 * a caller losing power with its alarm unacknowledged, a receiver rebooting mid-alarm,
 * duplicated frames with lost MAC acks and missing send-done callbacks, and all twenty callers
 * pressing at once. Each condition is a press campaign (`press-campaign.ts`).
 */
import { LINK_DEFAULTS } from "../firmware/core/link/link.ts";
import { fmtInt, fmtMs, fmtOf, fmtPct } from "./format.ts";
import { keyedHmacSha256 } from "./keyed-hmac.ts";
import { BURSTY_RADIO, NOTIFY_LIMIT_MS } from "./latency.ts";
import { SETTINGS_DEFAULTS } from "../firmware/core/config.ts";
import { campaignFigures, PRESS_SHAPE, runCampaign, type CampaignFigures, type CampaignResult, type PressCondition } from "./press-campaign.ts";
import { POST_ID } from "./deployment.ts";
import type { Failure, SectionRunner, SummaryRow, Table } from "./section.ts";
import { countAtMost } from "./stats.ts";

/** Presses per condition. */
export const DELIVERY_PRESSES = { full: 1000, quick: 100 } as const;

/**
 * A caller's power is cut no sooner than this after the first edge of a press: after debounce,
 * hold and bounce, so the press has counted (a press cut short before that is not an alarm).
 */
export const CUT_AFTER_MS = SETTINGS_DEFAULTS.debounceMs + SETTINGS_DEFAULTS.holdMs + PRESS_SHAPE.bounceSpanMs + 20;

/** The longest wait between alarm transmissions: the cap plus its jitter (link README). */
export const LONGEST_ALARM_WAIT_MS = LINK_DEFAULTS.alarm.maxMs * (1 + LINK_DEFAULTS.alarm.jitter);

/**
 * Conditions held to the 10 s target: loss up to 30 %, duplicates, all callers at once — the
 * link and both devices stay up and an attempt gets through at least 70 % of the time. The
 * others are judged on "never lost, exactly once" and their times are reported: 50 % loss,
 * 95 % bursts, outages, power cuts, reboots, and power save (a receiver hearing half the time
 * with 10 % loss refuses 1 − 0.5 × 0.9 = 55 % of attempts).
 */
export const HELD_TO_10_S: ReadonlySet<string> = new Set(["loss-10", "loss-30", "dup", "all-at-once"]);

/** The conditions, with their seeds. */
export function deliveryConditions(presses: number): PressCondition[] {
  return [
    { id: "loss-10", label: "10 % loss", seed: 2001, radio: { loss: 0.1 }, presses },
    { id: "loss-30", label: "30 % loss", seed: 2002, radio: { loss: 0.3 }, presses },
    { id: "loss-50", label: "50 % loss", seed: 2003, radio: { loss: 0.5 }, presses },
    { id: "bursty", label: "bursty (2 s bursts at 95 % loss)", seed: 2004, radio: BURSTY_RADIO, presses },
    {
      id: "outage",
      label: "radio outage of 1–20 s over each press, no loss otherwise",
      seed: 2005,
      radio: { loss: 0 },
      presses,
      spacingMs: 30_000,
      ackAfterMs: 25_000,
      resetAfterMs: 27_000,
      outage: (_k, atMs, _caller, random) => {
        const fromMs = atMs - random.int(0, 2000);
        return { fromMs, toMs: fromMs + random.int(1000, 20_000) };
      },
    },
    {
      id: "power-save",
      label: "receiver in power save (hears 50 of every 100 ms), 10 % loss",
      seed: 2006,
      radio: { loss: 0.1 },
      presses,
      deviceExtras: { [POST_ID]: { radio: { listen: { period_ms: 100, window_ms: 50 } } } },
    },
    {
      id: "caller-power-cut",
      label: `caller loses power ${fmtMs(CUT_AFTER_MS)}–2.5 s after the press (once it counted), alarm not yet acked; 30 % loss`,
      seed: 2007,
      radio: { loss: 0.3 },
      presses,
      outage: (_k, atMs, caller) => ({ device: caller, fromMs: atMs - 500, toMs: atMs + 3000 }),
      perPress: (_k, atMs, caller, random) => {
        const off = atMs + random.int(CUT_AFTER_MS, 2500);
        return [
          { at_ms: off, device: caller, power: "off" },
          { at_ms: off + 1000, device: caller, power: "on" },
        ];
      },
    },
    {
      id: "receiver-reboot",
      label: "receiver loses power 0–400 ms after the press for 3 s; 10 % loss",
      seed: 2008,
      radio: { loss: 0.1 },
      presses,
      perPress: (_k, atMs, _caller, random) => {
        const off = atMs + random.int(0, 400);
        return [
          { at_ms: off, device: POST_ID, power: "off" },
          { at_ms: off + 3000, device: POST_ID, power: "on" },
        ];
      },
    },
    {
      id: "dup",
      label: "20 % loss, 20 % duplicated, 20 % MAC acks lost, 5 % send-done missing",
      seed: 2009,
      radio: { loss: 0.2, duplicate: 0.2, ack_loss: 0.2, send_done_missing: 0.05 },
      presses,
    },
    {
      id: "all-at-once",
      label: "all 20 callers press at the same moment, 30 % loss",
      seed: 2010,
      radio: { loss: 0.3 },
      presses,
      callers: 20,
      simultaneous: true,
      spacingMs: 20_000,
    },
  ];
}

/** Issue 15: twenty callers pressing in the same millisecond at 30 % loss, collisions modelled: every alarm at the post within this, ms. */
export const ALL_AT_ONCE_LIMIT_MS = 2000;

/** The summary row of issue 15's twenty-at-once target (press → incident at the post, every press). */
function allAtOnceRow(f: CampaignFigures): SummaryRow {
  const within = countAtMost(f.toIncidentMs, ALL_AT_ONCE_LIMIT_MS);
  return {
    what: "Twenty callers pressing at once, 30 % loss, collisions modelled: every alarm at the post",
    target: `≤ ${fmtMs(ALL_AT_ONCE_LIMIT_MS)} (issue 15)`,
    measured: `${fmtOf(within, f.presses)} within ${fmtMs(ALL_AT_ONCE_LIMIT_MS)}; slowest ${f.toIncidentMs.length ? fmtMs(Math.max(...f.toIncidentMs)) : "—"}`,
    verdict: within === f.presses ? "pass" : "fail",
  };
}

/**
 * Alarm reached the post, measured from the end of the outage around its press (ms), for alarms
 * that met one: the outage was still on at the press event, when the first copy went out. (An
 * outage that ended between the first edge and the press event, during debounce and hold, is not
 * met by the alarm; counting it measured the hold, not the link: with the old 3 s bound it did
 * not show, with a 150 ms one it did.)
 */
function afterOutageMs(r: CampaignResult): number[] {
  return r.records
    .filter((p) => p.outage && p.pressMs !== undefined && p.outage[1] > p.pressMs && p.openedMs !== undefined && p.openedMs >= p.outage[1])
    .map((p) => p.openedMs! - p.outage![1]);
}

/** Runs the delivery campaigns and reports delivery, exactly-once and losses by condition. */
export const run: SectionRunner = async ({ quick, log }) => {
  const presses = quick ? DELIVERY_PRESSES.quick : DELIVERY_PRESSES.full;
  const conditions = deliveryConditions(presses);
  const results: Array<{ c: PressCondition; r: CampaignResult; f: CampaignFigures }> = [];
  for (const c of conditions) {
    const r = runCampaign(c, { hmac: keyedHmacSha256() });
    const f = campaignFigures(r);
    results.push({ c, r, f });
    log(`delivery ${c.id}: ${f.presses} presses, lost ${f.lost}, exactly once ${f.exactlyOnce}, ${r.wallS.toFixed(1)} s`);
  }

  const table: Table = {
    title: "Delivery and exactly-once, by condition",
    columns: ["condition", "held to", "presses", "at the post ≤ 1 s", "≤ 10 s", "slowest", "one incident per press", "extra incidents", "phantom incidents", "lost", "seed"],
    rows: results.map(({ c, f }) => [
      c.label,
      HELD_TO_10_S.has(c.id) ? "10 s, once" : "once",
      fmtInt(f.presses),
      fmtPct(countAtMost(f.toIncidentMs, 1000) / f.presses),
      fmtPct(countAtMost(f.toIncidentMs, NOTIFY_LIMIT_MS) / f.presses),
      f.toIncidentMs.length ? fmtMs(Math.max(...f.toIncidentMs)) : "—",
      fmtOf(f.exactlyOnce, f.presses),
      fmtInt(f.duplicateIncidents),
      fmtInt(f.phantomIncidents),
      fmtInt(f.lost),
      String(c.seed),
    ]),
    note:
      "“At the post” = first electrical edge of the press → the receiver's `incident_opened` (virtual ms). “One incident per press” counts presses whose (caller, incident) was opened exactly once; " +
      "extra = openings beyond the first; phantom = incidents no press explains; lost = pressed but never opened by the end of the run (≥ 60 s after the last press).",
  };

  const outage = results.find((x) => x.c.id === "outage")!;
  const after = afterOutageMs(outage.r);
  const maxAfter = after.length ? Math.max(...after) : 0;
  const outageTable: Table = {
    title: "After an outage: link back → alarm at the post",
    columns: ["presses that met an outage", "p50", "max", "claim (link README)"],
    rows: [[fmtInt(after.length), after.length ? fmtMs(after.sort((a, b) => a - b)[Math.ceil(after.length / 2) - 1]!) : "—", fmtMs(maxAfter), `≤ ${fmtMs(LONGEST_ALARM_WAIT_MS)} (longest retransmission wait) + air time`]],
    note: "Outages silence every link from 0–2 s before the press for 1–20 s; with no loss otherwise, the first attempt after the link returns gets through.",
  };

  const all = results.map((x) => x.f);
  const total = all.reduce((s, f) => s + f.presses, 0);
  const lost = all.reduce((s, f) => s + f.lost, 0);
  const once = all.reduce((s, f) => s + f.exactlyOnce, 0);
  const extra = all.reduce((s, f) => s + f.duplicateIncidents + f.phantomIncidents, 0);
  const within = results.filter((x) => HELD_TO_10_S.has(x.c.id));
  const withinN = within.reduce((s, x) => s + x.f.presses, 0);
  const within10 = within.reduce((s, x) => s + countAtMost(x.f.toIncidentMs, NOTIFY_LIMIT_MS), 0);
  const within1 = within.reduce((s, x) => s + countAtMost(x.f.toIncidentMs, 1000), 0);

  const summary: SummaryRow[] = [
    { what: "Alarms lost", target: "0", measured: `${fmtInt(lost)} of ${fmtInt(total)} presses, ${results.length} conditions`, verdict: lost === 0 ? "pass" : "fail" },
    {
      what: "Incidents per press",
      target: "exactly 1",
      measured: `${fmtOf(once, total)} exactly once; ${fmtInt(extra)} extra or phantom`,
      verdict: once === total && extra === 0 ? "pass" : "fail",
    },
    {
      what: "Alarm at the post within 10 s: ≤ 30 % loss, duplicates, 20 callers at once",
      target: "100 %",
      measured: `${fmtPct(within10 / withinN)} (${fmtOf(within10, withinN)}); within 1 s: ${fmtPct(within1 / withinN)}`,
      verdict: within10 === withinN ? "pass" : "fail",
    },
    allAtOnceRow(results.find((x) => x.c.id === "all-at-once")!.f),
    {
      what: "Alarm at the post after an outage ends",
      target: `≤ ${fmtMs(LONGEST_ALARM_WAIT_MS)} + air time`,
      measured: `max ${fmtMs(maxAfter)} (${fmtInt(after.length)} outages of 1–20 s)`,
      verdict: maxAfter <= LONGEST_ALARM_WAIT_MS + 10 ? "pass" : "fail",
    },
  ];

  const failures: Failure[] = [];
  for (const { c, f } of results) {
    const scenario = `bench ${c.id}: ${c.label}`;
    if (f.lost) failures.push({ what: `${f.lost} alarms lost`, scenario, seed: c.seed, detail: "pressed, never opened at the post" });
    if (f.duplicateIncidents) failures.push({ what: `${f.duplicateIncidents} incidents opened twice`, scenario, seed: c.seed, detail: "one press, two incidents" });
    if (f.phantomIncidents) failures.push({ what: `${f.phantomIncidents} phantom incidents`, scenario, seed: c.seed, detail: "an incident no press explains" });
    if (f.missedPresses || f.falsePresses) failures.push({ what: `${f.missedPresses} missed / ${f.falsePresses} extra press events`, scenario, seed: c.seed, detail: "bouncy presses through the caller's debounce and hold" });
    if (HELD_TO_10_S.has(c.id)) {
      const late = f.toIncidentMs.filter((x) => x > NOTIFY_LIMIT_MS).length;
      if (late) failures.push({ what: `${late} alarms took over 10 s`, scenario, seed: c.seed, detail: `slowest ${fmtMs(Math.max(...f.toIncidentMs))}` });
    }
  }
  if (maxAfter > LONGEST_ALARM_WAIT_MS + 10) {
    failures.push({ what: "an alarm took longer than the longest retransmission wait after an outage", scenario: `bench outage`, seed: outage.c.seed, detail: `max ${fmtMs(maxAfter)}` });
  }

  return {
    id: "delivery",
    title: "Delivery",
    method:
      `${fmtInt(presses)} presses per condition (bouncy presses as in the latency section), on 4 callers taking turns every 15 s unless stated; an officer acknowledges and resets after each. ` +
      "Power cuts and reboots are the simulator's: the device loses RAM, timers and its radio; only its store (NVS) survives. " +
      "The simulator's air model is on (issue 15): one shared 1 Mbps channel with carrier sense, backoff and collisions, and each device's 4-frame receive queue drained at 2 ms of app CPU per frame (`tools/sim/README.md`). " +
      "“Lost” is final: alarms are retransmitted for ever, so an alarm still missing when the run ends (≥ 60 s after the last press) is counted lost.",
    summary,
    tables: [table, outageTable],
    plots: [],
    notes: [
      "Held to the 10 s target: loss up to 30 %, duplicates, all callers at once (the link and both devices stay up). 50 % loss, 95 %-loss bursts, outages, power cuts, reboots and power save are held to “never lost, exactly once”; their times are reported, not judged.",
      `Power save: the receiver's radio hears only 50 ms of every 100 ms (ESP-NOW power save; alarm-field-facts §3.1, §4), so with 10 % loss 55 % of attempts fail: as much as 50 % loss. The ± ${LINK_DEFAULTS.alarm.jitter * 100} % retransmission jitter keeps attempts from phase-locking with the windows (\`test/link/link-jitter-avoids-phase-lock-with-listen-windows.test.ts\`).`,
    ],
    seeds: conditions.map((c) => c.seed),
    failures,
    figures: {
      presses_per_condition: presses,
      conditions: results.map(({ c, r, f }) => ({
        id: c.id,
        label: c.label,
        seed: c.seed,
        presses: f.presses,
        within_1s: countAtMost(f.toIncidentMs, 1000),
        within_10s: countAtMost(f.toIncidentMs, NOTIFY_LIMIT_MS),
        slowest_ms: f.toIncidentMs.length ? Math.max(...f.toIncidentMs) : null,
        exactly_once: f.exactlyOnce,
        duplicate_incidents: f.duplicateIncidents,
        phantom_incidents: f.phantomIncidents,
        lost: f.lost,
        missed_presses: f.missedPresses,
        false_presses: f.falsePresses,
        frame_rejected: r.rejected,
        counts: r.counts,
        radio: r.radio,
        sim_ms: r.simMs,
        wall_s: +r.wallS.toFixed(2),
      })),
      after_outage_ms: { n: after.length, max: maxAfter },
    },
  };
};
