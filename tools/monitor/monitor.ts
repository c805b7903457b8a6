/**
 * Watching a board's console (`bell monitor`): every event line becomes a line of the same
 * readable timeline `bell sim` prints (`tools/sim/timeline.ts`), or stays JSON with `--json`;
 * text that is not JSON (boot messages, a crash report) is passed through as it came.
 *
 * When the board goes away (unplugged, or its USB port re-enumerates on restart) the monitor
 * says so once, "waiting for the board…", and polls for the port with a bounded backoff
 * (`MONITOR_DEFAULTS`: 100 ms doubling to 2 s), reopening it when it is back; it runs until
 * stopped (Ctrl-C). Without `--port` it also accepts the board at another path, if it is the
 * only ESP32 board then (a USB port may come back as /dev/ttyUSB1).
 */
import { say } from "../lang.ts";
import { existsSync } from "node:fs";
import { Timeline } from "../sim/timeline.ts";
import { ScreenTextWatcher } from "../screen/text.ts";
import { language } from "../lang.ts";
import type { SimEvent } from "../sim/run.ts";
import { ConsolePort, type ConsoleLine, type ConsolePortFactory } from "./console-client.ts";

/** Defaults of `monitorConsole`. */
export const MONITOR_DEFAULTS = {
  /** First wait before looking for the port again, ms. */
  retryFirstMs: 100,
  /** Longest wait between looks, ms. */
  retryMaxMs: 2000,
} as const;

/** Options of `monitorConsole`. */
export interface MonitorOptions {
  /** The port found at the start. */
  path: string;
  /** Whether the user named it (`--port`); otherwise another path with the only board is accepted on reconnect. */
  named: boolean;
  baudRate?: number;
  /** JSON lines instead of the timeline. */
  json?: boolean;
  /** Device id → place name, for the timeline. */
  names?: ReadonlyMap<string, string>;
  /** Also show the receiver's screen as text lines at each change (issue 13; not with json). */
  screen?: boolean;
  /** Results (stdout). */
  out(text: string): void;
  /** Status for the person, and text in JSON mode (stderr). */
  note(text: string): void;
  /** Stops the monitor. */
  signal: AbortSignal;
  /** Whether a path exists (default `fs.existsSync`). */
  exists?: (path: string) => boolean;
  /** Looks for the only board when the port was not named (default: none). */
  findBoard?: () => Promise<string | undefined>;
  /** Makes the serial stream (tests). */
  createPort?: ConsolePortFactory;
  retryFirstMs?: number;
  retryMaxMs?: number;
}

/** How a monitoring session went. */
export interface MonitorSummary {
  /** Times the board came back after going away. */
  reconnects: number;
  /** Lines read. */
  lines: number;
}

/**
 * Monitors until `signal` aborts.
 * @throws JobError (E_CONSOLE_PORT_*) when the port cannot be opened at the start.
 */
export async function monitorConsole(o: MonitorOptions): Promise<MonitorSummary> {
  const exists = o.exists ?? existsSync;
  const firstMs = o.retryFirstMs ?? MONITOR_DEFAULTS.retryFirstMs;
  const maxMs = o.retryMaxMs ?? MONITOR_DEFAULTS.retryMaxMs;
  const timeline = new Timeline({ byId: o.names ?? new Map() }, Number.MAX_SAFE_INTEGER);
  const summary: MonitorSummary = { reconnects: 0, lines: 0 };
  const screen = o.screen && !o.json ? new ScreenTextWatcher(language()) : undefined;
  const print = (line: ConsoleLine) => {
    summary.lines++;
    if (line.kind === "text") {
      if (o.json) o.note(line.text + "\n");
      else o.out(line.text + "\n");
    } else if (line.kind === "event") {
      o.out((o.json ? JSON.stringify(line.event) : timeline.line(line.event as SimEvent)) + "\n");
      const shown = screen?.onEvent(line.event as SimEvent);
      if (shown !== undefined) o.out(shown.join("\n") + "\n");
    } else {
      o.out((o.json ? JSON.stringify(line.reply) : `reply ${JSON.stringify(line.reply)}`) + "\n");
    }
  };
  const aborted = new Promise<void>((resolve) => {
    if (o.signal.aborted) resolve();
    o.signal.addEventListener("abort", () => resolve(), { once: true });
  });
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        o.signal.removeEventListener("abort", done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      o.signal.addEventListener("abort", done, { once: true });
    });

  let path = o.path;
  let port: ConsolePort | undefined;
  let lost!: Promise<void>;
  const open = async (): Promise<ConsolePort> => {
    let markLost!: () => void;
    lost = new Promise<void>((resolve) => (markLost = resolve));
    return ConsolePort.open({ path, baudRate: o.baudRate, onLine: print, onLost: () => markLost(), createPort: o.createPort });
  };
  port = await open();
  o.note(`${say("monitor.watching", { path })}\n`);
  try {
    while (!o.signal.aborted) {
      await Promise.race([lost, aborted]);
      if (o.signal.aborted) break;
      port = undefined;
      o.note(`${say("monitor.lost", { path })}\n`);
      let waitMs = firstMs;
      while (!o.signal.aborted && port === undefined) {
        await sleep(waitMs);
        waitMs = Math.min(maxMs, waitMs * 2);
        if (o.signal.aborted) break;
        if (!exists(path) && !o.named && o.findBoard) {
          const other = await o.findBoard().catch(() => undefined);
          if (other !== undefined) path = other;
        }
        if (!exists(path)) continue;
        try {
          port = await open();
        } catch {
          port = undefined; // still appearing, or held for a moment (ModemManager): look again
        }
      }
      if (port !== undefined) {
        summary.reconnects++;
        o.note(`${say("monitor.back", { path })}\n`);
      }
    }
  } finally {
    await port?.close();
  }
  return summary;
}
