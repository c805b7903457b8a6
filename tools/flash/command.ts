/**
 * `bell flash [--port P] [--baud N] [--build DIR | OFFSET=FILE...] [--no-reset-hold] [--verbose]`:
 * write firmware to an ESP32 board over USB (docs/flashing.md).
 *
 * Order: the image set is read and checked first (a bad build is reported before any board is
 * touched), then the port is found, then the board is flashed. Exit status 0 ok, 1 the job failed
 * (busy port, no answer, unplugged, MD5 mismatch…), 2 bad usage or input (no board found, several
 * boards, bad files).
 */
import type { Command } from "commander";
import { UsageError } from "../errors.ts";
import { say } from "../lang.ts";
import { FLASH_ERROR_IDS, withId } from "./errors.ts";
import { FLASH_DEFAULTS, flashImageSet } from "./flash.ts";
import { readBuildImageSet, readPairsImageSet, type ImageSet } from "./image.ts";
import { findPort } from "./ports.ts";
import { FlashProgressView } from "./progress.ts";

/** Parsed `bell flash` options. */
interface FlashCommandOptions {
  port?: string;
  baud: string;
  build?: string;
  resetHold: boolean;
  verbose?: boolean;
}

/** Bounds of --baud, bits/s: the slowest sensible UART speed to the fastest esptool uses. */
const BAUD_RANGE = { min: 9600, max: 4_000_000 } as const;

function usage(message: string): UsageError {
  return new UsageError(FLASH_ERROR_IDS.usage, withId(FLASH_ERROR_IDS.usage, message));
}

function parseBaud(text: string): number {
  const n = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(n) || n < BAUD_RANGE.min || n > BAUD_RANGE.max) {
    throw usage(say("flash.usage.baud", { min: BAUD_RANGE.min, max: BAUD_RANGE.max, text }));
  }
  return n;
}

/** The user's arguments other than --port, to print ready-to-copy example commands. */
function restOfCommand(pairs: readonly string[], o: FlashCommandOptions, baud: number): string {
  return [
    ...(o.build !== undefined ? ["--build", o.build] : pairs),
    ...(baud !== FLASH_DEFAULTS.baudRate ? ["--baud", String(baud)] : []),
    ...(o.resetHold ? [] : ["--no-reset-hold"]),
  ].join(" ");
}

function readImages(pairs: readonly string[], o: FlashCommandOptions): ImageSet {
  if (o.build !== undefined && pairs.length > 0) {
    throw usage(say("flash.usage.both"));
  }
  if (o.build !== undefined) return readBuildImageSet(o.build);
  if (pairs.length > 0) return readPairsImageSet(pairs);
  throw usage(say("flash.usage.nothing"));
}

/** Adds `bell flash` to the program. */
export function register(program: Command): void {
  program
    .command("flash")
    .description("write firmware to an ESP32 board over USB, verify it, and restart the board")
    .argument("[OFFSET=FILE...]", "files to write and where, e.g. 0x10000=app.bin (instead of --build)")
    .option("--port <path>", "serial port of the board, e.g. /dev/ttyUSB0 (default: the one ESP32 board plugged in)")
    .option("--baud <n>", "speed for writing, bits/s", String(FLASH_DEFAULTS.baudRate))
    .option("--build <dir>", "ESP-IDF build directory holding flasher_args.json")
    .option("--no-reset-hold", "do not reset the board into download mode by DTR/RTS (put it there by hand)")
    .option("--verbose", "also print the loader's own log")
    .action(async (pairs: string[], o: FlashCommandOptions) => {
      const baudRate = parseBaud(o.baud);
      const images = readImages(pairs, o);
      const port = await findPort({
        ...(o.port === undefined ? {} : { requested: o.port }),
        restOfCommand: restOfCommand(pairs, o, baudRate),
      });
      const view = new FlashProgressView({ out: process.stdout, verbose: o.verbose === true });
      view.start(port, images);
      try {
        const report = await flashImageSet({
          port,
          images,
          baudRate,
          resetHold: o.resetHold,
          report: (event) => view.handle(event),
        });
        view.done(report);
      } catch (err) {
        view.abort();
        throw err;
      }
    });
}
