/**
 * A lossy radio medium at the payload level, for link and supervision tests: it carries the
 * link's `Payload`s between nodes (in place of secure channel + transmit queue + radio) and
 * drops, duplicates, delays and so reorders them with a seeded PRNG, on a `VirtualLoop`.
 *
 * Per direction (from → to) it applies a `ChannelModel`: i.i.d. loss, duplication, a latency
 * drawn per copy from a range (copies overtake one another: reordering), outages (elapsed-ms
 * intervals in which nothing gets through), and a receiver that only listens in periodic windows
 * (ESP-NOW power save). A node can be taken down (power off): it neither sends nor receives.
 *
 * Each delivered copy becomes a `Frame`: the payload plus `sender` and a per-sender `counter`,
 * new for every transmission, as the secure channel would give it.
 */
import type { RandomU32 } from "../../../firmware/hal/crypto.ts";
import type { Frame, Payload } from "../../../firmware/core/frame/types.ts";
import type { Ticks } from "../../../firmware/core/ticks.ts";
import { unit } from "../../../bench/harness/prng.ts";
import type { VirtualLoop } from "./virtual-loop.ts";

/** How one direction of the medium behaves. */
export interface ChannelModel {
  /** Probability that one copy is lost, 0 … 1. */
  loss: number;
  /** Probability that a transmission arrives twice, 0 … 1. */
  duplicate: number;
  /** Latency of each copy, uniform in [min, max] ms. */
  latencyMs: readonly [number, number];
  /** Intervals of elapsed ms [from, to) in which nothing sent gets through. */
  outages?: readonly (readonly [number, number])[];
  /** The receiving node listens only while (elapsed − phaseMs) mod periodMs < windowMs. */
  listen?: { periodMs: number; windowMs: number; phaseMs: number };
}

export const PERFECT: ChannelModel = { loss: 0, duplicate: 0, latencyMs: [1, 1] };

/** A node attached to the medium. */
export interface MediumNode {
  /** Called with each copy that reaches this node. */
  receive(frame: Frame, now: Ticks): void;
}

/** Counts of what the medium did, per direction "from>to". */
export interface MediumStats {
  sent: number;
  lost: number;
  duplicated: number;
  delivered: number;
}

export class LossyMedium {
  readonly #loop: VirtualLoop;
  readonly #random: RandomU32;
  readonly #default: ChannelModel;
  readonly #models = new Map<string, ChannelModel>();
  readonly #nodes = new Map<number, MediumNode>();
  readonly #down = new Set<number>();
  readonly #counters = new Map<number, number>();
  readonly stats = new Map<string, MediumStats>();
  /** Every transmission, in order: elapsed ms, from, to, payload. For assertions on timing. */
  readonly log: { at: number; from: number; to: number; payload: Payload }[] = [];
  /** Keep `log` (off for long runs). */
  keepLog = true;
  /** Drops a transmission outright when it returns true (deterministic loss for scripted tests). */
  dropIf: ((from: number, to: number, payload: Payload) => boolean) | undefined;

  constructor(options: { loop: VirtualLoop; random: RandomU32; model?: ChannelModel }) {
    this.#loop = options.loop;
    this.#random = options.random;
    this.#default = options.model ?? PERFECT;
  }

  attach(id: number, node: MediumNode): void {
    this.#nodes.set(id, node);
  }

  /** Sets the model of one direction. */
  setModel(from: number, to: number, model: ChannelModel): void {
    this.#models.set(`${from}>${to}`, model);
  }

  /** Powers a node down (true) or up (false). A down node sends and receives nothing. */
  setDown(id: number, down: boolean): void {
    if (down) this.#down.add(id);
    else this.#down.delete(id);
  }

  isDown(id: number): boolean {
    return this.#down.has(id);
  }

  /** A transmitter for node `from`, shaped like `LinkOptions.transmit`. */
  transmitter(from: number): (to: number, payload: Payload) => void {
    return (to, payload) => this.send(from, to, payload);
  }

  send(from: number, to: number, payload: Payload): void {
    const key = `${from}>${to}`;
    let stats = this.stats.get(key);
    if (stats === undefined) {
      stats = { sent: 0, lost: 0, duplicated: 0, delivered: 0 };
      this.stats.set(key, stats);
    }
    if (this.#down.has(from)) return;
    stats.sent++;
    const at = this.#loop.elapsedMs;
    if (this.keepLog) this.log.push({ at, from, to, payload: { ...payload } });
    if (this.dropIf?.(from, to, payload)) {
      stats.lost++;
      return;
    }
    const counter = ((this.#counters.get(from) ?? 0) + 1) >>> 0;
    this.#counters.set(from, counter);
    const model = this.#models.get(key) ?? this.#default;
    const frame = { ...payload, sender: from, counter } as Frame;
    const copies = model.duplicate > 0 && unit(this.#random) < model.duplicate ? 2 : 1;
    if (copies === 2) stats.duplicated++;
    for (let c = 0; c < copies; c++) {
      if (unit(this.#random) < model.loss || (model.outages !== undefined && inOutage(model.outages, at))) {
        stats.lost++;
        continue;
      }
      const [lo, hi] = model.latencyMs;
      const arrive = at + lo + Math.floor(unit(this.#random) * (hi - lo + 1));
      const s = stats;
      this.#loop.at(arrive, (now) => {
        const node = this.#nodes.get(to);
        if (node === undefined || this.#down.has(to) || (model.listen !== undefined && !listening(model.listen, this.#loop.elapsedMs))) {
          s.lost++;
          return;
        }
        s.delivered++;
        node.receive(copies === 2 ? { ...frame } : frame, now);
      });
    }
  }
}

function inOutage(outages: NonNullable<ChannelModel["outages"]>, at: number): boolean {
  return outages.some(([from, to]) => at >= from && at < to);
}

function listening(l: NonNullable<ChannelModel["listen"]>, at: number): boolean {
  const phase = (((at - l.phaseMs) % l.periodMs) + l.periodMs) % l.periodMs;
  return phase < l.windowMs;
}
