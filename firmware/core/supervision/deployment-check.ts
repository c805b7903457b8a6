/**
 * The deployment check: does the post's `offline_after_ms` suit every caller's `heartbeat_ms`
 * and heartbeat retransmission schedule? Settings are checked as a deployment, not device by
 * device (issue 10 point 4): a timeout too short for the callers' heartbeats reports living
 * callers offline at 20 % loss (2 s heartbeats with a 4.001 s timeout, which the old rule
 * "offline > 2 × heartbeat" accepted, gave hundreds of false `caller_offline` in two hours).
 *
 * The arithmetic is the supervision README's ("The arithmetic", and "The deployment check" for
 * this general form), for any heartbeat period:
 *
 * - Heartbeats start between T_min = ⌊P × (1 − j)⌋ and T_max = ⌈P × (1 + j)⌉ apart (P the
 *   period, j the heartbeat jitter, 0.1; `HeartbeatSchedule`).
 * - Transmission n of a heartbeat leaves at most offset(n) = Σ_{i<n} ⌈w_i × (1 + r)⌉ after the
 *   first (w_i the nominal retransmission waits, r their jitter; `LINK_DEFAULTS.heartbeat`).
 *   A newer heartbeat supersedes an unfinished one, so only the k transmissions with
 *   offset(n) < T_min are sure to be sent: the post misses a heartbeat outright with
 *   q = p^k at loss p. Every transmission of heartbeat i leaves by S = the largest
 *   min(offset(n), T_max) over the transmissions that may be sent before the next heartbeat.
 * - With m heartbeats in a row missed the post's silence is at most (m + 1) × T_max + S + a
 *   latency allowance; a false offline therefore needs m missed in a row, the smallest m with
 *   (m + 1) × T_max + S + allowance ≥ offline_after_ms.
 * - At most N = ⌈1 day / T_min⌉ heartbeats a day can start such a run:
 *   false offlines per caller-day ≤ N × q^m.
 * - A dead caller is reported at last-heard + offline_after_ms ≤ its death + offline_after_ms.
 *
 * A combination is accepted when the bound is ≤ 10⁻⁶ per caller-day at 20 % loss both ways
 * (issue 10's target). Platform-free (runs on the device at boot, in `bell sim`, in
 * `bell provision`); pure functions, no state.
 */
import { type Settings } from "../config.ts";
import { type RetryPolicy, nominalWaitMs } from "../link/backoff.ts";
import { LINK_DEFAULTS } from "../link/link.ts";
import { HEARTBEAT_DEFAULTS } from "./heartbeat.ts";

/** One day, ms. */
const DAY_MS = 86_400_000;

/** The assumptions of the check. */
export interface DeploymentCheckOptions {
  /** Frame loss probability, each direction, 0 ≤ p < 1. Default 0.2 (issue 10; supervision README). */
  loss: number;
  /** Largest accepted false-offline rate, per caller-day. Default 10⁻⁶ (issue 10 point 4). */
  maxFalseOfflinePerCallerDay: number;
  /** Heartbeat jitter fraction (`HEARTBEAT_DEFAULTS.jitter`, 0.1). */
  heartbeatJitter: number;
  /** The heartbeat's retransmission policy (`LINK_DEFAULTS.heartbeat`: 1 s doubling to 3 s, ± 25 %, 6 transmissions). */
  retry: RetryPolicy;
  /**
   * Allowance for radio latency and the transmit queue, ms, added to every silence. Default 100:
   * an ESP-NOW frame is on air for < 1 ms, the simulator's latency is 1 … 8 ms, and a heartbeat
   * waits behind at most an alarm or an ack in the transmit queue.
   */
  latencyAllowanceMs: number;
  /** Largest `offline_after_ms` a post takes, ms (`config.ts`; EN 50131 grade 2's 2 h). */
  offlineAfterMaxMs: number;
}

/** Defaults of `DeploymentCheckOptions`. */
export const DEPLOYMENT_CHECK_DEFAULTS: Readonly<DeploymentCheckOptions> = Object.freeze({
  loss: 0.2,
  maxFalseOfflinePerCallerDay: 1e-6,
  heartbeatJitter: HEARTBEAT_DEFAULTS.jitter,
  retry: LINK_DEFAULTS.heartbeat,
  latencyAllowanceMs: 100,
  offlineAfterMaxMs: 7_200_000,
});

/** What the check computes for one caller's heartbeat period against the post's timeout. */
export interface SupervisionAssessment {
  /** The caller's `heartbeat_ms`. */
  heartbeatMs: number;
  /** The post's `offline_after_ms`. */
  offlineAfterMs: number;
  /** T_max: the longest spacing of two heartbeats, ms. */
  heartbeatSpacingMaxMs: number;
  /** k: transmissions of a heartbeat sure to be sent before the next one supersedes it. */
  sureTransmissions: number;
  /** q = p^k: probability the post misses one heartbeat outright. */
  heartbeatMissProbability: number;
  /** S: the latest a transmission of a heartbeat leaves after its first, ms. */
  retrySpanMs: number;
  /** m: heartbeats missed in a row that a false offline needs (0: it happens without any loss). */
  missesToFalseOffline: number;
  /** N × q^m: expected false offlines per caller-day at the stated loss (an upper bound). */
  falseOfflinePerCallerDay: number;
  /** Worst time from a caller's death to `caller_offline`, ms. */
  worstDetectionMs: number;
  /** Smallest `offline_after_ms` accepted for this heartbeat, ms; undefined when none ≤ the 2 h limit. */
  smallestOfflineAfterMs: number | undefined;
  /** True when `falseOfflinePerCallerDay` ≤ the limit. */
  accepted: boolean;
}

/**
 * Computes the false-offline bound and the detection time of one heartbeat period against one
 * offline timeout (the arithmetic in this module's comment).
 * @param heartbeatMs the caller's `heartbeat_ms`, ms, integer ≥ 1.
 * @param offlineAfterMs the post's `offline_after_ms`, ms, integer ≥ 1.
 * @param options assumptions, merged over `DEPLOYMENT_CHECK_DEFAULTS`.
 * @throws RangeError naming `heartbeatMs`, `offlineAfterMs` or `loss` when not in range.
 */
export function assessSupervision(heartbeatMs: number, offlineAfterMs: number, options: Partial<DeploymentCheckOptions> = {}): SupervisionAssessment {
  const o = { ...DEPLOYMENT_CHECK_DEFAULTS, ...options };
  if (!Number.isInteger(heartbeatMs) || heartbeatMs < 1) throw new RangeError(`heartbeatMs must be a positive integer (ms), got ${heartbeatMs}`);
  if (!Number.isInteger(offlineAfterMs) || offlineAfterMs < 1) throw new RangeError(`offlineAfterMs must be a positive integer (ms), got ${offlineAfterMs}`);
  if (!(o.loss >= 0 && o.loss < 1)) throw new RangeError(`loss must be ≥ 0 and < 1, got ${o.loss}`);
  const t = timing(heartbeatMs, o);
  const m = missesToFalseOffline(offlineAfterMs, t, o);
  const rate = t.heartbeatsPerDay * Math.pow(t.q, m);
  return {
    heartbeatMs,
    offlineAfterMs,
    heartbeatSpacingMaxMs: t.spacingMaxMs,
    sureTransmissions: t.k,
    heartbeatMissProbability: t.q,
    retrySpanMs: t.spanMs,
    missesToFalseOffline: m,
    falseOfflinePerCallerDay: rate,
    worstDetectionMs: offlineAfterMs,
    smallestOfflineAfterMs: smallestOffline(t, o),
    accepted: rate <= o.maxFalseOfflinePerCallerDay,
  };
}

/** The post, as the check needs it: only its `offline_after_ms` matters. */
export interface DeploymentPost {
  /** Device id, as events name it ("post"). */
  id: string;
  settings: Pick<Settings, "offlineAfterMs">;
}

/** A caller, as the check needs it: only its `heartbeat_ms` matters. */
export interface DeploymentCaller {
  /** Device id, as events name it ("clinic"). */
  id: string;
  settings: Pick<Settings, "heartbeatMs">;
}

/** A refused combination: the post's timeout does not suit one caller's heartbeat. */
export class DeploymentError extends RangeError {
  override get name() {
    return "DeploymentError";
  }
  /**
   * @param postId the post's device id.
   * @param callerId the caller's device id.
   * @param field the field to change: `offline_after_ms` of the post, or `heartbeat_ms` of the
   *   caller when no timeout up to the 2 h limit suits its heartbeat.
   * @param suggestion the smallest valid `offline_after_ms`, or the largest valid `heartbeat_ms`.
   * @param suggestedOfflineAfterMs with a `heartbeat_ms` suggestion that the post's timeout does
   *   not suit either: the smallest `offline_after_ms` for it.
   */
  constructor(
    readonly postId: string,
    readonly callerId: string,
    readonly field: "offline_after_ms" | "heartbeat_ms",
    readonly suggestion: number | undefined,
    readonly assessment: SupervisionAssessment,
    message: string,
    readonly suggestedOfflineAfterMs?: number,
  ) {
    super(message);
  }
}

/**
 * Checks a post's `offline_after_ms` against every caller's `heartbeat_ms`.
 * @param post the receiver.
 * @param callers its callers.
 * @param options assumptions, merged over `DEPLOYMENT_CHECK_DEFAULTS`.
 * @returns one assessment per caller, in order, all accepted.
 * @throws DeploymentError for the first caller whose combination is refused, e.g.
 *   `offline_after_ms of post "post" (60000) is too short for heartbeat_ms of caller "cafe"
 *   (30000): at least 114101 (up to 2.0e-1 false offlines per caller-day at 20 % loss; the limit is 1e-6)`.
 */
export function checkDeployment(post: DeploymentPost, callers: readonly DeploymentCaller[], options: Partial<DeploymentCheckOptions> = {}): SupervisionAssessment[] {
  const o = { ...DEPLOYMENT_CHECK_DEFAULTS, ...options };
  const offline = post.settings.offlineAfterMs;
  return callers.map((c) => {
    const heartbeat = c.settings.heartbeatMs;
    const a = assessSupervision(heartbeat, offline, o);
    if (a.accepted) return a;
    const why = `up to ${a.falseOfflinePerCallerDay.toExponential(1)} false offlines per caller-day at ${Math.round(o.loss * 100)} % loss; the limit is ${o.maxFalseOfflinePerCallerDay.toExponential(0)}`;
    if (a.smallestOfflineAfterMs !== undefined) {
      throw new DeploymentError(
        post.id,
        c.id,
        "offline_after_ms",
        a.smallestOfflineAfterMs,
        a,
        `offline_after_ms of post "${post.id}" (${offline}) is too short for heartbeat_ms of caller "${c.id}" (${heartbeat}): at least ${a.smallestOfflineAfterMs} (${why})`,
      );
    }
    // No timeout up to 2 h suits this heartbeat: name the longest heartbeat that the post's
    // timeout suits, or, when none does, the longest any timeout suits and that timeout.
    const largest = largestHeartbeat(heartbeat, offline, o);
    const fallback = largest === undefined ? largestHeartbeat(heartbeat, o.offlineAfterMaxMs, o) : undefined;
    const alsoOffline = fallback === undefined ? undefined : assessSupervision(fallback, o.offlineAfterMaxMs, o).smallestOfflineAfterMs;
    const advice =
      largest !== undefined
        ? `heartbeat_ms at most ${largest}`
        : `heartbeat_ms at most ${fallback} with offline_after_ms at least ${alsoOffline}`;
    throw new DeploymentError(
      post.id,
      c.id,
      "heartbeat_ms",
      largest ?? fallback,
      a,
      `heartbeat_ms of caller "${c.id}" (${heartbeat}) is too long for offline_after_ms of post "${post.id}" (${offline}), and no offline_after_ms up to ${o.offlineAfterMaxMs} suits it: ${advice} (${why})`,
      alsoOffline,
    );
  });
}

interface Timing {
  spacingMinMs: number;
  spacingMaxMs: number;
  k: number;
  q: number;
  spanMs: number;
  heartbeatsPerDay: number;
}

function timing(heartbeatMs: number, o: DeploymentCheckOptions): Timing {
  const spacingMinMs = Math.max(1, Math.floor(heartbeatMs * (1 - o.heartbeatJitter)));
  const spacingMaxMs = Math.ceil(heartbeatMs * (1 + o.heartbeatJitter));
  // Transmission n leaves between offsetMin(n) and offsetMax(n) after the first. It is sure to be
  // sent when offsetMax(n) < T_min, and may be sent when offsetMin(n) < T_max (before the next
  // heartbeat supersedes it). The loop is bounded even for maxAttempts = Infinity.
  let offsetMin = 0;
  let offsetMax = 0;
  let k = 0;
  let spanMs = 0;
  for (let n = 1; n <= o.retry.maxAttempts && offsetMin < spacingMaxMs; n++) {
    if (offsetMax < spacingMinMs) k = n;
    spanMs = Math.max(spanMs, Math.min(offsetMax, spacingMaxMs));
    const nominal = nominalWaitMs(o.retry, n);
    offsetMin += Math.max(1, Math.floor(nominal * (1 - o.retry.jitter)));
    offsetMax += Math.ceil(nominal * (1 + o.retry.jitter));
  }
  return {
    spacingMinMs,
    spacingMaxMs,
    k,
    q: Math.pow(o.loss, k),
    spanMs,
    heartbeatsPerDay: Math.ceil(DAY_MS / spacingMinMs),
  };
}

/** m: the smallest number of heartbeats missed in a row whose silence can reach the timeout. */
function missesToFalseOffline(offlineAfterMs: number, t: Timing, o: DeploymentCheckOptions): number {
  return Math.max(0, Math.ceil((offlineAfterMs - t.spanMs - o.latencyAllowanceMs) / t.spacingMaxMs) - 1);
}

function smallestOffline(t: Timing, o: DeploymentCheckOptions): number | undefined {
  if (t.q >= 1) return undefined;
  let m = 0;
  while (t.heartbeatsPerDay * Math.pow(t.q, m) > o.maxFalseOfflinePerCallerDay) m++;
  // m − 1 misses in a row must not reach the timeout: m × T_max + S + allowance < offline.
  const smallest = m * t.spacingMaxMs + t.spanMs + o.latencyAllowanceMs + 1;
  return smallest <= o.offlineAfterMaxMs ? smallest : undefined;
}

/** The largest heartbeat ≤ `heartbeatMs` that `offlineAfterMs` accepts, or undefined. */
/**
 * The longest `heartbeat_ms` below `belowMs` that a post with `offlineAfterMs` accepts, or
 * undefined when none of at least 1 s is. Used to suggest a value, and by the bench to run the
 * longest accepted heartbeat.
 */
export function largestAcceptedHeartbeatMs(belowMs: number, offlineAfterMs: number, options: Partial<DeploymentCheckOptions> = {}): number | undefined {
  return largestHeartbeat(belowMs, offlineAfterMs, { ...DEPLOYMENT_CHECK_DEFAULTS, ...options });
}

function largestHeartbeat(heartbeatMs: number, offlineAfterMs: number, o: DeploymentCheckOptions): number | undefined {
  const ok = (h: number) => h >= 1 && assessSupervision(h, offlineAfterMs, o).accepted;
  // Coarse steps down, then up ms by ms (acceptance is not monotonic across a change of k).
  const step = 1000;
  let h = heartbeatMs - (heartbeatMs % step);
  while (h >= step && !ok(h)) h -= step;
  if (h < step) return undefined;
  while (h + 1 < heartbeatMs && ok(h + 1) && (h + 1) % step !== 0) h++;
  return h;
}
