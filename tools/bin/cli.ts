/**
 * The `bell` command (ARCHITECTURE §5). Each area registers its own subcommands from its own
 * folder; this file only lists them, so that loading `bell trace` does not load serialport.
 * It sits in `tools/bin/`, above every area it loads (`bench/` included), so no folder below
 * imports it (ARCHITECTURE §2).
 *
 * Exit status: 0 success, 1 failure of the job, 2 bad usage or bad input.
 */
import { Command, CommanderError } from "commander";
import { UsageError, exitCodeOf } from "../errors.ts";
import { setLanguage } from "../lang.ts";
import { packageVersion } from "../version.ts";
import { errorText } from "../../firmware/core/error-text.ts";

/** Stable id of a command line commander itself refuses (unknown option, bad argument). */
export const E_USAGE = "E_USAGE";

/** A subcommand area: `register` adds its commands to the program. */
interface Area {
  /** Top-level command names this area provides (used to load only the area asked for). */
  names: readonly string[];
  load: () => Promise<{ register(program: Command): void }>;
}

const AREAS: readonly Area[] = [
  { names: ["flash"], load: () => import("../flash/command.ts") },
  { names: ["sim"], load: () => import("../sim/command.ts") },
  { names: ["bridge"], load: () => import("../mqtt/command.ts") },
  { names: ["trace"], load: () => import("../trace/command.ts") },
  { names: ["bench"], load: () => import("../../bench/command.ts") },
  { names: ["provision"], load: () => import("../provision/command.ts") },
  { names: ["monitor"], load: () => import("../monitor/command.ts") },
  { names: ["modem"], load: () => import("../sim/modem-command.ts") },
];

/**
 * Runs the command line `argv` (without `node` and the script) and returns the exit status.
 * Writes results to stdout and errors to stderr; never throws.
 */
export async function main(argv: string[]): Promise<number> {
  const program = new Command("bell")
    .description("warning-bell: simulate, replay, flash and monitor the panic-alarm system")
    .version(`bell ${packageVersion()}`, "-V, --version", "print the version of warning-bell and exit")
    .option("--lang <vi|en>", "language of the words for people: vi (Tiếng Việt) or en; default from BELL_LANG or the locale (LANG)")
    .exitOverride()
    .showHelpAfterError(false)
    // commander's own usage errors ("unknown option") read like ours: "bell: … (E_USAGE)".
    .configureOutput({
      outputError: (text, write) => write(`bell: ${text.replace(/^error: /, "").trim().replace(/\s*\n\s*/g, " ")} (${E_USAGE})\n`),
    });
  const langAt = argv.findIndex((a) => a === "--lang" || a.startsWith("--lang="));
  if (langAt >= 0) {
    const value = argv[langAt].includes("=") ? argv[langAt].slice("--lang=".length) : argv[langAt + 1];
    try {
      setLanguage(value ?? "");
    } catch (err) {
      process.stderr.write(`bell: ${(err as Error).message} (${E_USAGE})\n`);
      return 2;
    }
    // `--lang` may stand anywhere; commander sees the command line without it.
    argv = [...argv.slice(0, langAt), ...argv.slice(langAt + (argv[langAt].includes("=") ? 1 : 2))];
  }
  const wanted = argv.find((a) => !a.startsWith("-"));
  const areas = AREAS.filter((a) => wanted === undefined || a.names.includes(wanted));
  for (const area of areas.length ? areas : AREAS) (await area.load()).register(program);
  try {
    await program.parseAsync(argv, { from: "user" });
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.exitCode === 0) return 0; // --help, --version
      return 2;
    }
    const code = exitCodeOf(err);
    const message = errorText(err);
    const id = (err as { id?: unknown }).id;
    // Every deliberate error carries a stable id (docs/errors.md); show it once.
    const tag = typeof id === "string" && !message.includes(id) ? ` (${id})` : "";
    process.stderr.write(`bell: ${message}${tag}\n`);
    if (code === 1 && err instanceof Error && err.stack && process.env.BELL_DEBUG) process.stderr.write(err.stack + "\n");
    return code;
  }
}

export { UsageError };
