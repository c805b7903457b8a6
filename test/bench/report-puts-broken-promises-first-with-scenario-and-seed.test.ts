/**
 * Claim: the report's summary counts the promises checked and says plainly when one is broken,
 * lists each broken promise with its scenario and seed, shows a section that did not finish as
 * a failure, and never counts informational rows as promises.
 */
import test from "ava";
import { renderMarkdown, summaryRows, type BenchReport } from "../../bench/report.ts";
import type { SectionResult } from "../../bench/section.ts";

const meta: BenchReport["meta"] = {
  finishedAt: "2026-01-02T03:04:05.000Z",
  commit: "0123456789abcdef",
  dirty: false,
  node: "v20.0.0",
  cpus: 2,
  cpuModel: "test CPU",
  loadStart: 0.5,
  loadEnd: 0.7,
  wallS: 100,
  jobs: 2,
  quick: false,
  ran: ["delivery", "fuzz"],
};

function section(over: Partial<SectionResult>): SectionResult {
  return {
    id: "delivery",
    title: "Delivery",
    method: "method text",
    summary: [],
    tables: [],
    plots: [],
    notes: [],
    seeds: [1],
    failures: [],
    figures: {},
    wallS: 1,
    cpuS: 1,
    finishedAt: meta.finishedAt,
    ...over,
  };
}

test("all kept: the summary says so and has no broken-promises part", (t) => {
  const report: BenchReport = {
    meta,
    sections: {
      delivery: section({ summary: [{ what: "Alarms lost", target: "0", measured: "0 of 10", verdict: "pass" }, { what: "speed", target: "—", measured: "fast", verdict: "info" }] }),
    },
  };
  const md = renderMarkdown(report);
  t.true(md.includes("**All 1 promise checked was kept.**"));
  t.false(md.includes("## Broken promises"));
  t.true(md.includes("| Delivery | Alarms lost | 0 | 0 of 10 | ✅ kept |"));
});

test("a broken promise is counted, marked and listed with its scenario and seed", (t) => {
  const report: BenchReport = {
    meta,
    sections: {
      delivery: section({
        summary: [
          { what: "Alarms lost", target: "0", measured: "2 of 10", verdict: "fail" },
          { what: "Incidents per press", target: "exactly 1", measured: "10 of 10", verdict: "pass" },
        ],
        failures: [{ what: "2 alarms lost", scenario: "bench loss-30: 30 % loss", seed: 2002, detail: "pressed, never opened" }],
      }),
    },
  };
  const md = renderMarkdown(report);
  t.true(md.includes("**1 of 2 promises checked were broken**"));
  t.true(md.includes("❌ **BROKEN**"));
  t.true(md.includes("## Broken promises"));
  t.true(md.includes("| Delivery | 2 alarms lost | bench loss-30: 30 % loss | 2002 | pressed, never opened |"));
  t.true(md.indexOf("## Broken promises") < md.indexOf("## 1."), "broken promises come before the sections");
});

test("a section that did not finish shows as a failure with its error", (t) => {
  const report: BenchReport = { meta, sections: { fuzz: { id: "fuzz", error: "exit 1: TypeError: boom", finishedAt: meta.finishedAt } } };
  const rows = summaryRows(report);
  t.deepEqual(rows.map((r) => [r.section, r.verdict]), [["Fuzz and forgery", "fail"]]);
  const md = renderMarkdown(report);
  t.true(md.includes("**The section did not finish**"));
  t.true(md.includes("TypeError: boom"));
  t.true(md.includes("_Not run yet._"), "sections never run are named, not hidden");
});

test("table cells escape pipes so a figure cannot break the table", (t) => {
  const report: BenchReport = { meta, sections: { delivery: section({ summary: [{ what: "a | b", target: "0", measured: "1", verdict: "info" }] }) } };
  t.true(renderMarkdown(report).includes("| Delivery | a \\| b | 0 | 1 | ℹ️ info |"));
});

test("a target not measured is marked ❔, counted apart, and neither kept nor broken", (t) => {
  const report: BenchReport = {
    meta,
    sections: {
      delivery: section({
        summary: [
          { what: "Alarms lost", target: "0", measured: "0 of 10", verdict: "pass" },
          { what: "make test", target: "≤ 6 min", measured: "7 min — not measured: cold", verdict: "unmeasured" },
        ],
      }),
    },
  };
  const md = renderMarkdown(report);
  t.true(md.includes("**All 1 promise checked was kept.** 1 target was not measured (❔: the row says why)."));
  t.true(md.includes("| Delivery | make test | ≤ 6 min | 7 min — not measured: cold | ❔ not measured |"));
  t.false(md.includes("## Broken promises"));
});
