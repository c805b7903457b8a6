/**
 * Random field histories for the supervision property ("supervision never stops", issue 10
 * point 1), run through the simulator with the real apps, and the oracle that judges them.
 *
 * A history: one post and 1 … 4 callers; callers installed at once or minutes to hours after the
 * post; callers dying (power off) and some coming back; sometimes every caller off at the same
 * moment; post reboots (1 s blips and longer cuts); interference that silences the whole air for
 * minutes; i.i.d. loss 0 … 30 %; devices' tick counters anywhere, some near the 32-bit wrap.
 *
 * The oracle: whenever a caller has been off since D while the post has been running since its
 * boot B, by max(D, B) + offline_after_ms + margin the post's event stream says that caller is
 * offline (its last caller_offline / caller_online event is a caller_offline). The margin is the
 * flight time of the caller's last frames: a frame sent just before the power cut, or its
 * duplicate, is heard up to 2 × the radio's latency after it (`SUPERVISION_MARGIN_MS`).
 *
 * Used by `test/supervision/` (short, seeded) and `bench/field-supervision.ts` (long).
 */
import { parseScenario } from "../../tools/sim/scenario.ts";
import { runScenario, type SimEvent } from "../../tools/sim/run.ts";
import { seededRandom } from "./prng.ts";

/** Radio latency of the histories, ms (the simulator's default range). */
const LATENCY_MS: [number, number] = [1, 3];

/**
 * How late after `max(death, post boot) + offline_after_ms` a dead caller may be reported: its
 * last frame and that frame's duplicate are still in the air for up to 2 × the latency (ms).
 * Documented in `firmware/core/supervision/README.md`.
 */
export const SUPERVISION_MARGIN_MS = 2 * LATENCY_MS[1];

/** One generated history. */
export interface History {
  seed: number;
  durationMs: number;
  callers: string[];
  heartbeatMs: number;
  offlineAfterMs: number;
  /** Power intervals of each device id: [on, off) in ms, sorted; off = durationMs when never cut. */
  powered: Map<string, [number, number][]>;
  scenario: Record<string, unknown>;
  /** What happened, in words, for failure messages. */
  story: string[];
}

/** A dead caller the oracle checked. */
export interface Death {
  caller: string;
  /** When the caller lost power, or when the post booted if later, ms. */
  from: number;
  /** The deadline: from + offline_after_ms + margin, ms. */
  bound: number;
  /** When the post reported it offline (ms), or undefined if it did not by the bound. */
  reportedAt: number | undefined;
}

/** The oracle's verdict on one history. */
export interface Verdict {
  deaths: Death[];
  /** Deaths not reported by their bound. */
  missed: Death[];
  /** caller_offline events while the caller was powered and no outage was on (informational). */
  falseOfflines: number;
  events: SimEvent[];
}

const pick = (random: () => number, n: number) => random() % n;

/**
 * Builds a random history for `seed`, `durationMs` long (≥ 1 h).
 * @param settings which (heartbeat_ms, offline_after_ms) pair to use; default the shipped one.
 */
export function randomHistory(seed: number, durationMs: number, settings: { heartbeatMs: number; offlineAfterMs: number } = { heartbeatMs: 30_000, offlineAfterMs: 120_000 }): History {
  const rnd = seededRandom(seed);
  const u = () => rnd() / 2 ** 32;
  const between = (a: number, b: number) => Math.floor(a + u() * (b - a));
  const n = 1 + pick(rnd, 4);
  const callers = Array.from({ length: n }, (_, i) => `c${i + 1}`);
  const inputs: { at_ms: number; device: string; power: "on" | "off" }[] = [];
  const story: string[] = [];
  const cut = (device: string, from: number, to: number | undefined) => {
    inputs.push({ at_ms: from, device, power: "off" });
    if (to !== undefined && to < durationMs) inputs.push({ at_ms: to, device, power: "on" });
  };
  for (const c of callers) {
    // Installed with the post, or minutes to hours later.
    let t = 0;
    if (u() < 0.5) {
      t = between(60_000, durationMs / 3);
      cut(c, 0, t);
      story.push(`${c} installed at ${t} ms`);
    }
    // Dies and returns a few times; the last death may be for good.
    for (let k = pick(rnd, 4); k > 0; k--) {
      const off = between(t + 10_000, t + durationMs / 3);
      if (off >= durationMs) break;
      const back = u() < 0.3 ? undefined : between(off + 1000, off + 3 * settings.offlineAfterMs);
      cut(c, off, back);
      story.push(`${c} off at ${off}${back === undefined ? " for good" : ` until ${back}`}`);
      if (back === undefined) break;
      t = back;
    }
  }
  if (u() < 0.4) {
    // Every caller off at the same moment (a village power cut), back together later.
    const off = between(0, durationMs * 0.8);
    const back = off + between(settings.offlineAfterMs, 4 * settings.offlineAfterMs);
    for (const c of callers) cut(c, off, back);
    story.push(`every caller off at ${off} until ${back}`);
  }
  for (let k = pick(rnd, 4); k > 0; k--) {
    const off = between(0, durationMs * 0.9);
    const back = off + (u() < 0.5 ? 1000 : between(2000, 20 * 60_000));
    cut("post", off, back);
    story.push(`post off at ${off} until ${back}`);
  }
  const outages: { from_ms: number; to_ms: number }[] = [];
  for (let k = pick(rnd, 3); k > 0; k--) {
    const from = between(0, durationMs * 0.9);
    const to = from + between(60_000, 10 * 60_000);
    outages.push({ from_ms: from, to_ms: to });
    story.push(`interference ${from} … ${to}`);
  }
  const loss = Math.round(u() * 30) / 100;
  story.push(`loss ${loss}`);
  inputs.sort((a, b) => a.at_ms - b.at_ms);
  const devices: Record<string, unknown>[] = [
    { id: "post", role: "receiver", name: "Công an xã", start_ticks: rnd(), config: { heartbeat_ms: settings.heartbeatMs, offline_after_ms: settings.offlineAfterMs } },
    ...callers.map((id) => ({ id, role: "caller", name: id, start_ticks: u() < 0.5 ? 2 ** 32 - between(0, durationMs) : rnd(), config: { heartbeat_ms: settings.heartbeatMs } })),
  ];
  const scenario = { duration_ms: durationMs, seed, radio: { loss, latency_ms: LATENCY_MS, duplicate: 0.01, outages }, devices, inputs };
  // Power intervals as the simulator will apply them (an input repeating the present state is a no-op).
  const powered = new Map<string, [number, number][]>();
  for (const id of ["post", ...callers]) {
    const spans: [number, number][] = [];
    let on: number | undefined = 0;
    for (const i of inputs.filter((x) => x.device === id)) {
      if (i.power === "off" && on !== undefined) {
        spans.push([on, i.at_ms]);
        on = undefined;
      } else if (i.power === "on" && on === undefined) on = i.at_ms;
    }
    if (on !== undefined) spans.push([on, durationMs]);
    powered.set(id, spans.filter(([a, b]) => b > a));
  }
  return { seed, durationMs, callers, heartbeatMs: settings.heartbeatMs, offlineAfterMs: settings.offlineAfterMs, powered, scenario, story };
}

/** Runs `history` in the simulator and judges it. */
export function judge(history: History): Verdict {
  const run = runScenario(parseScenario(history.scenario));
  const events = run.events;
  const deaths: Death[] = [];
  const posts = history.powered.get("post")!;
  const outages = (history.scenario.radio as { outages: { from_ms: number; to_ms: number }[] }).outages;
  for (const c of history.callers) {
    const spans = history.powered.get(c)!;
    // The caller's off intervals.
    const offs: [number, number][] = [];
    let prev = 0;
    for (const [a, b] of spans) {
      if (a > prev) offs.push([prev, a]);
      prev = b;
    }
    if (prev < history.durationMs) offs.push([prev, history.durationMs]);
    for (const [dead, back] of offs) {
      for (const [pb, pe] of posts) {
        const from = Math.max(dead, pb);
        const bound = from + history.offlineAfterMs + SUPERVISION_MARGIN_MS;
        if (bound >= Math.min(back, pe)) continue;
        const marks = events.filter((e) => e.device === "post" && (e.event === "caller_offline" || e.event === "caller_online") && e.caller === c && e.t <= bound);
        const last = marks[marks.length - 1];
        let reportedAt: number | undefined;
        if (last?.event === "caller_offline") {
          // The first offline report of this streak.
          let i = marks.length - 1;
          while (i > 0 && marks[i - 1]!.event === "caller_offline") i--;
          reportedAt = marks[i]!.t;
        }
        deaths.push({ caller: c, from, bound, reportedAt });
      }
    }
  }
  const on = (id: string, t: number) => history.powered.get(id)!.some(([a, b]) => a <= t && t < b);
  const inOutage = (t: number) => outages.some((o) => o.from_ms - history.offlineAfterMs <= t && t < o.to_ms + history.offlineAfterMs);
  const falseOfflines = events.filter(
    (e) => e.device === "post" && e.event === "caller_offline" && on(e.caller as string, e.t - history.offlineAfterMs) && on(e.caller as string, e.t) && !inOutage(e.t),
  ).length;
  return { deaths, missed: deaths.filter((d) => d.reportedAt === undefined), falseOfflines, events };
}
