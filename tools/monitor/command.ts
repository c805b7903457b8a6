/**
 * `bell monitor [--port P] [--json] [--baud N] [--registry FILE] [--screen]`: shows what a board reports on
 * its USB console, as the readable timeline of `bell sim` (place names from the post's registry
 * when one is found), or as JSON Lines with `--json` (other text then goes to stderr). Waits for
 * the board when it is unplugged and goes on when it is back; with no board at the start (or a
 * `--port` that does not exist yet) it says why once and waits for one (issue 16: it used to exit
 * at once). Runs until Ctrl-C (exit 0). Exit 2 when several boards are plugged in or ports cannot
 * be listed; 1 when the port cannot be opened.
 */
import { Command, InvalidArgumentError } from "commander";
import { UsageError } from "../errors.ts";
import { say } from "../lang.ts";
import { FLASH_ERROR_IDS } from "../flash/errors.ts";
import { findPort } from "../flash/ports.ts";
import { resolveRegistry } from "../provision/command.ts";
import { loadRegistry } from "../provision/registry.ts";
import { CONSOLE_CLIENT_DEFAULTS } from "./console-client.ts";
import { MONITOR_DEFAULTS, monitorConsole } from "./monitor.ts";
import { errorText } from "../../firmware/core/error-text.ts";

function baudOption(value: string): number {
  const n = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(n) || n < 9600 || n > 4_000_000) throw new InvalidArgumentError(say("console.option.baud"));
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
    const first = errorText(err).split("\n")[0];
    process.stderr.write(`note: place names are not shown, the registry here is refused: ${first}\n`);
    return new Map();
  }
}

/** What `findPort` refuses that plugging a board in cures: the monitor waits through these. */
const WAITABLE: readonly string[] = [FLASH_ERROR_IDS.noBoard, FLASH_ERROR_IDS.portMissing];

/**
 * The board to watch: found now, or waited for. The first refusal is said once, with
 * "Waiting for the board…"; then the ports are looked at again with the monitor's backoff.
 * @returns its path, or undefined when `signal` aborts the wait.
 * @throws what `findPort` throws that a board coming cannot cure (several boards, no udev).
 */
async function firstBoard(requested: string | undefined, signal: AbortSignal, note: (text: string) => void): Promise<string | undefined> {
  let waitMs: number = MONITOR_DEFAULTS.retryFirstMs;
  let said = false;
  while (!signal.aborted) {
    try {
      return (await findPort({ requested, command: "bell monitor" })).path;
    } catch (err) {
      if (!(err instanceof UsageError) || !WAITABLE.includes(err.id)) throw err;
      if (!said) note(`${err.message}\n${say("monitor.waiting")}\n`);
      said = true;
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, waitMs);
      function done() {
        clearTimeout(timer);
        signal.removeEventListener("abort", done);
        resolve();
      }
      signal.addEventListener("abort", done);
    });
    waitMs = Math.min(MONITOR_DEFAULTS.retryMaxMs, waitMs * 2);
  }
  return undefined;
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
    .option("--screen", "also show the receiver's screen as text lines at each change")
    .action(async (o: { port?: string; json?: boolean; baud: number; registry?: string; screen?: boolean }) => {
      const names = placeNames(o.registry);
      const controller = new AbortController();
      const stop = () => controller.abort();
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
      try {
        const path = await firstBoard(o.port, controller.signal, (text) => void process.stderr.write(text));
        if (path === undefined) return; // Ctrl-C while waiting
        await monitorConsole({
          path,
          named: o.port !== undefined,
          baudRate: o.baud,
          json: o.json,
          screen: o.screen,
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
