/**
 * `make bench` and `bell bench`: runs the benchmark sections and writes `bench/report.md`,
 * `bench/report.json` and `bench/plots/*.svg`.
 *
 *   node --import ./tools/loader/register.js bench/run.ts [--only latency,fuzz] [--quick] [--jobs N] [--out DIR]
 *
 * Each section runs in its own Node process (`--child ID --result FILE`), `--jobs` at a time
 * (default: the number of CPUs, at most 2), longest first, so a long soak overlaps the short
 * sections; a section that throws or dies is reported as such and the others still run. With
 * `--only`, sections not named keep their figures from the previous `report.json`.
 *
 * Exit status: 0 when every section finished and every checked promise was kept; 1 when a
 * promise was broken or a section failed (the report is written either way); 2 for bad usage
 * (`UsageError` E_BENCH_USAGE).
 */
import { spawn } from "node:child_process";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { UsageError } from "../tools/errors.ts";
import { LOADER_NODE_ARGS } from "../tools/loader/node-args.ts";
import { isResult, summaryRows, writeReport, type BenchReport, type SectionError } from "./report.ts";
import { SECTION_IDS, type SectionId, type SectionResult, type SectionRunner } from "./section.ts";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, "..");

/** Sections by expected cost (longest first), for scheduling. */
const COST_ORDER: readonly SectionId[] = ["field-supervision", "supervision", "delivery", "field-settings", "latency", "fuzz", "scale", "debounce", "field-contact", "field-store", "policy-receiver", "footprint", "air", "screen", "escalation", "test-time"];

/** Loads a section's module (only the one a child process runs). */
const LOADERS: Record<SectionId, () => Promise<{ run: SectionRunner }>> = {
  latency: () => import("./latency.ts"),
  delivery: () => import("./delivery.ts"),
  supervision: () => import("./supervision.ts"),
  scale: () => import("./scale.ts"),
  footprint: () => import("./footprint.ts"),
  fuzz: () => import("./fuzz.ts"),
  debounce: () => import("./debounce.ts"),
  "field-settings": () => import("./field-settings.ts"),
  "field-supervision": () => import("./field-supervision.ts"),
  "field-contact": () => import("./field-contact.ts"),
  "field-store": () => import("./field-store.ts"),
  "policy-receiver": () => import("./policy-receiver.ts"),
  air: () => import("./air.ts"),
  screen: () => import("./screen.ts"),
  escalation: () => import("./escalation.ts"),
  "test-time": () => import("./test-time.ts"),
};

interface Args {
  only: SectionId[];
  quick: boolean;
  jobs: number;
  out: string;
  child?: SectionId;
  result?: string;
  help?: boolean;
}

/** The stable id of a bad `bench` command line. */
export const E_BENCH_USAGE = "E_BENCH_USAGE";

/** The usage line. */
export const BENCH_USAGE = `usage: node --import ./tools/loader/register.js bench/run.ts [--only ${SECTION_IDS.join(",")}] [--quick] [--jobs N] [--out DIR]`;

function parseArgs(argv: string[]): Args {
  const a: Args = { only: [...SECTION_IDS], quick: false, jobs: Math.max(1, Math.min(2, os.cpus().length)), out: HERE };
  const section = (v: string | undefined, flag: string): SectionId => {
    if (!v || !(SECTION_IDS as readonly string[]).includes(v)) throw new UsageError(E_BENCH_USAGE, `${flag}: "${v ?? ""}" is not a section (sections: ${SECTION_IDS.join(", ")})`);
    return v as SectionId;
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(E_BENCH_USAGE, `${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case "--only":
        a.only = value()
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean)
          .map((s) => section(s, "--only"));
        break;
      case "--quick":
        a.quick = true;
        break;
      case "--jobs": {
        const v = Number(value());
        if (!Number.isInteger(v) || v < 1 || v > 16) throw new UsageError(E_BENCH_USAGE, `--jobs must be an integer 1…16, got ${argv[i]}`);
        a.jobs = v;
        break;
      }
      case "--out":
        a.out = path.resolve(value());
        break;
      case "--child":
        a.child = section(value(), "--child");
        break;
      case "--result":
        a.result = value();
        break;
      case "-h":
      case "--help":
        a.help = true;
        break;
      default:
        throw new UsageError(E_BENCH_USAGE, `unknown option ${flag} (try --help)`);
    }
  }
  return a;
}

/** Child mode: runs one section and writes its result as JSON. */
async function runChild(id: SectionId, resultFile: string, quick: boolean): Promise<void> {
  const log = (line: string) => process.stderr.write(`[${id}] ${line}\n`);
  const { run } = await LOADERS[id]();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const partial = await run({ quick, log });
  const cpu = process.cpuUsage(cpu0);
  const dirty = git(["status", "--porcelain", "--untracked-files=no"]) !== "";
  const result: SectionResult = {
    ...partial,
    wallS: (performance.now() - t0) / 1000,
    cpuS: (cpu.user + cpu.system) / 1e6,
    finishedAt: new Date().toISOString(),
    commit: `${git(["rev-parse", "--short=12", "HEAD"]) || "unknown"}${dirty ? "+" : ""}`,
  };
  writeFileSync(resultFile, JSON.stringify(result));
}

/** Runs one section in a child process; resolves with its result or its error. */
function spawnSection(id: SectionId, tmp: string, quick: boolean): Promise<SectionResult | SectionError> {
  const resultFile = path.join(tmp, `${id}.json`);
  // The project's loader by path (tools/loader/): the parent may run under `make bench`, `bell` or another loader.
  const args = [...LOADER_NODE_ARGS, fileURLToPath(import.meta.url), "--child", id, "--result", resultFile, ...(quick ? ["--quick"] : [])];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: REPO, stdio: ["ignore", "inherit", "pipe"] });
    let tail = "";
    child.stderr.on("data", (chunk: Buffer) => {
      process.stderr.write(chunk);
      tail = (tail + chunk.toString()).slice(-4000);
    });
    child.on("close", (code, signal) => {
      if (code === 0 && existsSync(resultFile)) {
        resolve(JSON.parse(readFileSync(resultFile, "utf8")) as SectionResult);
      } else {
        const lines = tail.split("\n").filter((l) => l.trim() !== "" && !l.startsWith(`[${id}] `));
        resolve({ id, error: `exit ${code ?? signal}: ${lines.slice(-12).join("\n") || "no output"}`, finishedAt: new Date().toISOString() });
      }
    });
  });
}

/** Runs `ids` with at most `jobs` processes at once, longest first. */
async function runAll(ids: SectionId[], jobs: number, quick: boolean): Promise<Map<SectionId, SectionResult | SectionError>> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), "bell-bench-"));
  const queue = COST_ORDER.filter((id) => ids.includes(id));
  const results = new Map<SectionId, SectionResult | SectionError>();
  const worker = async () => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      process.stderr.write(`[bench] ${id}: started\n`);
      const r = await spawnSection(id, tmp, quick);
      results.set(id, r);
      process.stderr.write(`[bench] ${id}: ${isResult(r) ? `done in ${r.wallS.toFixed(1)} s` : "FAILED"}\n`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, queue.length) }, worker));
  rmSync(tmp, { recursive: true, force: true });
  return results;
}

/** The previous report (its sections' plots read back from disk), or undefined. */
function previousReport(dir: string): BenchReport | undefined {
  const file = path.join(dir, "report.json");
  if (!existsSync(file)) return undefined;
  try {
    const old = JSON.parse(readFileSync(file, "utf8")) as BenchReport;
    for (const s of Object.values(old.sections)) {
      if (!isResult(s)) continue;
      for (const p of s.plots) {
        const f = path.join(dir, "plots", p.file);
        p.svg = existsSync(f) ? readFileSync(f, "utf8") : "";
      }
      s.plots = s.plots.filter((p) => p.svg !== "");
    }
    return old;
  } catch {
    return undefined;
  }
}

/** CPU seconds of the sections a run ran. */
function cpuOf(sections: BenchReport["sections"], ids: readonly SectionId[]): number {
  return ids.reduce((sum, id) => {
    const s = sections[id];
    return sum + (isResult(s) ? s.cpuS : 0);
  }, 0);
}

function git(args: string[]): string {
  try {
    return execFileSync("git", args, { cwd: REPO, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return "";
  }
}

/**
 * Runs the benchmark as its command line `argv` says (without `node` and the script) and
 * returns the exit status (see the file comment).
 * @throws UsageError E_BENCH_USAGE for a bad command line.
 */
export async function runBench(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (args.help) {
    process.stdout.write(`${BENCH_USAGE}\n`);
    return 0;
  }
  if (args.child) {
    if (!args.result) throw new UsageError(E_BENCH_USAGE, "--child needs --result FILE");
    await runChild(args.child, args.result, args.quick);
    return 0;
  }

  const loadStart = os.loadavg()[0]!;
  const t0 = performance.now();
  process.stderr.write(`[bench] sections: ${args.only.join(", ")}; ${args.jobs} at a time${args.quick ? "; quick mode" : ""}\n`);
  const results = await runAll(args.only, args.jobs, args.quick);
  const previous = previousReport(args.out);
  const sections = { ...previous?.sections };
  for (const [id, r] of results) sections[id] = r;
  const cpus = os.cpus();
  const report: BenchReport = {
    meta: {
      finishedAt: new Date().toISOString(),
      commit: git(["rev-parse", "HEAD"]) || "unknown",
      dirty: git(["status", "--porcelain", "--untracked-files=no"]) !== "",
      node: process.version,
      cpus: cpus.length,
      cpuModel: cpus[0]?.model.replace(/\s+/g, " ").trim() ?? "unknown CPU",
      loadStart,
      loadEnd: os.loadavg()[0]!,
      wallS: (performance.now() - t0) / 1000,
      jobs: args.jobs,
      quick: args.quick,
      ran: args.only,
    },
    sections,
  };
  if (args.only.length < SECTION_IDS.length && previous) {
    const pm = previous.meta;
    report.meta.lastFullRun =
      pm.ran.length === SECTION_IDS.length
        ? { finishedAt: pm.finishedAt, wallS: pm.wallS, cpuS: cpuOf(previous.sections, pm.ran), loadStart: pm.loadStart, loadEnd: pm.loadEnd }
        : pm.lastFullRun;
  }
  writeReport(report, args.out);
  const rows = summaryRows(report);
  const broken = rows.filter((r) => r.verdict === "fail");
  process.stdout.write(`bench: report written to ${path.relative(process.cwd(), path.join(args.out, "report.md")) || "report.md"} in ${report.meta.wallS.toFixed(0)} s\n`);
  for (const r of rows) process.stdout.write(`  ${r.verdict === "fail" ? "BROKEN" : r.verdict === "pass" ? "kept  " : r.verdict === "unmeasured" ? "not measured" : "info  "}  ${r.section}: ${r.what}: ${r.measured}\n`);
  for (const id of args.only) {
    const s = results.get(id);
    if (isResult(s)) process.stdout.write(`  seeds  ${s.title}: ${s.seeds.length ? s.seeds.join(", ") : "none (deterministic)"}\n`);
  }
  if (broken.length) process.stdout.write(`bench: ${broken.length} promise(s) broken; see the report's "Broken promises"\n`);
  return broken.length ? 1 : 0;
}

// Run when started as a script (make bench, the child processes), not when imported (bell bench).
if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  runBench(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`bench: ${err instanceof Error ? (err instanceof UsageError ? err.message : (err.stack ?? err.message)) : String(err)}\n`);
      process.exitCode = err instanceof UsageError ? 2 : 1;
    },
  );
}
