/**
 * The radio model of one directed link (sender → receiver): what happens to each frame.
 *
 * Per frame, in this order and always with the same eight draws from the link's own stream
 * (so turning one feature on does not reshuffle the others):
 * 1. latency: uniform in `latencyMs` [min, max], µs resolution — send → arrival at the peer's
 *    radio, which is also when the sender's MAC-level send-done is reported;
 * 2. i.i.d. loss with probability `loss`;
 * 3. bursty loss (Gilbert–Elliott): a two-state Markov chain *in continuous time* — the link
 *    stays good for exponentially distributed times of mean `meanGoodMs`, bad for mean
 *    `meanBadMs`; a frame sent in the good state is lost with `lossGood`, in the bad state with
 *    `lossBad`. The state is sampled only when a frame is sent, exactly: with
 *    π_B = meanBad / (meanGood + meanBad) and k = 1/meanGood + 1/meanBad,
 *    P(bad at t+Δ | bad at t) = π_B + (1 − π_B)·e^(−kΔ), P(bad at t+Δ | good at t) = π_B·(1 − e^(−kΔ)).
 *    The first frame finds the stationary π_B. (Gilbert 1960; Elliott 1963; bursts are in time,
 *    not in frames, because interference lasts for a time, whatever the send rate.)
 *    A frame is lost on air if (2) or (3) loses it, so the long-run loss is
 *    1 − (1 − loss)(1 − (π_G·lossGood + π_B·lossBad)).
 * 4. MAC-ack loss with `ackLoss`: the frame arrived, but the sender hears no MAC ack and its
 *    send-done says `false` (alarm-field-facts §3.1: lost acks on neighbouring channels);
 * 5. duplication with `duplicate`: a frame that arrived arrives again, a second latency later;
 * 6. a send-done that never comes, with `sendDoneMissing` (ESP-IDF issue #7496): the radio stays
 *    busy until the app abandons the send.
 * Outages (`[from, to)` in ms of virtual time, checked at send time) silence the link entirely;
 * listen windows (the receiving radio hears only while `(t − phase) mod period < window`,
 * checked at arrival: ESP-NOW power save, alarm-field-facts §3.1, §4) make an unheard frame a
 * lost frame with no MAC ack.
 */
import { Random } from "./random.ts";

/** Gilbert–Elliott parameters. */
export interface BurstModel {
  /** Mean time in the good state, ms, > 0. */
  meanGoodMs: number;
  /** Mean time in the bad state, ms, > 0. */
  meanBadMs: number;
  /** Loss probability in the good state, 0…1. Default 0. */
  lossGood: number;
  /** Loss probability in the bad state, 0…1. Default 1. */
  lossBad: number;
}

/** When a radio hears: `(t − phaseMs) mod periodMs < windowMs`. */
export interface ListenModel {
  /** Period, ms, > 0. */
  periodMs: number;
  /** Listening part of each period, ms, 0 < window ≤ period. */
  windowMs: number;
  /** Offset of the first window from the start of the simulation, ms, ≥ 0. Default 0. */
  phaseMs: number;
}

/** An interval of silence, `[fromMs, toMs)` in ms since the start. */
export interface Outage {
  fromMs: number;
  toMs: number;
}

/** The radio model of a link (all fields resolved). */
export interface RadioModel {
  /** i.i.d. frame loss probability, 0…1. */
  loss: number;
  /** Bursty loss, or undefined for none. */
  burst: BurstModel | undefined;
  /** Probability that a delivered frame is delivered twice, 0…1. */
  duplicate: number;
  /** Send → arrival latency range [min, max], ms (fractions allowed), 0 ≤ min ≤ max. */
  latencyMs: readonly [number, number];
  /** Intervals in which nothing gets through. */
  outages: readonly Outage[];
  /** Listen windows of the receiving radio, or undefined = always listening. */
  listen: ListenModel | undefined;
  /** Probability that the MAC ack of a delivered frame is lost (send-done false), 0…1. */
  ackLoss: number;
  /** Probability that a send's send-done never comes, 0…1. */
  sendDoneMissing: number;
}

/**
 * Defaults: a clean link. Latency 1–3 ms: `esp_now_send` → send callback is typically
 * ~1.3 ms, sometimes ~3 ms (alarm-field-facts §3.1, "Measured performance").
 */
export const RADIO_DEFAULTS: Readonly<RadioModel> = Object.freeze({
  loss: 0,
  burst: undefined,
  duplicate: 0,
  latencyMs: [1, 3] as const,
  outages: [],
  listen: undefined,
  ackLoss: 0,
  sendDoneMissing: 0,
});

/** A partial model, as a scenario's global `radio` or a device's own `radio` gives it. */
export type RadioOverrides = Partial<RadioModel>;

/**
 * The model of the link `sender → receiver`: scalar fields from the receiver's overrides, else
 * the sender's, else the global model, else the defaults; outages are the union of all three;
 * `listen` is the receiver's own (else the global one): it is a property of the hearing radio.
 */
export function resolveLinkModel(global: RadioOverrides, sender: RadioOverrides | undefined, receiver: RadioOverrides | undefined): RadioModel {
  const s = sender ?? {};
  const r = receiver ?? {};
  const pick = <K extends keyof RadioModel>(k: K): RadioModel[K] => (r[k] ?? s[k] ?? global[k] ?? RADIO_DEFAULTS[k]) as RadioModel[K];
  const model: RadioModel = {
    loss: pick("loss"),
    burst: pick("burst"),
    duplicate: pick("duplicate"),
    latencyMs: pick("latencyMs"),
    outages: [...(global.outages ?? []), ...(s.outages ?? []), ...(r.outages ?? [])],
    listen: r.listen ?? global.listen,
    ackLoss: pick("ackLoss"),
    sendDoneMissing: pick("sendDoneMissing"),
  };
  checkRadioModel(model);
  return model;
}

/** Checks every field; throws RangeError naming the first bad one (never clamps). */
export function checkRadioModel(m: RadioModel): void {
  const prob = (v: number, name: string) => {
    if (!(typeof v === "number" && v >= 0 && v <= 1)) throw new RangeError(`radio ${name} must be a probability 0…1, got ${v}`);
  };
  prob(m.loss, "loss");
  prob(m.duplicate, "duplicate");
  prob(m.ackLoss, "ackLoss");
  prob(m.sendDoneMissing, "sendDoneMissing");
  const [lo, hi] = m.latencyMs;
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo >= 0 && hi >= lo)) {
    throw new RangeError(`radio latencyMs must be [min, max] with 0 ≤ min ≤ max, got [${lo}, ${hi}]`);
  }
  if (m.burst) {
    const b = m.burst;
    if (!(b.meanGoodMs > 0 && Number.isFinite(b.meanGoodMs))) throw new RangeError(`radio burst.meanGoodMs must be > 0, got ${b.meanGoodMs}`);
    if (!(b.meanBadMs > 0 && Number.isFinite(b.meanBadMs))) throw new RangeError(`radio burst.meanBadMs must be > 0, got ${b.meanBadMs}`);
    prob(b.lossGood, "burst.lossGood");
    prob(b.lossBad, "burst.lossBad");
  }
  for (const o of m.outages) {
    if (!(o.fromMs >= 0 && o.toMs > o.fromMs)) throw new RangeError(`radio outage must have 0 ≤ fromMs < toMs, got [${o.fromMs}, ${o.toMs})`);
  }
  if (m.listen) {
    const l = m.listen;
    if (!(l.periodMs > 0 && l.windowMs > 0 && l.windowMs <= l.periodMs && l.phaseMs >= 0)) {
      throw new RangeError(`radio listen must have period > 0, 0 < window ≤ period, phase ≥ 0; got ${JSON.stringify(l)}`);
    }
  }
}

/** Whether a radio with `listen` hears at `tUs` (always, without a listen model). */
export function hearsAt(listen: ListenModel | undefined, tUs: number): boolean {
  if (listen === undefined) return true;
  const period = Math.round(listen.periodMs * 1000);
  const x = (((tUs - Math.round(listen.phaseMs * 1000)) % period) + period) % period;
  return x < Math.round(listen.windowMs * 1000);
}

/** Whether `tUs` falls in one of the outages. */
export function inOutage(outages: readonly Outage[], tUs: number): boolean {
  for (const o of outages) if (tUs >= o.fromMs * 1000 && tUs < o.toMs * 1000) return true;
  return false;
}

/** What the model decided for one frame. */
export interface FrameFate {
  /** Send → arrival, µs. */
  latencyUs: number;
  /** Lost on air by i.i.d. or bursty loss. */
  lost: boolean;
  /** The Gilbert–Elliott state the frame met (false without a burst model). */
  bad: boolean;
  /** The MAC ack is lost (only matters if the frame arrives). */
  ackLost: boolean;
  /** µs after the first arrival that a duplicate arrives, or undefined for none. */
  duplicateAfterUs: number | undefined;
  /** The send-done never comes. */
  sendDoneMissing: boolean;
}

/** One directed link: its resolved model, its random stream and its Gilbert–Elliott state. */
export class LinkChannel {
  private bad = false;
  private lastUs: number | undefined;

  /**
   * @param model the resolved model (checked).
   * @param random the link's own stream (`link:<from>><to>`).
   */
  constructor(
    readonly model: RadioModel,
    private readonly random: Random,
  ) {
    checkRadioModel(model);
  }

  /** Decides the fate of a frame sent at `nowUs` (eight draws, always), as a new object. */
  fate(nowUs: number): FrameFate {
    return this.decide(nowUs, { latencyUs: 0, lost: false, bad: false, ackLost: false, duplicateAfterUs: undefined, sendDoneMissing: false });
  }

  /**
   * Decides the fate of a frame sent at `nowUs` into `into` (every field written; the same
   * draws as `fate`), and returns it: for a caller that reuses one record per frame in flight.
   */
  decide(nowUs: number, into: FrameFate): FrameFate {
    const m = this.model;
    const r = this.random;
    const latencyUs = this.latency(r.float());
    const iidLost = r.float() < m.loss;
    const stateDraw = r.float();
    const lossDraw = r.float();
    let burstLost = false;
    if (m.burst) {
      this.bad = stateDraw < this.badProbability(m.burst, nowUs);
      this.lastUs = nowUs;
      burstLost = lossDraw < (this.bad ? m.burst.lossBad : m.burst.lossGood);
    }
    const ackLost = r.float() < m.ackLoss;
    const dup = r.float() < m.duplicate;
    const dupLatency = this.latency(r.float());
    const sendDoneMissing = r.float() < m.sendDoneMissing;
    into.latencyUs = latencyUs;
    into.lost = iidLost || burstLost;
    into.bad = this.bad;
    into.ackLost = ackLost;
    into.duplicateAfterUs = dup ? dupLatency : undefined;
    into.sendDoneMissing = sendDoneMissing;
    return into;
  }

  /** Long-run probability of the bad state, π_B (0 without a burst model). */
  static stationaryBad(burst: BurstModel | undefined): number {
    return burst ? burst.meanBadMs / (burst.meanGoodMs + burst.meanBadMs) : 0;
  }

  private badProbability(b: BurstModel, nowUs: number): number {
    const piBad = LinkChannel.stationaryBad(b);
    if (this.lastUs === undefined) return piBad;
    const dtMs = (nowUs - this.lastUs) / 1000;
    const decay = Math.exp(-(1 / b.meanGoodMs + 1 / b.meanBadMs) * dtMs);
    return this.bad ? piBad + (1 - piBad) * decay : piBad * (1 - decay);
  }

  private latency(u: number): number {
    const lo = Math.round(this.model.latencyMs[0] * 1000);
    const hi = Math.round(this.model.latencyMs[1] * 1000);
    return lo + Math.floor(u * (hi - lo + 1));
  }
}
