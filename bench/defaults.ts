/**
 * The defaults the benchmarks measured, read from the code (never restated by hand), set
 * against the field figures in `/work/shared/reference/alarm-field-facts.md`.
 */
import { SETTINGS_DEFAULTS } from "../firmware/core/config.ts";
import { CHANNEL_DEFAULTS } from "../firmware/core/channel.ts";
import { LINK_DEFAULTS } from "../firmware/core/link/link.ts";
import type { RetryPolicy } from "../firmware/core/link/backoff.ts";
import { HEARTBEAT_DEFAULTS } from "../firmware/core/supervision/heartbeat.ts";
import { fmtMs } from "./format.ts";

/** One row of the defaults table. */
export interface DefaultRow {
  setting: string;
  ours: string;
  field: string;
  /** How ours compares, in a few words. */
  comparison: string;
}

/** The time of each nominal transmission (0 = first), ms, while the total stays within `horizonMs`. */
export function nominalTransmissionTimesMs(p: RetryPolicy, horizonMs: number): number[] {
  const times = [0];
  let t = 0;
  for (let i = 1; i < p.maxAttempts; i++) {
    t += Math.min(p.maxMs, p.initialMs * p.factor ** (i - 1));
    if (t > horizonMs) break;
    times.push(t);
  }
  return times;
}

function policy(p: RetryPolicy): string {
  const attempts = p.maxAttempts === Infinity ? "never gives up" : `${p.maxAttempts} transmissions`;
  return `${fmtMs(p.initialMs)} × ${p.factor} up to ${fmtMs(p.maxMs)}, ± ${p.jitter * 100} %, ${attempts}`;
}

/** The defaults table. */
export function defaultsTable(): DefaultRow[] {
  const s = SETTINGS_DEFAULTS;
  const alarmIn10s = nominalTransmissionTimesMs(LINK_DEFAULTS.alarm, 10_000).length;
  const hb = LINK_DEFAULTS.heartbeat;
  const hbSpan = nominalTransmissionTimesMs(hb, Infinity);
  const longestAlarmWait = LINK_DEFAULTS.alarm.maxMs * (1 + LINK_DEFAULTS.alarm.jitter);
  return [
    {
      setting: "Debounce",
      ours: `${s.debounceStrategy}, ${s.debounceMs} ms window`,
      field: "EN 50131 G2: alarm / tamper signals of ≥ 400 ms must be detected",
      comparison:
        s.debounceStrategy === "integrate"
          ? `${s.debounceMs} ms ≪ 400 ms: a 400 ms press always passes, also through contact opens under a third of their period; a pulse train shorter than ${s.debounceMs} ms a pulse never does when its gaps are at least half the pulse before them (firmware/core/debounce/README.md)`
          : `${s.debounceMs} ms ≪ 400 ms: a 400 ms press always passes; pulses < ${s.debounceMs} ms never do`,
    },
    {
      setting: "Hold-to-trigger",
      ours: s.holdMs === 0 ? "0 ms (a press counts at once)" : `${s.holdMs} ms: a pulse of ≥ ${Math.max(s.debounceMs, s.holdMs)} ms raises an alarm, ${s.debounceMs + s.holdMs} ms after its first edge`,
      field: "EN 50131 G2: signals of ≥ 400 ms must be detected; Ajax DoubleButton: brief or > 2 s; a minimum press duration is the usual remedy for EMI (§4, §7)",
      comparison:
        s.holdMs === 0
          ? "off: every debounced press counts; `hold_ms` per caller where interference is a problem"
          : `${Math.max(s.debounceMs, s.holdMs)} ms ≪ 400 ms: no required alarm is refused; adds ${s.holdMs} ms to press → siren`,
    },
    {
      setting: "Stuck button",
      ours: `${fmtMs(s.stuckMs)} held = fault, never an alarm`,
      field: "—",
      comparison: "a shorted cable becomes a visible fault",
    },
    {
      setting: "Heartbeat period",
      ours: `${fmtMs(s.heartbeatMs)} ± ${HEARTBEAT_DEFAULTS.jitter * 100} %`,
      field: "Ajax ping 12–300 s, default 36 s",
      comparison: `inside Ajax's range, a little more often than its default`,
    },
    {
      setting: "Heartbeat retransmission",
      ours: `${policy(hb)} (all within ${fmtMs(hbSpan[hbSpan.length - 1]!)} of the first, nominal)`,
      field: "Ajax: a device is lost after 30 undelivered pings (8 in older hubs)",
      comparison: "each heartbeat is acked and retried; a lossy minute is not a dead caller",
    },
    {
      setting: "Offline timeout",
      ours: `${fmtMs(s.offlineAfterMs)} of silence`,
      field: "EN 50131 G2: missing device reported ≤ 2 h; Ajax: 18 min by default, 36 s at the least",
      comparison: `${Math.round(7_200_000 / s.offlineAfterMs)}× inside EN G2; ${Math.round(18 * 60_000 / s.offlineAfterMs)}× faster than Ajax's default`,
    },
    {
      setting: "Alarm retransmission",
      ours: policy(LINK_DEFAULTS.alarm),
      field: "EN 50131 G2: hold-up notification ≤ 10 s; Ajax: repeated until confirmed; esp-now component: 2 … 100 ms backoff, 3 s send timeout",
      comparison: `${alarmIn10s} transmissions in the first 10 s (nominal); after an outage, the next attempt comes within ${fmtMs(longestAlarmWait)}`,
    },
    {
      setting: "Operator ack / reset to caller",
      ours: policy(LINK_DEFAULTS.operator_ack),
      field: "Ajax: two-stage feedback to the presser (delivered, then raised)",
      comparison: "bounded; resent when the caller comes back online",
    },
    {
      setting: "Replay window",
      ours: `${CHANNEL_DEFAULTS.replayWindowFrames} frames per caller, counter reserved in blocks of ${CHANNEL_DEFAULTS.counterBlock}`,
      field: "esp-now component: 32-entry message-ID cache, no counter (§3.2)",
      comparison: "authenticated monotonic counter per caller (RFC 4303-style window)",
    },
  ];
}
