/**
 * How the report writes numbers: thousands with commas, units always shown, precision chosen
 * so a figure reads at a glance (3 significant digits, never scientific notation).
 */

/** An integer with thousands separators: 12000 → "12,000". */
export function fmtInt(n: number): string {
  const sign = n < 0 ? "-" : "";
  const s = String(Math.round(Math.abs(n)));
  return sign + s.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** A number with 3 significant digits (integers above 100 are kept whole): 0.01234 → "0.0123". */
export function fmtNum(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a >= 100) return fmtInt(x);
  if (a === 0) return "0";
  const digits = Math.max(0, 2 - Math.floor(Math.log10(a)));
  return x.toFixed(Math.min(digits, 6)).replace(/\.?0+$/, "");
}

/** Milliseconds: "2 ms", "1.25 s" (≥ 1 s), "2.1 min" (≥ 2 min). */
export function fmtMs(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  if (Math.abs(ms) >= 120_000) return `${fmtNum(ms / 60_000)} min`;
  if (Math.abs(ms) >= 1000) return `${fmtNum(ms / 1000)} s`;
  return `${fmtNum(ms)} ms`;
}

/** A share as a percentage: 0.9996 → "99.96 %", 1 → "100 %", 0 → "0 %". */
export function fmtPct(share: number): string {
  if (share === 1) return "100 %";
  if (share === 0) return "0 %";
  const p = share * 100;
  if (p > 99.99) return `${p.toFixed(4)} %`;
  if (p > 99) return `${p.toFixed(2)} %`;
  return `${fmtNum(p)} %`;
}

/** Bytes: "812 B", "23.4 KiB", "1.2 MiB". */
export function fmtBytes(n: number): string {
  if (n < 1024) return `${fmtInt(n)} B`;
  if (n < 1024 * 1024) return `${fmtNum(n / 1024)} KiB`;
  return `${fmtNum(n / (1024 * 1024))} MiB`;
}

/** A virtual duration in ms as days, hours, minutes or seconds: "30 days", "4.2 h". */
export function fmtDuration(ms: number): string {
  const day = 86_400_000;
  if (ms >= 2 * day) return `${fmtNum(ms / day)} days`;
  if (ms >= 3_600_000) return `${fmtNum(ms / 3_600_000)} h`;
  if (ms >= 60_000) return `${fmtNum(ms / 60_000)} min`;
  return `${fmtNum(ms / 1000)} s`;
}

/** "a of b" with both counts formatted. */
export function fmtOf(a: number, b: number): string {
  return `${fmtInt(a)} of ${fmtInt(b)}`;
}
