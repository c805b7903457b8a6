/**
 * `bell monitor [--port P] [--json] [--baud N] [--registry FILE]`: shows what a board reports on
 * its USB console, as the readable timeline of `bell sim` (place names from the post's registry
 * when one is found), or as JSON Lines with `--json` (other text then goes to stderr). Waits for
 * the board when it is unplugged and goes on when it is back. Runs until Ctrl-C (exit 0).
 * Exit 2 when no board is found or `--port` does not exist; 1 when the port cannot be opened.
 */
import { Command, InvalidArgumentError } from "commander";
import { findPort } from "../flash/ports.ts";
import { resolveRegistry } from "../provision/command.ts";
import { loadRegistry } from "../provision/registry.ts";
import { CONSOLE_CLIENT_DEFAULTS } from "./console-client.ts";
import { monitorConsole } from "./monitor.ts";

function baudOption(value: string): number {
  const n = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(n) || n < 9600 || n > 4_000_000) throw new InvalidArgumentError("must be a speed in bits/s, 9600…4000000");
  return n;
}

/**
 * Place names from the registry, if there is one. Without `--registry`, a missing registry only
 * costs the names, and a bad one a note on stderr; a bad `--registry` is an error.
 */
function placeNames(option: string | undefined): Map<string, string> {
  let file: string;
  try {
    file = resolveRegistry(option);
  } catch (err) {
    if (option !== undefined) throw err;
    return new Map();
  }
  try {
    const r = loadRegistry(file, (text) => void process.stderr.write(text));
    return new Map(r.devices.map((d) => [d.id, d.name]));
  } catch (err) {
    if (option !== undefined) throw err;
    const first = (err instanceof Error ? err.message : String(err)).split("\n")[0];
    process.stderr.write(`note: place names are not shown, the registry here is refused: ${first}\n`);
    return new Map();
  }
}

/** Adds `monitor` to the `bell` program. */
export function register(program: Command): void {
  program
    .command("monitor")
    .description("show what a board reports on its USB console, as a readable timeline; waits for it when unplugged")
    .option("--port <path>", "serial port of the board (default: the one ESP32 board plugged in)")
    .option("--json", "print the event lines as JSON Lines (other text goes to stderr)")
    .option("--baud <n>", "console speed, bits/s", baudOption, CONSOLE_CLIENT_DEFAULTS.baudRate)
    .option("--registry <file>", "the post's registry, for place names (default: the *.bell.json here, if any)")
    .action(async (o: { port?: string; json?: boolean; baud: number; registry?: string }) => {
      const names = placeNames(o.registry);
      const chosen = await findPort({ requested: o.port, command: "bell monitor" });
      const controller = new AbortController();
      const stop = () => controller.abort();
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
      try {
        await monitorConsole({
          path: chosen.path,
          named: o.port !== undefined,
          baudRate: o.baud,
          json: o.json,
          names,
          out: (text) => void process.stdout.write(text),
          note: (text) => void process.stderr.write(text),
          signal: controller.signal,
          findBoard: async () => (await findPort({ command: "bell monitor" })).path,
        });
      } finally {
        process.off("SIGINT", stop);
        process.off("SIGTERM", stop);
      }
    });
}
