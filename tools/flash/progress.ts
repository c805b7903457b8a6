/**
 * What the user sees while `bell flash` runs: one line per step, and on a terminal a progress
 * bar (cli-progress) for long writes. Output that is not a terminal (a log, CI, a test) gets the
 * same lines without the bar, so it stays readable and stable.
 */
import cliProgress from "cli-progress";
import type { FlashEvent, FlashReport } from "./flash.ts";
import { formatSize } from "./errors.ts";
import { hex } from "./image.ts";
import type { ImageSet } from "./image.ts";
import type { ChosenPort } from "./ports.ts";

/** Options of {@link FlashProgressView}. */
export interface FlashProgressViewOptions {
  /** Where to write (stdout). A bar is drawn only when `isTTY` is true. */
  out: NodeJS.WritableStream & { isTTY?: boolean };
  /** Also print esptool-js's own log lines, prefixed `  | `; default false. */
  verbose?: boolean;
  /** Regions at least this big (bytes) get a progress bar on a terminal; default 65536. */
  barMinBytes?: number;
}

/** Defaults of {@link FlashProgressView}. */
export const PROGRESS_DEFAULTS = {
  verbose: false,
  barMinBytes: 64 * 1024,
} as const;

/** `1,048,576 bytes`: exact sizes for the files being written. */
function bytes(n: number): string {
  return `${n.toLocaleString("en-US")} bytes`;
}

/** `4MB`, as ESP-IDF and esptool write flash sizes. */
function flashSizeText(n: number): string {
  return formatSize(n).replace(" ", "");
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** Turns flash events into terminal output. */
export class FlashProgressView {
  private readonly out: NodeJS.WritableStream & { isTTY?: boolean };
  private readonly verbose: boolean;
  private readonly barMinBytes: number;
  private bar: cliProgress.SingleBar | undefined;

  /** @throws RangeError when barMinBytes is negative or not an integer. */
  constructor(options: FlashProgressViewOptions) {
    this.out = options.out;
    this.verbose = options.verbose ?? PROGRESS_DEFAULTS.verbose;
    this.barMinBytes = options.barMinBytes ?? PROGRESS_DEFAULTS.barMinBytes;
    if (!Number.isInteger(this.barMinBytes) || this.barMinBytes < 0) {
      throw new RangeError(`barMinBytes must be an integer >= 0, got ${this.barMinBytes}`);
    }
  }

  private line(text: string): void {
    this.stopBar();
    this.out.write(`${text}\n`);
  }

  private stopBar(): void {
    if (!this.bar) return;
    this.bar.stop();
    this.bar = undefined;
  }

  /** Prints what is about to be flashed, and where. */
  start(port: ChosenPort, images: ImageSet): void {
    const total = images.regions.reduce((n, r) => n + r.data.length, 0);
    const settings = [
      images.chip && `chip ${images.chip}`,
      (images.flashMode || images.flashFreq || images.flashSizeBytes) &&
        `flash ${[images.flashMode, images.flashFreq, images.flashSizeBytes && flashSizeText(images.flashSizeBytes)]
          .filter(Boolean)
          .join(" ")}`,
    ].filter(Boolean);
    this.line(`Port:  ${port.path} (${port.description})`);
    this.line(
      `Image: ${images.source}: ${images.regions.length} file${images.regions.length === 1 ? "" : "s"}, ` +
        `${bytes(total)}${settings.length ? ` (${settings.join(", ")})` : ""}`,
    );
  }

  /** Handles one event from the flash job. */
  handle(event: FlashEvent): void {
    switch (event.kind) {
      case "note":
        this.line(event.text);
        break;
      case "loader-log":
        if (this.verbose) this.line(`  | ${event.text}`);
        break;
      case "connected":
        this.line(
          `Connected: ${event.chip}, MAC ${event.mac}` +
            `${event.flashSize ? `, ${event.flashSize} flash` : ""}, ${event.baudRate} baud`,
        );
        break;
      case "region-start": {
        const { region } = event;
        const again = event.attempt > 1 ? " (again)" : "";
        this.line(`Writing ${region.name} at ${hex(region.offsetBytes)} (${bytes(region.data.length)})${again}...`);
        break;
      }
      case "region-progress":
        if (!this.out.isTTY || event.region.data.length < this.barMinBytes) break;
        if (!this.bar) {
          this.bar = new cliProgress.SingleBar(
            {
              stream: this.out,
              format: "  {bar} {percentage}% | {value}/{total} bytes sent (compressed)",
              hideCursor: true,
              clearOnComplete: true,
            },
            cliProgress.Presets.shades_classic,
          );
          this.bar.start(event.totalBytes, event.sentBytes);
        } else {
          this.bar.update(event.sentBytes);
        }
        break;
      case "region-done":
        this.stopBar();
        this.line(`  verified (MD5 ${event.md5}) in ${seconds(event.elapsedMs)}`);
        break;
    }
  }

  /** Prints the closing line of a successful job. */
  done(report: FlashReport): void {
    const n = report.regions.length;
    this.line(
      `Done: ${n} file${n === 1 ? "" : "s"} written and verified in ${seconds(report.elapsedMs)}. ` +
        (report.resetDone
          ? "The board is restarting with the new firmware."
          : "Press EN (RST) on the board to start the new firmware."),
    );
  }

  /** Removes a bar left on screen (call on failure, before the error is printed). */
  abort(): void {
    this.stopBar();
  }
}
