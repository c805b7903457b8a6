/**
 * A press campaign: many physical presses on simulated callers, each followed by an officer's
 * acknowledge and reset at the post, run through the real apps in the simulator; every press is
 * then traced from its first electrical edge to the incident at the receiver and the siren.
 *
 * Per press (ground truth: the scenario's own input, so nothing is inferred):
 * - `press` event at the caller: debounce time = press event − first edge;
 * - `incident_opened` at the receiver for (caller, incident): link time = opened − press event;
 * - the siren pin's rising edge in the same millisecond as the incident (µs, from the siren's
 *   pin history), when the siren was quiet before: press → siren;
 * - `alarm_delivered` at the caller: press → app-level ack (what the presser's LED shows);
 * - the number of `incident_opened` for that (caller, incident): must be exactly 1.
 * Anything else is counted, never dropped: press events nobody pressed for (false presses),
 * presses with no press event (missed presses), incidents with no press (phantoms), incidents
 * opened twice, alarms not at the post when the run ends.
 *
 * Event times are the simulator's whole virtual milliseconds (ARCHITECTURE §3: `t` is the floor
 * of the µs clock); the siren edge is exact to the µs.
 */
import type { HmacSha256 } from "../firmware/hal/crypto.ts";
import { Random } from "../tools/sim/random.ts";
import { runScenario, type SimEvent } from "../tools/sim/run.ts";
import { callerId, deployment, POST_ID } from "./deployment.ts";

/** One operating condition of a campaign. */
export interface PressCondition {
  /** Short id, e.g. "loss-30". */
  id: string;
  /** In words, e.g. "30 % i.i.d. loss". */
  label: string;
  seed: number;
  /** Scenario `radio` (snake_case). */
  radio: Record<string, unknown>;
  /**
   * Scenario `air` (snake_case): the shared channel — collisions, carrier sense, receive queue,
   * CPU per frame. Default `{}` (on, with its defaults; issue 15 measures the targets with it);
   * `null` for none.
   */
  air?: Record<string, unknown> | null;
  presses: number;
  /** Callers taking turns, 1 … 20. Default 4. */
  callers?: number;
  /** Time between successive presses (round robin over the callers), ms. Default 15000. */
  spacingMs?: number;
  /** Presses at the same moment on every caller, `callers` at a time (spacing is per round). */
  simultaneous?: boolean;
  /** The officer presses acknowledge this long after each press, then reset. Defaults 10000 / 12000 ms. */
  ackAfterMs?: number;
  resetAfterMs?: number;
  /** Extra inputs for press k at `atMs` on `caller` (power cuts, …). */
  perPress?: (k: number, atMs: number, caller: string, random: Random) => Array<Record<string, unknown>>;
  /**
   * A radio outage around press k at `atMs` on `caller`, `[fromMs, toMs)`: on every link when
   * `device` is absent, else only on the links of that device (its own radio model).
   */
  outage?: (k: number, atMs: number, caller: string, random: Random) => { device?: string; fromMs: number; toMs: number } | undefined;
  /** Per-device scenario fields, e.g. a device's own radio model. */
  deviceExtras?: Record<string, Record<string, unknown>>;
  /** Virtual time after the last press before the run ends, ms. Default 60000. */
  tailMs?: number;
}

/** What happened to one physical press. */
export interface PressRecord {
  caller: string;
  /** First electrical edge, virtual ms (integer: presses start on whole ms). */
  edgeMs: number;
  /** Press events from this caller between this press and the next one (1 expected). */
  pressEvents: number;
  /** The caller's incident number for the first press event. */
  incident?: number;
  /** Virtual ms of the first press event. */
  pressMs?: number;
  /** Virtual ms the receiver first opened the incident. */
  openedMs?: number;
  /** Number of `incident_opened` for this (caller, incident). */
  opened: number;
  /** µs of the siren's rising edge that this incident started (quiet before), if any. */
  sirenUs?: number;
  /** `latency_ms` of the caller's `alarm_delivered` (press → app-level ack). */
  ackLatencyMs?: number;
  /** Transmissions of the alarm. */
  attempts: number;
  /** The outage made around this press, `[fromMs, toMs)`, if any. */
  outage?: [number, number];
}

/** The outcome of a campaign. */
export interface CampaignResult {
  condition: PressCondition;
  records: PressRecord[];
  /** Incidents opened with no press behind them. */
  phantomIncidents: number;
  /** Press events outside any press window (before the first press). */
  strayPressEvents: number;
  /** `frame_rejected` events by reason (a healthy run has none). */
  rejected: Record<string, number>;
  /** Event counts of the whole run. */
  counts: Record<string, number>;
  radio: Record<string, number>;
  simMs: number;
  steps: number;
  wallS: number;
  cpuS: number;
}

/** Press shape: bounce at make and break, as tact switches do (≤ a few ms). */
export const PRESS_SHAPE = Object.freeze({
  /** Held (debounced level) for a uniform time in this range, ms. EN 50131: ≥ 400 ms must count. */
  holdMs: [400, 1000] as const,
  /** Bounce pulses at make and at break: 0 … this many. */
  maxBounces: 6,
  /** Bounce pulse width range, ms. */
  bounceWidthMs: [0.05, 0.5] as const,
  /** Bounce lasts at most this long, ms. */
  bounceSpanMs: 3,
});

/**
 * The edges of one bouncy press (offsets in ms from the first edge, electrical levels of an
 * active-low button: 0 pressed, 1 released), always ending released.
 */
export function bouncyPressEdges(random: Random): Array<[number, 0 | 1]> {
  const s = PRESS_SHAPE;
  const between = (lo: number, hi: number) => lo + random.float() * (hi - lo);
  const edges: Array<[number, 0 | 1]> = [[0, 0]];
  let t = 0;
  const bounce = (level: 0 | 1) => {
    const n = random.int(0, s.maxBounces);
    for (let i = 0; i < n && t < s.bounceSpanMs; i++) {
      t += between(s.bounceWidthMs[0], s.bounceWidthMs[1]);
      edges.push([round3(t), level === 0 ? 1 : 0]);
      t += between(s.bounceWidthMs[0], s.bounceWidthMs[1]);
      edges.push([round3(t), level]);
    }
  };
  bounce(0);
  t += between(s.holdMs[0], s.holdMs[1]);
  edges.push([round3(t), 1]);
  bounce(1);
  return edges;
}

function round3(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

/** Options of `runCampaign`. */
export interface CampaignOptions {
  /** The HMAC the simulated devices use (default: the simulator's). */
  hmac?: HmacSha256;
  /** Also sees every event (to trace a failing press); with `detail`, pins and frames too. */
  onEvent?: (e: SimEvent) => void;
  detail?: boolean;
}

/** Runs one condition. */
export function runCampaign(c: PressCondition, options: CampaignOptions = {}): CampaignResult {
  const { hmac } = options;
  const callers = c.callers ?? 4;
  const spacing = c.spacingMs ?? 15_000;
  const ackAfter = c.ackAfterMs ?? 10_000;
  const resetAfter = c.resetAfterMs ?? 12_000;
  const tail = c.tailMs ?? 60_000;
  const random = new Random(c.seed, "bench:presses");
  const startMs = 5_000; // after boot and the first heartbeats
  const inputs: Array<Record<string, unknown>> = [];
  const presses: Array<{ caller: string; atMs: number; outage?: [number, number] }> = [];
  const globalOutages: Array<{ from_ms: number; to_ms: number }> = [];
  const deviceOutages = new Map<string, Array<{ from_ms: number; to_ms: number }>>();
  const rounds = c.simultaneous ? Math.ceil(c.presses / callers) : c.presses;
  for (let r = 0, k = 0; r < rounds; r++) {
    const atMs = startMs + r * spacing;
    const group = c.simultaneous ? Math.min(callers, c.presses - k) : 1;
    for (let g = 0; g < group; g++, k++) {
      const caller = callerId(c.simultaneous ? g : k % callers);
      const o = c.outage?.(k, atMs, caller, random);
      presses.push({ caller, atMs, outage: o ? [o.fromMs, o.toMs] : undefined });
      if (o) {
        const list = o.device === undefined ? globalOutages : (deviceOutages.get(o.device) ?? []);
        list.push({ from_ms: o.fromMs, to_ms: o.toMs });
        if (o.device !== undefined) deviceOutages.set(o.device, list);
      }
      inputs.push({ at_ms: atMs, device: caller, edges: bouncyPressEdges(random) });
      if (c.perPress) inputs.push(...c.perPress(k, atMs, caller, random));
    }
    inputs.push({ at_ms: atMs + ackAfter, device: POST_ID, button: "acknowledge" });
    inputs.push({ at_ms: atMs + resetAfter, device: POST_ID, button: "reset" });
  }
  const durationMs = startMs + (rounds - 1) * spacing + Math.max(tail, resetAfter + 1000);
  const radio = globalOutages.length ? { ...c.radio, outages: [...((c.radio.outages as unknown[]) ?? []), ...globalOutages] } : c.radio;
  const deviceExtras: Record<string, Record<string, unknown>> = { ...c.deviceExtras };
  for (const [id, list] of deviceOutages) {
    const extra = deviceExtras[id] ?? {};
    const own = (extra.radio as Record<string, unknown> | undefined) ?? {};
    deviceExtras[id] = { ...extra, radio: { ...own, outages: [...((own.outages as unknown[]) ?? []), ...list] } };
  }
  const { scenario } = deployment({
    name: `bench ${c.id}: ${c.label}`,
    seed: c.seed,
    durationMs,
    callers,
    radio,
    ...(c.air === null ? {} : { air: c.air ?? {} }),
    deviceExtras,
    inputs,
  });

  // Press windows per caller: press k owns [atMs, next press of that caller).
  const records: PressRecord[] = presses.map((p) => ({ caller: p.caller, edgeMs: p.atMs, pressEvents: 0, opened: 0, attempts: 0, ...(p.outage ? { outage: p.outage } : {}) }));
  const byCaller = new Map<string, PressRecord[]>();
  for (const r of records) {
    const list = byCaller.get(r.caller) ?? [];
    list.push(r);
    byCaller.set(r.caller, list);
  }
  const cursor = new Map<string, number>();
  const byIncident = new Map<string, PressRecord>();
  let phantom = 0;
  let stray = 0;
  const rejected: Record<string, number> = {};
  const openedAt: number[] = [];

  const onEvent = (e: SimEvent) => {
    options.onEvent?.(e);
    switch (e.event) {
      case "press": {
        const list = byCaller.get(e.device!)!;
        let i = cursor.get(e.device!) ?? -1;
        while (i + 1 < list.length && list[i + 1]!.edgeMs <= e.t) i++;
        cursor.set(e.device!, i);
        if (i < 0) {
          stray++;
          return;
        }
        const r = list[i]!;
        r.pressEvents++;
        if (r.pressEvents === 1) {
          r.incident = e.incident as number;
          r.pressMs = e.t;
          byIncident.set(`${r.caller}:${r.incident}`, r);
        }
        return;
      }
      case "incident_opened": {
        const r = byIncident.get(`${e.caller as string}:${e.incident as number}`);
        if (!r) {
          phantom++;
          return;
        }
        r.opened++;
        if (r.opened === 1) {
          r.openedMs = e.t;
          openedAt.push(e.t);
        }
        return;
      }
      case "alarm_tx": {
        const r = byIncident.get(`${e.device!}:${e.incident as number}`);
        if (r) r.attempts = Math.max(r.attempts, e.attempt as number);
        return;
      }
      case "alarm_delivered": {
        const r = byIncident.get(`${e.device!}:${e.incident as number}`);
        if (r && r.ackLatencyMs === undefined) r.ackLatencyMs = e.latency_ms as number;
        return;
      }
      case "frame_rejected":
        rejected[e.reason as string] = (rejected[e.reason as string] ?? 0) + 1;
        return;
    }
  };

  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const result = runScenario(scenario, { keepEvents: false, onEvent, detail: options.detail, engine: hmac ? { hmac } : undefined });
  const wallS = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);

  // Siren: rising edges (µs) of the post's siren; a press owns the one in its incident's ms.
  const post = result.devices.find((d) => d.id === POST_ID)!;
  const rises = (post.outputs.siren ?? []).filter((ch) => ch.level === 1).map((ch) => ch.atUs);
  let j = 0;
  const ordered = records.filter((r) => r.openedMs !== undefined).sort((a, b) => a.openedMs! - b.openedMs!);
  for (const r of ordered) {
    const from = r.openedMs! * 1000;
    while (j < rises.length && rises[j]! < from) j++;
    if (j < rises.length && rises[j]! < from + 1000) r.sirenUs = rises[j];
  }

  return {
    condition: c,
    records,
    phantomIncidents: phantom,
    strayPressEvents: stray,
    rejected,
    counts: result.summary.counts,
    radio: { ...result.radio },
    simMs: result.endMs,
    steps: result.steps,
    wallS,
    cpuS: (cpu.user + cpu.system) / 1e6,
  };
}

/** Figures of a campaign that the latency and delivery sections report. */
export interface CampaignFigures {
  presses: number;
  /** Presses with exactly one press event. */
  pressedOnce: number;
  missedPresses: number;
  /** Extra press events within press windows, plus stray ones. */
  falsePresses: number;
  /** Presses whose incident was opened exactly once. */
  exactlyOnce: number;
  duplicateIncidents: number;
  phantomIncidents: number;
  /** Presses whose alarm never reached the post by the end of the run. */
  lost: number;
  /** Press edge → incident opened, ms, for delivered alarms. */
  toIncidentMs: number[];
  /** Press edge → press event (debounce), ms. */
  debounceMs: number[];
  /** Press event → incident opened (link), ms. */
  linkMs: number[];
  /** Press edge → siren on, ms (µs resolution), where the siren was quiet before. */
  toSirenMs: number[];
  /** Caller's press → ack latency, ms. */
  ackMs: number[];
  attempts: number[];
}

/** Reduces a campaign's records to the figures the sections report. */
export function campaignFigures(r: CampaignResult): CampaignFigures {
  const f: CampaignFigures = {
    presses: r.records.length,
    pressedOnce: 0,
    missedPresses: 0,
    falsePresses: r.strayPressEvents,
    exactlyOnce: 0,
    duplicateIncidents: 0,
    phantomIncidents: r.phantomIncidents,
    lost: 0,
    toIncidentMs: [],
    debounceMs: [],
    linkMs: [],
    toSirenMs: [],
    ackMs: [],
    attempts: [],
  };
  for (const p of r.records) {
    if (p.pressEvents === 0) f.missedPresses++;
    else if (p.pressEvents === 1) f.pressedOnce++;
    else f.falsePresses += p.pressEvents - 1;
    if (p.pressEvents > 0 && p.opened === 0) f.lost++;
    if (p.opened === 1) f.exactlyOnce++;
    if (p.opened > 1) f.duplicateIncidents += p.opened - 1;
    if (p.pressMs !== undefined) f.debounceMs.push(p.pressMs - p.edgeMs);
    if (p.openedMs !== undefined) {
      f.toIncidentMs.push(p.openedMs - p.edgeMs);
      f.linkMs.push(p.openedMs - p.pressMs!);
    }
    if (p.sirenUs !== undefined) f.toSirenMs.push(p.sirenUs / 1000 - p.edgeMs);
    if (p.ackLatencyMs !== undefined) f.ackMs.push(p.ackLatencyMs);
    if (p.attempts > 0) f.attempts.push(p.attempts);
  }
  return f;
}
