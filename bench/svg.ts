/**
 * Small, clean SVG charts for the benchmark report, written by hand (no plotting dependency):
 * step/line charts (e.g. a latency CDF on a log axis), histograms and horizontal bar charts.
 *
 * Every chart is a self-contained SVG 1.1 document with a title, labelled axes with "nice"
 * ticks (1–2–5 steps; decades on log axes), a legend, and optional vertical markers (a timeout,
 * a target). Colours are the Okabe–Ito palette, readable with colour-vision deficiencies
 * (Okabe & Ito, "Color Universal Design", 2008).
 */

/** Okabe–Ito colours (black omitted; it is used for axes). */
export const PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442"] as const;

const FONT = `font-family="system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif"`;

/** Chart size and margins, px. */
const SIZE = { width: 760, height: 380, left: 72, right: 230, top: 40, bottom: 52 } as const;

/** A series of points. */
export interface Series {
  name: string;
  points: ReadonlyArray<readonly [number, number]>;
  /** Draw as a step function (an empirical CDF) instead of straight segments. */
  step?: boolean;
  /** Mark each point with a dot (for series of a few measured points). */
  dots?: boolean;
}

/** A vertical line with a label, e.g. the offline timeout. */
export interface Marker {
  x: number;
  label: string;
}

/** Options of `lineChart`. */
export interface LineChartOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  series: readonly Series[];
  xLog?: boolean;
  yLog?: boolean;
  /** Axis ranges; default from the data. */
  xRange?: [number, number];
  yRange?: [number, number];
  markers?: readonly Marker[];
  /** Formats tick values (default: compact numbers). */
  xTick?: (v: number) => string;
  yTick?: (v: number) => string;
}

function esc(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** A compact tick label: 0.5, 2, 1k, 20k, 1M. */
export function compactNumber(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e6) return `${+(v / 1e6).toPrecision(3)}M`;
  if (a >= 1e4) return `${+(v / 1e3).toPrecision(3)}k`;
  return String(+v.toPrecision(3));
}

/**
 * Tick values for a linear axis over [lo, hi]: about `target` ticks on a 1–2–5 grid.
 * @throws RangeError when hi < lo.
 */
export function linearTicks(lo: number, hi: number, target = 6): number[] {
  if (hi < lo) throw new RangeError(`hi must be ≥ lo, got [${lo}, ${hi}]`);
  if (hi === lo) return [lo];
  const raw = (hi - lo) / target;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw)!;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(+v.toPrecision(12));
  return out;
}

/**
 * Tick values for a log axis over [lo, hi] (both > 0): every decade, plus 2× and 5× when the
 * range spans fewer than three decades.
 * @throws RangeError unless 0 < lo ≤ hi.
 */
export function logTicks(lo: number, hi: number): number[] {
  if (!(lo > 0 && hi >= lo)) throw new RangeError(`log axis needs 0 < lo ≤ hi, got [${lo}, ${hi}]`);
  const out: number[] = [];
  const d0 = Math.floor(Math.log10(lo));
  const d1 = Math.ceil(Math.log10(hi));
  const mults = d1 - d0 < 3 ? [1, 2, 5] : [1];
  for (let d = d0; d <= d1; d++) {
    for (const m of mults) {
      const v = m * 10 ** d;
      if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) out.push(+v.toPrecision(12));
    }
  }
  return out;
}

interface Axis {
  lo: number;
  hi: number;
  log: boolean;
  /** Pixel position of value v. */
  at(v: number): number;
  ticks: number[];
}

function axis(lo: number, hi: number, log: boolean, p0: number, p1: number): Axis {
  if (log) {
    const l0 = Math.log10(lo);
    const l1 = Math.log10(hi === lo ? hi * 10 : hi);
    return { lo, hi, log, at: (v) => p0 + ((Math.log10(Math.max(v, lo)) - l0) / (l1 - l0)) * (p1 - p0), ticks: logTicks(lo, hi) };
  }
  const span = hi === lo ? 1 : hi - lo;
  return { lo, hi, log, at: (v) => p0 + ((v - lo) / span) * (p1 - p0), ticks: linearTicks(lo, hi) };
}

function extent(values: number[], log: boolean): [number, number] {
  const vs = log ? values.filter((v) => v > 0) : values;
  if (vs.length === 0) return log ? [1, 10] : [0, 1];
  let lo = Math.min(...vs);
  let hi = Math.max(...vs);
  if (log) {
    lo = 10 ** Math.floor(Math.log10(lo));
    hi = 10 ** Math.ceil(Math.log10(hi));
  } else {
    lo = Math.min(0, lo);
    if (hi === lo) hi = lo + 1;
  }
  return [lo, hi];
}

function frame(title: string, body: string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE.width}" height="${SIZE.height}" viewBox="0 0 ${SIZE.width} ${SIZE.height}" role="img" aria-label="${esc(title)}">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="${SIZE.left}" y="24" ${FONT} font-size="15" font-weight="600" fill="#222">${esc(title)}</text>`,
    ...body,
    `</svg>`,
    "",
  ].join("\n");
}

function axesSvg(x: Axis, y: Axis, xLabel: string, yLabel: string, xTick: (v: number) => string, yTick: (v: number) => string): string[] {
  const L = SIZE.left;
  const R = SIZE.width - SIZE.right;
  const T = SIZE.top;
  const B = SIZE.height - SIZE.bottom;
  const out: string[] = [];
  for (const v of y.ticks) {
    const py = y.at(v).toFixed(1);
    out.push(`<line x1="${L}" y1="${py}" x2="${R}" y2="${py}" stroke="#e6e6e6"/>`);
    out.push(`<text x="${L - 6}" y="${py}" ${FONT} font-size="11" fill="#444" text-anchor="end" dominant-baseline="middle">${esc(yTick(v))}</text>`);
  }
  for (const v of x.ticks) {
    const px = x.at(v).toFixed(1);
    out.push(`<line x1="${px}" y1="${T}" x2="${px}" y2="${B}" stroke="#f0f0f0"/>`);
    out.push(`<text x="${px}" y="${B + 16}" ${FONT} font-size="11" fill="#444" text-anchor="middle">${esc(xTick(v))}</text>`);
  }
  out.push(`<rect x="${L}" y="${T}" width="${R - L}" height="${B - T}" fill="none" stroke="#888"/>`);
  out.push(`<text x="${(L + R) / 2}" y="${SIZE.height - 12}" ${FONT} font-size="12" fill="#222" text-anchor="middle">${esc(xLabel)}</text>`);
  out.push(
    `<text transform="translate(16 ${(T + B) / 2}) rotate(-90)" ${FONT} font-size="12" fill="#222" text-anchor="middle">${esc(yLabel)}</text>`,
  );
  return out;
}

function legendSvg(names: readonly string[]): string[] {
  const x = SIZE.width - SIZE.right + 14;
  return names.flatMap((name, i) => {
    const y = SIZE.top + 10 + i * 20;
    const c = PALETTE[i % PALETTE.length];
    return [
      `<line x1="${x}" y1="${y}" x2="${x + 18}" y2="${y}" stroke="${c}" stroke-width="2.5"/>`,
      `<text x="${x + 24}" y="${y}" ${FONT} font-size="11" fill="#222" dominant-baseline="middle">${esc(name)}</text>`,
    ];
  });
}

function markersSvg(markers: readonly Marker[] | undefined, x: Axis): string[] {
  // Labels sit low, left of their line, on a white halo, clear of curves that end high.
  return (markers ?? []).flatMap((m, i) => {
    const px = x.at(m.x).toFixed(1);
    const ty = SIZE.height - SIZE.bottom - 10 - i * 14;
    return [
      `<line x1="${px}" y1="${SIZE.top}" x2="${px}" y2="${SIZE.height - SIZE.bottom}" stroke="#333" stroke-dasharray="5 4"/>`,
      `<text x="${+px - 4}" y="${ty}" ${FONT} font-size="11" fill="#333" text-anchor="end" paint-order="stroke" stroke="#ffffff" stroke-width="4">${esc(m.label)}</text>`,
    ];
  });
}

/** A line or step chart of several series (see `LineChartOptions`). */
export function lineChart(o: LineChartOptions): string {
  const xs = o.series.flatMap((s) => s.points.map((p) => p[0])).concat((o.markers ?? []).map((m) => m.x));
  const ys = o.series.flatMap((s) => s.points.map((p) => p[1]));
  const [x0, x1] = o.xRange ?? extent(xs, !!o.xLog);
  const [y0, y1] = o.yRange ?? extent(ys, !!o.yLog);
  const x = axis(x0, x1, !!o.xLog, SIZE.left, SIZE.width - SIZE.right);
  const y = axis(y0, y1, !!o.yLog, SIZE.height - SIZE.bottom, SIZE.top);
  const body = axesSvg(x, y, o.xLabel, o.yLabel, o.xTick ?? compactNumber, o.yTick ?? compactNumber);
  o.series.forEach((s, i) => {
    if (s.points.length === 0) return;
    const c = PALETTE[i % PALETTE.length];
    const parts: string[] = [];
    for (const [vx, vy] of s.points) {
      const px = x.at(Math.min(Math.max(vx, x0), x1)).toFixed(1);
      const py = y.at(Math.min(Math.max(vy, y0), y1)).toFixed(1);
      if (parts.length === 0) parts.push(`M${px} ${s.step ? y.at(y0).toFixed(1) : py}`);
      if (s.step) parts.push(`H${px}`, `V${py}`);
      else parts.push(`L${px} ${py}`);
    }
    body.push(`<path d="${parts.join(" ")}" fill="none" stroke="${c}" stroke-width="2" stroke-linejoin="round"/>`);
    if (s.dots) {
      for (const [vx, vy] of s.points) {
        body.push(`<circle cx="${x.at(Math.min(Math.max(vx, x0), x1)).toFixed(1)}" cy="${y.at(Math.min(Math.max(vy, y0), y1)).toFixed(1)}" r="3.5" fill="${c}"/>`);
      }
    }
  });
  body.push(...markersSvg(o.markers, x), ...legendSvg(o.series.map((s) => s.name)));
  return frame(o.title, body);
}

/** Options of `histogramChart`. */
export interface HistogramOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  /** Bins per series: `{from, to, count}`; all series share the same bins. */
  series: ReadonlyArray<{ name: string; bins: ReadonlyArray<{ from: number; to: number; count: number }> }>;
  markers?: readonly Marker[];
  xTick?: (v: number) => string;
}

/** A histogram; several series are drawn side by side within each bin. */
export function histogramChart(o: HistogramOptions): string {
  const allBins = o.series.flatMap((s) => s.bins);
  const x0 = Math.min(...allBins.map((b) => b.from), ...(o.markers ?? []).map((m) => m.x));
  const x1 = Math.max(...allBins.map((b) => b.to), ...(o.markers ?? []).map((m) => m.x));
  const yMax = Math.max(1, ...allBins.map((b) => b.count));
  const x = axis(x0, x1, false, SIZE.left, SIZE.width - SIZE.right);
  const y = axis(0, yMax * 1.05, false, SIZE.height - SIZE.bottom, SIZE.top);
  const body = axesSvg(x, y, o.xLabel, o.yLabel, o.xTick ?? compactNumber, compactNumber);
  const k = o.series.length;
  o.series.forEach((s, i) => {
    const c = PALETTE[i % PALETTE.length];
    for (const b of s.bins) {
      if (b.count === 0) continue;
      const left = x.at(b.from);
      const w = (x.at(b.to) - left) / k;
      const top = y.at(b.count);
      body.push(
        `<rect x="${(left + i * w + 0.5).toFixed(1)}" y="${top.toFixed(1)}" width="${Math.max(0.5, w - 1).toFixed(1)}" height="${(y.at(0) - top).toFixed(1)}" fill="${c}" fill-opacity="0.85"/>`,
      );
    }
  });
  body.push(...markersSvg(o.markers, x), ...legendSvg(o.series.map((s) => s.name)));
  return frame(o.title, body);
}

/** Options of `barChart`. */
export interface BarChartOptions {
  title: string;
  /** Label of the value axis. */
  xLabel: string;
  bars: ReadonlyArray<{ label: string; value: number; note?: string }>;
  xLog?: boolean;
}

/** Horizontal bars, one per category, with the value written at the end of each bar. */
export function barChart(o: BarChartOptions): string {
  const values = o.bars.map((b) => b.value);
  const [x0, x1] = o.xLog ? extent(values, true) : [0, Math.max(...values, 1) * 1.15];
  const labelW = 230;
  const L = labelW;
  const R = SIZE.width - 40;
  const rowH = Math.min(36, (SIZE.height - SIZE.top - SIZE.bottom) / Math.max(1, o.bars.length));
  const height = SIZE.top + rowH * o.bars.length + SIZE.bottom;
  const x = axis(x0, x1, !!o.xLog, L, R);
  const body: string[] = [];
  const B = SIZE.top + rowH * o.bars.length;
  for (const v of x.ticks) {
    const px = x.at(v).toFixed(1);
    body.push(`<line x1="${px}" y1="${SIZE.top}" x2="${px}" y2="${B}" stroke="#eee"/>`);
    body.push(`<text x="${px}" y="${B + 16}" ${FONT} font-size="11" fill="#444" text-anchor="middle">${esc(compactNumber(v))}</text>`);
  }
  o.bars.forEach((b, i) => {
    const top = SIZE.top + i * rowH + 4;
    const w = Math.max(1, x.at(Math.max(b.value, x0)) - L);
    body.push(`<text x="${L - 8}" y="${top + (rowH - 8) / 2}" ${FONT} font-size="12" fill="#222" text-anchor="end" dominant-baseline="middle">${esc(b.label)}</text>`);
    body.push(`<rect x="${L}" y="${top}" width="${w.toFixed(1)}" height="${rowH - 8}" fill="${PALETTE[0]}" fill-opacity="0.85"/>`);
    body.push(
      `<text x="${(L + w + 6).toFixed(1)}" y="${top + (rowH - 8) / 2}" ${FONT} font-size="11" fill="#222" dominant-baseline="middle">${esc(b.note ?? compactNumber(b.value))}</text>`,
    );
  });
  body.push(`<text x="${(L + R) / 2}" y="${height - 12}" ${FONT} font-size="12" fill="#222" text-anchor="middle">${esc(o.xLabel)}</text>`);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE.width}" height="${height}" viewBox="0 0 ${SIZE.width} ${height}" role="img" aria-label="${esc(o.title)}">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="16" y="24" ${FONT} font-size="15" font-weight="600" fill="#222">${esc(o.title)}</text>`,
    ...body,
    `</svg>`,
    "",
  ].join("\n");
}
