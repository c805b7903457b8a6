/**
 * Section "escalation" (issue 14): an empty post, and how fast the duty officers' phones hear of
 * the alarm and take it. Each run: the real caller and receiver, the firmware's escalation and
 * AT driver (`firmware/stack/post-escalation.ts`) against the simulated modem and phone network,
 * default settings (`ESCALATION_DEFAULTS`), three duty phones. Nobody is at the post. The first
 * officer never answers; the second answers after 3–25 s and presses 1 in 60 % of runs (else he
 * replies "OK 1" 20–90 s after his SMS arrived); the third answers after 3–25 s and presses 1.
 *
 * Figures: press → first SMS submitted (`+CMGS` accepted by the network), press → first phone
 * ringing, the share of alarms taken within 60 s and 120 s of the press, and the SMS sent per
 * incident (alarm texts, the "taken by" and the confirmation; a concatenated SMS counts once).
 */
import { ESCALATION_DEFAULTS } from "../firmware/core/escalation/settings.ts";
import { Random } from "../tools/sim/random.ts";
import { runScenario } from "../tools/sim/run.ts";
import { parseScenario } from "../tools/sim/scenario.ts";
import { fmtInt } from "./format.ts";
import type { Failure, SectionRunner, SummaryRow, Table } from "./section.ts";
import { percentile } from "./stats.ts";

const DUTY = ["+84901000001", "+84901000002", "+84901000003"] as const;
const PRESS_AT_MS = 2_000;

interface RunFigures {
  seed: number;
  firstSmsMs: number | undefined;
  firstRingMs: number | undefined;
  takenMs: number | undefined;
  via: string | undefined;
  sms: number;
}

function runOne(seed: number): RunFigures {
  const r = new Random(seed, "bench-escalation");
  const bPresses = r.chance(0.6);
  const inputs: unknown[] = [{ at_ms: PRESS_AT_MS, device: "clinic", press_ms: 300 }];
  // B's SMS arrives about 8 s after the escalation starts; he replies 20–90 s later if he does not press
  if (!bPresses) inputs.push({ at_ms: PRESS_AT_MS + ESCALATION_DEFAULTS.escalateAfterMs + 8_000 + r.int(20_000, 90_000), phone: DUTY[1], sms: "OK 1" });
  const s = parseScenario({
    name: `empty post, seed ${seed}`,
    seed,
    duration_ms: 600_000,
    devices: [
      { id: "post", role: "receiver", name: "Công an xã" },
      { id: "clinic", role: "caller", name: "Trạm y tế" },
    ],
    lte: {
      device: "post",
      escalation: { duty: DUTY.map((phone, i) => ({ phone, name: `Đ/c ${i + 1}` })) },
      phones: [
        { phone: DUTY[0], answers: "no" },
        { phone: DUTY[1], answers: "yes", ring_ms: r.int(3_000, 25_000), ...(bPresses ? { press: "1" } : {}) },
        { phone: DUTY[2], answers: "yes", ring_ms: r.int(3_000, 25_000), press: "1" },
      ],
    },
    inputs,
  });
  const ev = runScenario(s).events;
  const press = ev.find((e) => e.event === "press")?.t ?? PRESS_AT_MS;
  const sent = ev.find((e) => e.event === "escalation_sms_sent");
  const ring = ev.find((e) => e.event === "phone_ringing");
  const taken = ev.find((e) => e.event === "escalation_taken");
  return {
    seed,
    firstSmsMs: sent ? sent.t - press : undefined,
    firstRingMs: ring ? ring.t - press : undefined,
    takenMs: taken ? taken.t - press : undefined,
    via: taken ? String(taken.via) : undefined,
    sms: ev.filter((e) => e.event === "escalation_sms_sent").length,
  };
}

const pct = (values: number[], p: number) => (values.length ? `${fmtInt(percentile(values, p))} ms` : "—");

export const run: SectionRunner = async ({ quick, log }) => {
  const n = quick ? 20 : 200;
  const runs: RunFigures[] = [];
  for (let seed = 1; seed <= n; seed++) {
    runs.push(runOne(seed));
    if (seed % 50 === 0) log(`escalation: ${seed}/${n} runs`);
  }
  const firstSms = runs.flatMap((x) => (x.firstSmsMs === undefined ? [] : [x.firstSmsMs]));
  const firstRing = runs.flatMap((x) => (x.firstRingMs === undefined ? [] : [x.firstRingMs]));
  const taken = runs.flatMap((x) => (x.takenMs === undefined ? [] : [x.takenMs]));
  const within = (ms: number) => runs.filter((x) => x.takenMs !== undefined && x.takenMs <= ms).length;
  const never = runs.filter((x) => x.takenMs === undefined);
  const smsPer = runs.map((x) => x.sms);
  const summary: SummaryRow[] = [
    { what: "Alarms never taken by anyone (empty post)", target: "0", measured: `${never.length} of ${n}`, verdict: never.length === 0 ? "pass" : "fail" },
    { what: "Press → first SMS submitted (median / 95th)", target: "—", measured: `${pct(firstSms, 50)} / ${pct(firstSms, 95)}`, verdict: "info" },
    { what: "Press → an officer's phone ringing (median / 95th)", target: "—", measured: `${pct(firstRing, 50)} / ${pct(firstRing, 95)}`, verdict: "info" },
    { what: "Taken within 60 s of the press, first officer not answering", target: "—", measured: `${within(60_000)} of ${n}`, verdict: "info" },
    { what: "Taken within 120 s of the press", target: "—", measured: `${within(120_000)} of ${n}`, verdict: "info" },
    { what: "SMS sent per incident (median / max)", target: "≤ 10 per number per hour", measured: `${percentile(smsPer, 50)} / ${Math.max(...smsPer)}`, verdict: Math.max(...smsPer) <= 10 * DUTY.length ? "pass" : "fail" },
  ];
  const table: Table = {
    title: "Press → taken, by how it was taken",
    columns: ["taken by", "runs", "median", "95th"],
    rows: ["dtmf", "sms"].map((via) => {
      const t = runs.filter((x) => x.via === via).map((x) => x.takenMs!);
      return [via === "dtmf" ? "key 1 on the call" : "SMS reply OK 1", String(t.length), pct(t, 50), pct(t, 95)];
    }),
    note: "Virtual time; SMS submit 1.5 s and delivery 2 s, ringing 2 s after the dial (tools/sim/phone-network.ts).",
  };
  const failures: Failure[] = never.map((x) => ({ what: "alarm never taken", scenario: `bench/escalation.ts runOne`, seed: x.seed, detail: "no escalation_taken in 600 s" }));
  return {
    id: "escalation",
    title: "Escalation to the duty phones",
    method:
      `${n} runs of an empty post (bench/escalation.ts): the real caller and receiver, the firmware's escalation policy and AT driver against the simulated LTE modem and phone network, ` +
      `default settings (escalate after ${ESCALATION_DEFAULTS.escalateAfterMs / 1000} s, calls hung up after ${ESCALATION_DEFAULTS.callMs / 1000} s). The first officer never answers; the second answers after 3–25 s and presses 1 in 60 % of runs, else replies OK 1 by SMS; the third answers and presses 1.`,
    summary,
    tables: [table],
    plots: [],
    notes: ["With escalate_after_ms 30 s, no alarm can be taken by phone within 60 s unless the second officer is quick: the 60 s share measures the default's cost, not a target."],
    seeds: runs.map((x) => x.seed),
    failures,
    figures: { runs: n, first_sms_ms: firstSms, first_ring_ms: firstRing, taken_ms: taken, sms_per_incident: smsPer },
  };
};
