/**
 * `bell bench [--sections LIST] [--quick] [--jobs N] [--out DIR]` (ARCHITECTURE §5): the same
 * run as `make bench` (`bench/run.ts`), from the `bell` command. Exit 0 when every promise was
 * kept, 1 when one was broken or a section failed (the report is written either way), 2 for bad
 * usage.
 */
import { Command } from "commander";
import { runBench } from "./run.ts";
import { SECTION_IDS } from "./section.ts";

/** Adds `bench` to the `bell` program. */
export function register(program: Command): void {
  program
    .command("bench")
    .description("measure what the system promises and write bench/report.md (see bench/README.md)")
    .option("--sections <list>", `comma-separated sections to run (${SECTION_IDS.join(", ")}); the others keep their last figures`)
    .option("--quick", "reduced counts, for trying things (the report says so)")
    .option("--jobs <n>", "sections run at once (default: CPUs, at most 2)")
    .option("--out <dir>", "where to write report.md, report.json and plots/ (default: bench/)")
    .action(async (opts: { sections?: string; quick?: boolean; jobs?: string; out?: string }) => {
      const argv: string[] = [];
      if (opts.sections) argv.push("--only", opts.sections);
      if (opts.quick) argv.push("--quick");
      if (opts.jobs) argv.push("--jobs", opts.jobs);
      if (opts.out) argv.push("--out", opts.out);
      process.exitCode = await runBench(argv);
    });
}
