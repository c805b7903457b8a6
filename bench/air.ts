/**
 * Section "air": the simulator's air model checked against 802.11 DCF arithmetic, the air time a
 * caller uses per hour with no alarm (issue 15: at most 1.2× what it was before), and what one
 * alarm costs in air time under loss.
 *
 * - Contention: n senders (2, 5, 10, 20), one frame each, ready in the same µs on an idle
 *   channel; the first frame on the air gets through exactly when the smallest backoff is
 *   unique: P = n · Σ_k (1/W) · ((W − 1 − k)/W)^(n − 1), W = CWmin + 1 = 32 (slotted contention,
 *   the slot model of Bianchi 2000 §II).
 * - Hidden pair: two senders that cannot hear each other, Poisson streams of rate λ, frames of
 *   length T: pure ALOHA, P(a frame gets through) = e^(−2λT) (Abramson 1970).
 * - Air per caller-hour: 20 callers and their post for hours, heartbeats only, air model on; the
 *   medium's `air_us` (every frame's exchange, collided ones included) per caller per hour.
 * - One alarm: press campaigns at 0, 30, 50 % loss; each alarm copy a caller sent and each
 *   copy the post heard (and so acked) priced at `frameAirUs` of its frame.
 */
import { FRAME_BYTES } from "../firmware/core/frame/constants.ts";
import type { Radio } from "../firmware/hal/radio.ts";
import { ACK_EXCHANGE_US, AIR, dataAirUs, frameAirUs } from "../tools/sim/airtime.ts";
import { EventQueue } from "../tools/sim/clock.ts";
import { Medium, type AirModel } from "../tools/sim/medium.ts";
import { simAddress } from "../tools/sim/provision.ts";
import { Random } from "../tools/sim/random.ts";
import { RunLoop } from "../tools/sim/run-loop.ts";
import { runScenario } from "../tools/sim/run.ts";
import { callerId, deployment } from "./deployment.ts";
import { fmtInt, fmtNum, fmtPct } from "./format.ts";
import { keyedHmacSha256 } from "./keyed-hmac.ts";
import { campaignFigures, runCampaign } from "./press-campaign.ts";
import type { SectionRunner, SummaryRow, Table } from "./section.ts";

/** Payload of the validation frames, bytes (about an alarm frame). */
export const PROBE_PAYLOAD_BYTES = 40;

/** One unicast exchange of a probe frame (data + SIFS + MAC ACK), µs. */
export const PROBE_EXCHANGE_US = dataAirUs(PROBE_PAYLOAD_BYTES) + ACK_EXCHANGE_US;

export const POST_ADDRESS = "02:00:00:00:00:01";

/** n senders ("s0" …) and a post (`POST_ADDRESS`) on one medium with an air model (receive queue and CPU out of the way unless `air` sets them); the post records what it hears (the first payload byte is the sender index). */
export function probeNet(n: number, air: Partial<AirModel>, seed: number) {
  const queue = new EventQueue();
  const medium = new Medium({ queue, seed, global: {}, air: { rxQueue: 1024, cpuPerFrameUs: 0, ...air } });
  const loop = new RunLoop(queue, (cb) => cb());
  medium.attach("post", POST_ADDRESS);
  for (let i = 0; i < n; i++) medium.attach(`s${i}`, `02:00:00:00:01:${i.toString(16).padStart(2, "0")}`);
  const heard: Array<{ from: number; atUs: number }> = [];
  medium.open("post", { onReceive: (p) => heard.push({ from: p[0]!, atUs: queue.nowUs }), onSent() {} }, loop);
  const senders: Radio[] = [];
  const sendDone: boolean[] = [];
  for (let i = 0; i < n; i++) senders.push(medium.open(`s${i}`, { onReceive() {}, onSent: (ok) => sendDone.push(ok) }, loop));
  const payload = (from: number) => {
    const p = new Uint8Array(PROBE_PAYLOAD_BYTES);
    p[0] = from;
    return p;
  };
  return { queue, medium, senders, heard, sendDone, payload };
}

/**
 * P(the smallest of n independent uniform draws in 0 … w − 1 is unique): the first frame of n
 * simultaneous DCF senders gets through.
 */
export function firstSlotUniqueProbability(n: number, w: number = AIR.cwMinSlots + 1): number {
  let p = 0;
  for (let k = 0; k < w; k++) p += (1 / w) * Math.pow((w - 1 - k) / w, n - 1);
  return n * p;
}

/** What `contention` measured. */
export interface ContentionResult {
  rounds: number;
  /** Rounds whose first frame on the air got through. */
  clean: number;
  sent: number;
  heard: number;
  collided: number;
  deferred: number;
}

/**
 * `rounds` rounds 1 s apart of `n` senders each sending one frame to the post in the same µs.
 * A round's first frame ends by DIFS + (W − 1) slots + one exchange; a first arrival later than
 * that means the first slot's frames collided.
 */
export function contention(n: number, rounds: number, seed: number, air: Partial<AirModel> = {}): ContentionResult {
  const roundUs = 1_000_000;
  const a = probeNet(n, air, seed);
  for (let r = 0; r < rounds; r++) {
    a.queue.at(r * roundUs, () => {
      for (let i = 0; i < n; i++) a.senders[i]!.send(POST_ADDRESS, a.payload(i));
    });
  }
  a.queue.runUntil(rounds * roundUs);
  const byUs = AIR.difsUs + AIR.cwMinSlots * AIR.slotUs + PROBE_EXCHANGE_US;
  const first = new Map<number, number>();
  for (const h of a.heard) {
    const r = Math.floor(h.atUs / roundUs);
    if (!first.has(r)) first.set(r, h.atUs - r * roundUs);
  }
  let clean = 0;
  for (let r = 0; r < rounds; r++) if ((first.get(r) ?? Infinity) <= byUs) clean++;
  const s = a.medium.stats;
  return { rounds, clean, sent: s.sent, heard: a.heard.length, collided: s.lost_collision!, deferred: s.deferred! };
}

/** What `hiddenPair` measured: sender 0's frames sent and heard, and all collided frames. */
export interface HiddenPairResult {
  sent0: number;
  heard0: number;
  collided: number;
  /** ALOHA's prediction e^(−2λT) for sender 0. */
  aloha: number;
}

/**
 * Two senders with Poisson streams of `perSecond` frames each (a send while busy is skipped),
 * hidden from each other or not.
 */
export function hiddenPair(hidden: boolean, frames: number, perSecond: number, seed: number): HiddenPairResult {
  const lambdaPerUs = perSecond / 1_000_000;
  const a = probeNet(2, hidden ? { hidden: [["s0", "s1"]] } : {}, seed);
  const random = new Random(seed, "bench:arrivals");
  let sent0 = 0;
  for (let i = 0; i < 2; i++) {
    let atUs = 0;
    const radio = a.senders[i]!;
    for (let k = 0; k < frames; k++) {
      atUs += Math.max(1, Math.round(-Math.log(1 - random.float()) / lambdaPerUs));
      a.queue.at(atUs, () => {
        if (radio.busy) return;
        if (i === 0) sent0++;
        radio.send(POST_ADDRESS, a.payload(i));
      });
    }
  }
  a.queue.runUntil(Math.ceil((frames / perSecond) * 3) * 1_000_000);
  return { sent0, heard0: a.heard.filter((h) => h.from === 0).length, collided: a.medium.stats.lost_collision!, aloha: Math.exp(-2 * lambdaPerUs * PROBE_EXCHANGE_US) };
}

/**
 * Air time per caller-hour before issue 15 (bench/report.json, scale section, commit bc3cdf7:
 * 20 callers, 6 simulated hours, heartbeats only, seeds 4101–4103), µs, by loss.
 */
export const AIR_PER_CALLER_HOUR_BEFORE_US: ReadonlyArray<readonly [loss: number, us: number]> = [
  [0, 265_680],
  [0.1, 313_777],
  [0.3, 454_122],
];

/** Issue 15: air time per caller-hour with no alarm, at most this many times what it was. */
export const AIR_GROWTH_LIMIT = 1.2;

const CONTENTION = { senders: [2, 5, 10, 20], rounds: { full: 3000, quick: 500 }, seed: 4300 } as const;
const HIDDEN = { frames: { full: 6000, quick: 1500 }, perSecond: 40, seed: 4310 } as const;
const IDLE = { callers: 20, hours: { full: 6, quick: 1 }, seed: 4320 } as const;
const ALARM = { losses: [0, 0.3, 0.5], presses: { full: 1000, quick: 100 }, seed: 4330 } as const;

/** Runs the section. */
export const run: SectionRunner = async ({ quick, log }) => {
  const summary: SummaryRow[] = [];

  // 1. Contention against slotted DCF arithmetic.
  const rounds = quick ? CONTENTION.rounds.quick : CONTENTION.rounds.full;
  const contentionRows = CONTENTION.senders.map((n, i) => {
    const r = contention(n, rounds, CONTENTION.seed + i);
    const p = firstSlotUniqueProbability(n);
    const band = 5 * Math.sqrt(rounds * p * (1 - p));
    log(`air contention n=${n}: ${r.clean}/${rounds} clean, arithmetic ${(rounds * p).toFixed(0)} ± ${band.toFixed(0)}`);
    return { n, r, p, band, ok: Math.abs(r.clean - rounds * p) <= band };
  });
  const contentionTable: Table = {
    title: "Collisions against 802.11 DCF arithmetic: n senders ready in the same µs",
    columns: ["senders", "rounds", "first frame through: measured", "DCF arithmetic", "frames collided (all rounds)", "backoffs frozen"],
    rows: contentionRows.map(({ n, r, p, band }) => [
      String(n),
      fmtInt(rounds),
      fmtPct(r.clean / rounds),
      `${fmtPct(p)} (± ${fmtPct(band / rounds)} at 5σ)`,
      `${fmtInt(r.collided)} of ${fmtInt(r.sent)} (${fmtPct(r.collided / r.sent)})`,
      fmtInt(r.deferred),
    ]),
    note:
      `P(first frame through) = n · Σ_k (1/W) · ((W − 1 − k)/W)^(n − 1), W = ${AIR.cwMinSlots + 1}: the smallest backoff is unique. ` +
      `Frames of ${PROBE_PAYLOAD_BYTES} B (${fmtNum(PROBE_EXCHANGE_US)} µs with SIFS and MAC ACK), DIFS ${AIR.difsUs} µs, slot ${AIR.slotUs} µs; no receive queue or CPU limit here. Seeds ${CONTENTION.seed}–${CONTENTION.seed + CONTENTION.senders.length - 1}.`,
  };
  const contentionOk = contentionRows.every((x) => x.ok);
  summary.push({
    what: "Air model: first frame of 2, 5, 10, 20 simultaneous senders, vs slotted DCF arithmetic",
    target: "within 5σ",
    measured: contentionRows.map(({ n, r, p }) => `${n}: ${fmtPct(r.clean / rounds)} vs ${fmtPct(p)}`).join("; "),
    verdict: contentionOk ? "pass" : "fail",
  });

  // 2. Hidden pair against pure ALOHA.
  const frames = quick ? HIDDEN.frames.quick : HIDDEN.frames.full;
  const hid = hiddenPair(true, frames, HIDDEN.perSecond, HIDDEN.seed);
  const heardShare = hid.heard0 / hid.sent0;
  const hidBand = 5 * Math.sqrt(hid.aloha * (1 - hid.aloha) / hid.sent0);
  const sensing = hiddenPair(false, frames, HIDDEN.perSecond, HIDDEN.seed);
  summary.push({
    what: "Air model: two hidden senders (no carrier sense) vs pure ALOHA e^(−2λT)",
    target: "within 5σ",
    measured: `${fmtPct(heardShare)} through vs ${fmtPct(hid.aloha)}; hearing each other: ${fmtInt(sensing.collided)} collided frames vs ${fmtInt(hid.collided)}`,
    verdict: Math.abs(heardShare - hid.aloha) <= hidBand ? "pass" : "fail",
  });

  // 3. Air time per caller-hour, no alarm.
  const hours = quick ? IDLE.hours.quick : IDLE.hours.full;
  const idleRows = AIR_PER_CALLER_HOUR_BEFORE_US.map(([loss, beforeUs], i) => {
    const { scenario } = deployment({ name: `bench air: ${IDLE.callers} callers, heartbeats only, ${loss * 100} % loss`, seed: IDLE.seed + i, durationMs: hours * 3_600_000, callers: IDLE.callers, radio: { loss }, air: {} });
    const r = runScenario(scenario, { keepEvents: false, engine: { hmac: keyedHmacSha256() } });
    const usPerCallerHour = r.radio.air_us! / IDLE.callers / hours;
    log(`air idle loss ${loss}: ${fmtNum(usPerCallerHour / 1000)} ms per caller-hour (before ${fmtNum(beforeUs / 1000)})`);
    return { loss, beforeUs, usPerCallerHour, radio: r.radio };
  });
  const idleTable: Table = {
    title: "Air time per caller-hour with no alarm: before issue 15 and now (air model on)",
    columns: ["loss", "before", "now", "ratio", "collided frames", "backoffs frozen"],
    rows: idleRows.map((x) => [fmtPct(x.loss), `${fmtNum(x.beforeUs / 1000)} ms`, `${fmtNum(x.usPerCallerHour / 1000)} ms`, `${fmtNum(x.usPerCallerHour / x.beforeUs)}×`, fmtInt(x.radio.lost_collision!), fmtInt(x.radio.deferred!)]),
    note:
      `${IDLE.callers} callers and their post for ${hours} simulated h, heartbeats every 30 s ± 10 % with their acks and retransmissions, no presses. “Now” is the medium's \`air_us\`: every frame's data + SIFS + MAC ACK, collided frames included. ` +
      `“Before” is the scale section's figure at commit bc3cdf7 (same frame arithmetic, counted from the frames sent, no air model). Seeds ${IDLE.seed}–${IDLE.seed + 2}.`,
  };
  const worstRatio = Math.max(...idleRows.map((x) => x.usPerCallerHour / x.beforeUs));
  summary.push({
    what: "Air time per caller-hour with no alarm, vs before issue 15",
    target: `≤ ${AIR_GROWTH_LIMIT}× (issue 15)`,
    measured: idleRows.map((x) => `${fmtPct(x.loss)}: ${fmtNum(x.usPerCallerHour / 1000)} ms (${fmtNum(x.usPerCallerHour / x.beforeUs)}×)`).join("; "),
    verdict: worstRatio <= AIR_GROWTH_LIMIT ? "pass" : "fail",
  });

  // 4. The cost of one alarm.
  const presses = quick ? ALARM.presses.quick : ALARM.presses.full;
  const alarmRows = ALARM.losses.map((loss, i) => {
    const addressToCaller = new Map<string, string>();
    for (let k = 0; k < 4; k++) addressToCaller.set(simAddress(k + 2), callerId(k));
    const lastSent = new Map<string, number>();
    let copies = 0;
    let heardCopies = 0;
    const r = runCampaign(
      { id: `air-alarm-${loss * 100}`, label: `${loss * 100} % loss`, seed: ALARM.seed + i, radio: { loss }, presses },
      {
        hmac: keyedHmacSha256(),
        detail: true,
        onEvent: (e) => {
          if (e.event === "radio_send") {
            lastSent.set(e.device!, e.bytes as number);
            if (e.device !== "post" && e.bytes === FRAME_BYTES.alarm) copies++;
          } else if (e.event === "radio_arrival" && e.device === "post" && e.fate === "delivered") {
            const caller = addressToCaller.get(e.from as string);
            if (caller !== undefined && lastSent.get(caller) === FRAME_BYTES.alarm) heardCopies++;
          }
        },
      },
    );
    const f = campaignFigures(r);
    const perAlarmUs = (copies * frameAirUs(FRAME_BYTES.alarm) + heardCopies * frameAirUs(FRAME_BYTES.ack)) / f.presses;
    log(`air alarm loss ${loss}: ${fmtNum(copies / f.presses)} copies, ${fmtNum(heardCopies / f.presses)} acks, ${fmtNum(perAlarmUs / 1000)} ms per alarm`);
    return { loss, presses: f.presses, copies: copies / f.presses, acks: heardCopies / f.presses, perAlarmUs };
  });
  const alarmTable: Table = {
    title: "What one alarm costs in air time (the alarm's copies and the post's acks)",
    columns: ["loss", "alarms", "copies sent per alarm", "acks sent per alarm", "air time per alarm", "in heartbeat-minutes (10 % loss)"],
    rows: alarmRows.map((x) => [
      fmtPct(x.loss),
      fmtInt(x.presses),
      fmtNum(x.copies),
      fmtNum(x.acks),
      `${fmtNum(x.perAlarmUs / 1000)} ms`,
      fmtNum(x.perAlarmUs / (idleRows[1]!.usPerCallerHour / 60)),
    ]),
    note:
      `A copy is an alarm frame (${FRAME_BYTES.alarm} B, ${fmtNum(frameAirUs(FRAME_BYTES.alarm))} µs with its MAC ACK) a caller put on the air; the post acks every copy it hears (${FRAME_BYTES.ack} B, ${fmtNum(frameAirUs(FRAME_BYTES.ack))} µs). ` +
      `Counted from the run's radio events (detail), ${presses} presses on 4 callers per loss, air model on. The last column: the same air as one caller's heartbeats for that many minutes. Seeds ${ALARM.seed}–${ALARM.seed + 2}.`,
  };
  summary.push({
    what: "Air time of one alarm (0 / 30 / 50 % loss)",
    target: "— (issue 15: stated)",
    measured: alarmRows.map((x) => `${fmtNum(x.perAlarmUs / 1000)} ms`).join(" / "),
    verdict: "info",
  });

  return {
    id: "air",
    title: "The air model and air time",
    method:
      "The simulator's air model (`tools/sim/medium.ts`; `tools/sim/README.md`, “The air model”): one shared 1 Mbps channel, 802.11 DCF carrier sense and backoff, collisions, hidden pairs, the ESP-NOW driver's receive queue and the app's CPU per frame. " +
      "First checked against DCF arithmetic on probe frames, then used to price a caller's hour of heartbeats and one alarm through the real apps.",
    summary,
    tables: [contentionTable, idleTable, alarmTable],
    plots: [],
    notes: [
      `Hidden pair: ${fmtInt(hid.sent0)} frames from one sender at ${HIDDEN.perSecond} per s, ${fmtPct(heardShare)} got through; ALOHA predicts e^(−2λT) = ${fmtPct(hid.aloha)} (T = ${fmtNum(PROBE_EXCHANGE_US)} µs). The same two senders hearing each other lost ${fmtInt(sensing.collided)} frames to collisions, against ${fmtInt(hid.collided)} when hidden.`,
      "Not modelled: capture effect, MAC retries, several channels, CPU time other than for received frames (see the simulator's README).",
    ],
    seeds: [...CONTENTION.senders.map((_, i) => CONTENTION.seed + i), HIDDEN.seed, IDLE.seed, IDLE.seed + 1, IDLE.seed + 2, ...ALARM.losses.map((_, i) => ALARM.seed + i)],
    failures: [],
    figures: {
      contention: contentionRows.map(({ n, r, p }) => ({ senders: n, ...r, arithmetic: p })),
      hidden_pair: { hidden: hid, sensing },
      air_per_caller_hour: idleRows.map(({ loss, beforeUs, usPerCallerHour }) => ({ loss, before_us: beforeUs, now_us: usPerCallerHour, ratio: usPerCallerHour / beforeUs })),
      alarm_cost: alarmRows,
    },
  };
};
