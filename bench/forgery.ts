/**
 * Fuzzing and forgery against a receiver's `SecureChannel`: a post with 20 provisioned callers
 * receives, interleaved with its callers' genuine frames, frames of these classes:
 *
 * | class | what it is | should be refused as |
 * |---|---|---|
 * | `random` | random bytes, 0–300 long | malformed / oversize / version |
 * | `structured` | right version, kind and length; random sender (mostly a real caller), counter, seq, body, tag | unknown_peer / replay / bad_tag |
 * | `mutated` | a genuine frame not yet delivered, with 1–4 edits (bit flip, byte set, cut, append, swap) | any reason |
 * | `wrong_key` | a well-formed frame from a real caller, fresh counter, tagged under a guessed key | bad_tag |
 * | `sender_swap` | a genuine frame relabelled as coming from another caller | bad_tag |
 * | `replay` | an exact copy of a frame the post already accepted | replay |
 * | `reflected` | a frame the post itself sealed, sent back to it | unknown_peer |
 * | `legit` | the callers' genuine frames, in order, each once | accepted |
 *
 * A frame of any attack class that `open` accepts is an **accepted forgery**; a genuine frame
 * it refuses is a **refused genuine frame** (mutants and forgeries must not poison the replay
 * window: each genuine frame is delivered after its own mutants). Anything `open` throws is a
 * **crash**. Some frames are handed over as views into a larger buffer (non-zero byteOffset),
 * as a radio driver may do.
 *
 * Throughput is wall clock, measured in the same run: frames of each class are generated in
 * batches first (not timed), then each batch goes through `open` under `performance.now()` (and
 * `process.cpuUsage()`, so a busy machine shows as wall ≫ CPU).
 */
import { KEY_BYTES } from "../firmware/core/config.ts";
import { SecureChannel } from "../firmware/core/channel.ts";
import { computeTag } from "../firmware/core/auth/tag.ts";
import { FIELD_MAX, FRAME, FRAME_BYTES, FRAME_VERSION } from "../firmware/core/frame/constants.ts";
import { decodeFrame } from "../firmware/core/frame/decode.ts";
import { encodeFrame } from "../firmware/core/frame/encode.ts";
import { MessageKind, type DecodeResult, type MessageKindName, type Payload } from "../firmware/core/frame/types.ts";
import type { HmacSha256 } from "../firmware/hal/crypto.ts";
import { Random } from "../tools/sim/random.ts";
import { SimStore } from "../tools/sim/store.ts";

/** Frame classes (see the module comment). */
export const FRAME_CLASSES = ["random", "structured", "mutated", "wrong_key", "sender_swap", "replay", "reflected", "legit"] as const;
export type FrameClass = (typeof FRAME_CLASSES)[number];

/** Attack frames per class (legit frames follow from `mutated`, `sender_swap` and `replay`). */
export type FuzzCounts = Record<Exclude<FrameClass, "legit">, number>;

/** Options of `runFuzz`. */
export interface FuzzOptions {
  seed: number;
  counts: FuzzCounts;
  hmac: HmacSha256;
  /** Frames per batch (timing granularity). Default 2000. */
  batch?: number;
  /** How the post opens a frame; default `channel.open(bytes)`. Tests swap in a broken one. */
  open?: (channel: SecureChannel, bytes: Uint8Array) => DecodeResult;
}

/** Per class: frames, refusals by reason, accepted, crashes, time spent in `open`. */
export interface ClassTally {
  frames: number;
  accepted: number;
  crashes: number;
  reasons: Record<string, number>;
  /** Wall ms and CPU ms (this process) spent inside `open` for the class. */
  openMs: number;
  openCpuMs: number;
}

/** The outcome of a fuzz run. */
export interface FuzzResult {
  seed: number;
  byClass: Record<FrameClass, ClassTally>;
  /** Attack frames accepted (must be 0). */
  acceptedForgeries: number;
  /** Genuine frames refused (must be 0). */
  refusedGenuine: number;
  crashes: number;
  /** Up to 5 examples of accepted forgeries or crashes, hex + class, for the report. */
  examples: Array<{ class: FrameClass; hex: string; what: string }>;
}

/** The post's node id and the callers' (2 … 21), as in the simulator's provisioning. */
const POST = 1;
const CALLERS = Array.from({ length: 20 }, (_, i) => i + 2);
const KINDS: readonly MessageKindName[] = ["alarm", "heartbeat", "operator_ack", "resolved", "ack"];
const RELIABLE: readonly Exclude<MessageKindName, "ack">[] = ["alarm", "heartbeat", "operator_ack", "resolved"];

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function randomPayload(r: Random): Payload {
  const kind = KINDS[r.int(0, KINDS.length - 1)]!;
  const seq = r.int(0, FIELD_MAX.u16);
  switch (kind) {
    case "heartbeat":
      return { kind, seq, status: r.int(0, 7), uptimeS: r.u32() };
    case "ack":
      return { kind, seq, ackKind: RELIABLE[r.int(0, RELIABLE.length - 1)]!, ackSeq: r.int(0, FIELD_MAX.u16) };
    default:
      return { kind, seq, incident: r.u32() };
  }
}

/** Hands `bytes` over as a view at a random offset into a larger buffer, one time in four. */
function maybeView(bytes: Uint8Array, r: Random): Uint8Array {
  if (r.int(0, 3) !== 0) return bytes;
  const pad = r.int(1, 7);
  const big = r.bytes(bytes.length + pad * 2);
  big.set(bytes, pad);
  return big.subarray(pad, pad + bytes.length);
}

function mutate(frame: Uint8Array, r: Random): Uint8Array {
  let out = frame.slice();
  const edits = r.int(1, 4);
  for (let e = 0; e < edits; e++) {
    switch (r.int(0, 4)) {
      case 0: // flip one bit
        if (out.length) out[r.int(0, out.length - 1)]! ^= 1 << r.int(0, 7);
        break;
      case 1: // set a byte
        if (out.length) out[r.int(0, out.length - 1)] = r.int(0, 255);
        break;
      case 2: // cut the end
        out = out.slice(0, r.int(0, out.length));
        break;
      case 3: {
        // append bytes
        const more = r.bytes(r.int(1, 8));
        const grown = new Uint8Array(out.length + more.length);
        grown.set(out);
        grown.set(more, out.length);
        out = grown;
        break;
      }
      default: {
        // swap two bytes
        if (out.length >= 2) {
          const i = r.int(0, out.length - 1);
          const j = r.int(0, out.length - 1);
          const t = out[i]!;
          out[i] = out[j]!;
          out[j] = t;
        }
      }
    }
  }
  return out;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Runs the fuzz: rounds of one batch per class until every class has its count.
 * @throws nothing on bad frames (they are counted); RangeError for bad counts.
 */
export function runFuzz(o: FuzzOptions): FuzzResult {
  const batch = o.batch ?? 2000;
  for (const [k, v] of Object.entries(o.counts)) if (!Number.isInteger(v) || v < 0) throw new RangeError(`counts.${k} must be an integer ≥ 0, got ${v}`);
  const open = o.open ?? ((ch, b) => ch.open(b));
  const r = new Random(o.seed, "bench:fuzz");
  const keys = new Map(CALLERS.map((id) => [id, new Random(o.seed, `key:${id}`).bytes(KEY_BYTES)]));
  const post = new SecureChannel({ self: POST, keys, hmac: o.hmac, store: new SimStore() });
  const callers = new Map(CALLERS.map((id) => [id, new SecureChannel({ self: id, keys: new Map([[POST, keys.get(id)!]]), hmac: o.hmac, store: new SimStore() })]));
  /** The highest counter each caller has used (sealed frames carry consecutive counters). */
  const lastCounter = new Map<number, number>();
  const accepted: Uint8Array[] = [];

  const tallies = Object.fromEntries(FRAME_CLASSES.map((c) => [c, { frames: 0, accepted: 0, crashes: 0, reasons: {}, openMs: 0, openCpuMs: 0 } satisfies ClassTally])) as Record<FrameClass, ClassTally>;
  const result: FuzzResult = { seed: o.seed, byClass: tallies, acceptedForgeries: 0, refusedGenuine: 0, crashes: 0, examples: [] };
  const left: FuzzCounts = { ...o.counts };

  const sealGenuine = (): Uint8Array => {
    const id = CALLERS[r.int(0, CALLERS.length - 1)]!;
    const bytes = callers.get(id)!.seal(POST, randomPayload(r));
    const d = decodeFrame(bytes);
    if (d.ok) lastCounter.set(id, d.frame.counter);
    return bytes;
  };

  /** Opens each frame of a batch, timing the whole batch. */
  const feed = (cls: FrameClass, frames: Uint8Array[]) => {
    const t = tallies[cls];
    const outcomes: Array<DecodeResult | Error> = new Array(frames.length);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < frames.length; i++) {
      try {
        outcomes[i] = open(post, frames[i]!);
      } catch (err) {
        outcomes[i] = err instanceof Error ? err : new Error(String(err));
      }
    }
    t.openMs += performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    t.openCpuMs += (cpu.user + cpu.system) / 1000;
    t.frames += frames.length;
    outcomes.forEach((out, i) => {
      if (out instanceof Error) {
        t.crashes++;
        result.crashes++;
        if (result.examples.length < 5) result.examples.push({ class: cls, hex: hex(frames[i]!), what: `threw ${out.message}` });
        return;
      }
      if (out.ok) {
        t.accepted++;
        if (cls === "legit") accepted.push(frames[i]!);
        else {
          result.acceptedForgeries++;
          if (result.examples.length < 5) result.examples.push({ class: cls, hex: hex(frames[i]!), what: "accepted" });
        }
      } else {
        t.reasons[out.reason] = (t.reasons[out.reason] ?? 0) + 1;
        if (cls === "legit") {
          result.refusedGenuine++;
          if (result.examples.length < 5) result.examples.push({ class: cls, hex: hex(frames[i]!), what: `genuine frame refused: ${out.reason}` });
        }
      }
    });
  };

  const take = (cls: keyof FuzzCounts) => {
    const n = Math.min(batch, left[cls]);
    left[cls] -= n;
    return n;
  };

  while (Object.values(left).some((n) => n > 0)) {
    // Genuine frames of this round: sealed now, delivered after their mutants and relabels.
    const genuine: Uint8Array[] = [];
    const nMut = take("mutated");
    const nSwap = take("sender_swap");
    const perGenuine = 4;
    const nGenuine = Math.max(1, Math.ceil((nMut + nSwap) / perGenuine));
    for (let i = 0; i < nGenuine; i++) genuine.push(sealGenuine());

    const nRandom = take("random");
    feed("random", Array.from({ length: nRandom }, () => maybeView(r.bytes(r.int(0, 300)), r)));

    const nStruct = take("structured");
    feed(
      "structured",
      Array.from({ length: nStruct }, () => {
        const kind = KINDS[r.int(0, KINDS.length - 1)]!;
        const bytes = r.bytes(FRAME_BYTES[kind]);
        bytes[FRAME.versionOffset] = FRAME_VERSION;
        bytes[FRAME.kindOffset] = MessageKind[kind];
        const view = new DataView(bytes.buffer);
        const sender = r.int(0, 9) === 0 ? r.u32() : CALLERS[r.int(0, CALLERS.length - 1)]!;
        view.setUint32(FRAME.senderOffset, sender, false);
        return maybeView(bytes, r);
      }),
    );

    const mutants: Uint8Array[] = [];
    for (let i = 0; i < nMut; i++) {
      const original = genuine[i % genuine.length]!;
      let m = mutate(original, r);
      while (sameBytes(m, original)) m = mutate(original, r);
      mutants.push(maybeView(m, r));
    }
    feed("mutated", mutants);

    const nWrong = take("wrong_key");
    feed(
      "wrong_key",
      Array.from({ length: nWrong }, () => {
        const id = CALLERS[r.int(0, CALLERS.length - 1)]!;
        const counter = Math.min(FIELD_MAX.u32, (lastCounter.get(id) ?? 0) + r.int(1, 1000));
        const guess = r.bytes(KEY_BYTES);
        return encodeFrame({ ...randomPayload(r), sender: id, counter }, (a) => computeTag(o.hmac, guess, a));
      }),
    );

    const swaps: Uint8Array[] = [];
    for (let i = 0; i < nSwap; i++) {
      const original = genuine[(i + nMut) % genuine.length]!;
      const d = decodeFrame(original);
      if (!d.ok) continue;
      let other = CALLERS[r.int(0, CALLERS.length - 1)]!;
      if (other === d.frame.sender) other = CALLERS[(CALLERS.indexOf(other) + 1) % CALLERS.length]!;
      const tag = original.subarray(original.length - FRAME.tagBytes);
      swaps.push(encodeFrame({ ...d.frame, sender: other }, () => tag));
    }
    feed("sender_swap", swaps);

    const nReflect = take("reflected");
    feed(
      "reflected",
      Array.from({ length: nReflect }, () => post.seal(CALLERS[r.int(0, CALLERS.length - 1)]!, randomPayload(r))),
    );

    feed("legit", genuine);

    const nReplay = take("replay");
    const pool = accepted.length ? accepted : genuine; // a channel that accepted nothing still gets replays
    feed(
      "replay",
      Array.from({ length: nReplay }, () => maybeView(pool[r.int(0, pool.length - 1)]!.slice(), r)),
    );
    // Keep the replay pool bounded: recent frames and a sample of old ones.
    if (accepted.length > 4096) accepted.splice(0, accepted.length - 4096);
  }
  return result;
}
