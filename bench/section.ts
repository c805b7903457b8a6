/**
 * What a benchmark section hands the report: the shapes shared by `bench/<section>.ts`,
 * `bench/run.ts` and `bench/report.ts`.
 *
 * A section measures one promise area (latency, delivery, supervision, scale, footprint, fuzz,
 * debounce). It returns summary rows (one line each in the report's top table), its own tables
 * and plots, notes on method, the seeds it used, any broken promise with the scenario and seed
 * that shows it, and its raw figures for `bench/report.json`.
 */

/** The sections, in report order. */
export const SECTION_IDS = ["latency", "delivery", "supervision", "scale", "footprint", "fuzz", "debounce", "field-supervision", "field-settings", "field-contact", "field-store", "policy-receiver", "air", "screen", "escalation", "test-time"] as const;

export type SectionId = (typeof SECTION_IDS)[number];

/**
 * A verdict on one promise: `pass`/`fail` against a stated target; `info` when there is none;
 * `unmeasured` when there is a target but no valid measurement of it (❔, never a pass: e.g. the
 * test-time section without a record of a whole warm `make test` at this commit).
 */
export type Verdict = "pass" | "fail" | "info" | "unmeasured";

/** One row of the report's summary table. */
export interface SummaryRow {
  /** What is promised or measured, in words, e.g. "Alarms lost". */
  what: string;
  /** The target, e.g. "0" or "≤ 120 s (offline_after_ms)"; "—" when informational. */
  target: string;
  /** The measured figure, formatted, e.g. "0 of 12 000 presses". */
  measured: string;
  verdict: Verdict;
}

/** A table: a header row and data rows (cells already formatted). */
export interface Table {
  title: string;
  columns: string[];
  rows: string[][];
  /** A sentence under the table: how the figures were measured. */
  note?: string;
}

/** A plot: hand-written SVG, saved next to the report as `plots/<file>`. */
export interface Plot {
  /** File name, e.g. "latency-cdf.svg". */
  file: string;
  /** Alt text and caption. */
  caption: string;
  svg: string;
}

/** A promise the system broke, with what it takes to reproduce it. */
export interface Failure {
  what: string;
  /** Scenario name (or a description of the generated input). */
  scenario: string;
  seed: number;
  detail: string;
}

/** What a section returns. */
export interface SectionResult {
  id: SectionId;
  title: string;
  /** One paragraph: what was run and how it was measured. */
  method: string;
  summary: SummaryRow[];
  tables: Table[];
  plots: Plot[];
  notes: string[];
  /** Every seed the section used, so any figure can be reproduced. */
  seeds: number[];
  failures: Failure[];
  /** Raw figures for report.json (numbers, arrays, plain objects). */
  figures: Record<string, unknown>;
  /** Wall-clock seconds the section took, and the CPU seconds its process used. */
  wallS: number;
  cpuS: number;
  /** ISO time the section finished. */
  finishedAt: string;
  /** The commit the section ran on (with `+` when the tree had uncommitted changes). */
  commit?: string;
}

/** What a section is given. */
export interface SectionOptions {
  /** A smaller run for development (`--quick`); the report says so. */
  quick: boolean;
  /** Progress lines (stderr). */
  log: (line: string) => void;
}

/** A section's entry point. */
export type SectionRunner = (options: SectionOptions) => Promise<Omit<SectionResult, "wallS" | "cpuS" | "finishedAt" | "commit">>;
