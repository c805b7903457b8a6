/**
 * `bell bridge --broker URL --post ID [--input FILE|-] [--serial PATH [--baud N]] [--queue DIR]
 * [--ha-prefix homeassistant] [--no-discovery] [--root warning-bell]`: publish a receiver's
 * event stream to an MQTT broker (docs/mqtt.md).
 *
 * Input: JSON lines (ARCHITECTURE §3) from stdin (`-`, the default), a file, or the receiver's
 * USB console (`--serial`). Lines that do not start with `{` are console noise (boot messages)
 * and skipped; a `{` line that is not a valid event is reported with its place
 * (`FILE:LINE: E_BRIDGE_EVENT …`) and skipped, and the run ends with exit 2 after delivering
 * everything else. At the end of the input the bridge waits up to `--drain-timeout-ms` for the
 * broker to take everything; what it could not deliver stays queued on disk for the next run
 * (exit 1). SIGINT / SIGTERM stop it cleanly (exit 0; the queue keeps what is pending).
 *
 * stdout: `delivered <id>` for each incident message the broker acknowledged, then a summary.
 * Password: from the environment variable `BELL_MQTT_PASSWORD`, never from the command line.
 */
import { language } from "../lang.ts";
import { packageVersion } from "../version.ts";
import { systemErrorWords } from "../system-error.ts";
import type { Command } from "commander";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { JobError, UsageError } from "../errors.ts";
import { Bridge, BRIDGE_DEFAULTS } from "./bridge.ts";
import { QueueCorruptError, QueueLockedError } from "./queue.ts";
import { brokerFailedWords } from "./session.ts";

/** Stable ids of the bridge's errors (docs/mqtt.md § Errors). */
export const BRIDGE_ERROR_IDS = {
  /** Exit 2: a bad option (broker URL, post id, numbers). */
  usage: "E_BRIDGE_USAGE",
  /** Exit 2: the input file cannot be read, or the serial port cannot be opened. */
  input: "E_BRIDGE_INPUT",
  /** Exit 2: some input lines were not valid events (each was reported with file and line). */
  event: "E_BRIDGE_EVENT",
  /** Exit 2: another bridge process uses the queue directory. */
  queueLocked: "E_BRIDGE_QUEUE_LOCKED",
  /** Exit 1: the queue directory is damaged (file and line named). */
  queueCorrupt: "E_BRIDGE_QUEUE_CORRUPT",
  /** Exit 1: the input ended but the broker did not take everything in time (kept on disk). */
  undelivered: "E_BRIDGE_UNDELIVERED",
} as const;

interface BridgeCommandOptions {
  broker: string;
  post: string;
  input: string;
  serial?: string;
  baud: string;
  queue?: string;
  haPrefix: string;
  discovery: boolean;
  root: string;
  drainTimeoutMs: string;
  ackTimeoutMs: string;
  keepaliveS: string;
  reconnectMinMs: string;
  reconnectMaxMs: string;
  clientId?: string;
  username?: string;
}

function integer(flag: string, text: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const n = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(BRIDGE_ERROR_IDS.usage, `${flag} must be a whole number ${min}…${max}, got "${text}"`);
  return n;
}

/** The default queue directory: `$XDG_STATE_HOME/warning-bell/bridge/<post>` (~/.local/state). */
export function defaultQueueDir(post: string): string {
  const state = process.env.XDG_STATE_HOME || path.join(os.homedir(), ".local", "state");
  return path.join(state, "warning-bell", "bridge", encodeURIComponent(post));
}

/** A source of lines and its name for messages; `close()` stops it early. */
interface LineSource {
  name: string;
  lines: AsyncIterable<string>;
  close(): void;
}

async function openInput(o: BridgeCommandOptions): Promise<LineSource> {
  if (o.serial !== undefined) {
    const baudRate = integer("--baud", o.baud, 300, 4_000_000);
    const { SerialPort } = await import("serialport");
    const port = new SerialPort({ path: o.serial, baudRate, autoOpen: false });
    await new Promise<void>((resolve, reject) =>
      port.open((err) => (err ? reject(new UsageError(BRIDGE_ERROR_IDS.input, `${o.serial}: cannot open the serial port (${err.message})`)) : resolve())),
    );
    // readline splits on \n and drops a \r before it (the ESP32 console ends lines with \r\n).
    const rl = readline.createInterface({ input: port, crlfDelay: Infinity });
    port.on("close", () => rl.close()); // unplugged: the end of the input
    port.on("error", () => rl.close());
    return { name: o.serial, lines: rl, close: () => (port.isOpen ? port.close() : rl.close()) };
  }
  if (o.input === "-") {
    const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
    return { name: "stdin", lines: rl, close: () => rl.close() };
  }
  try {
    fs.accessSync(o.input, fs.constants.R_OK);
  } catch (err) {
    throw new UsageError(BRIDGE_ERROR_IDS.input, `${o.input}: cannot read the input: ${systemErrorWords(err)}`);
  }
  const stream = fs.createReadStream(o.input);
  const rl = readline.createInterface({ input: stream, crlfDelay: Infinity });
  return { name: o.input, lines: rl, close: () => rl.close() };
}

function openBridge(o: BridgeCommandOptions, out: (line: string) => void, err: (line: string) => void): Bridge {
  try {
    return new Bridge({
      brokerUrl: o.broker,
      post: o.post,
      queueDir: o.queue ?? defaultQueueDir(o.post),
      root: o.root,
      haPrefix: o.haPrefix,
      discovery: o.discovery,
      clientId: o.clientId,
      ackTimeoutMs: integer("--ack-timeout-ms", o.ackTimeoutMs, 1),
      keepaliveS: integer("--keepalive-s", o.keepaliveS, 1, 65_535),
      reconnectMinMs: integer("--reconnect-min-ms", o.reconnectMinMs, 1),
      reconnectMaxMs: integer("--reconnect-max-ms", o.reconnectMaxMs, 1),
      username: o.username,
      password: process.env.BELL_MQTT_PASSWORD,
      onDelivered: (entry) => out(`delivered ${entry.id}`),
      onConnection: (up, detail) => err(`bell bridge: ${up ? "connected to" : "lost the broker:"} ${detail}`),
      // Said at once and at each retry: an unreachable broker is never 12 s of silence.
      onConnectFailed: (why, retryInMs) => err(`bell bridge: ${brokerFailedWords(o.broker, why, retryInMs)}`),
      onNotice: (words) => err(`bell bridge: ${words}`),
      softwareVersion: packageVersion(),
      lang: language(),
    });
  } catch (e) {
    if (e instanceof UsageError) throw e;
    if (e instanceof QueueLockedError) throw new UsageError(BRIDGE_ERROR_IDS.queueLocked, `${e.message}: one bridge per queue (give another --queue)`);
    if (e instanceof QueueCorruptError) throw new JobError(BRIDGE_ERROR_IDS.queueCorrupt, e.message);
    if (e instanceof TypeError || e instanceof RangeError) throw new UsageError(BRIDGE_ERROR_IDS.usage, e.message);
    throw e;
  }
}

/** Adds `bell bridge` to the program. */
export function register(program: Command): void {
  program
    .command("bridge")
    .description("publish a receiver's event stream to an MQTT broker: incidents, states, Home Assistant discovery")
    .requiredOption("--broker <url>", "broker URL, e.g. mqtt://127.0.0.1:1883 (mqtts:// for TLS)")
    .requiredOption("--post <id>", "the post's id: its topics are <root>/<id>/…")
    .option("--input <file|->", "JSON-lines event stream: a file, or - for stdin", "-")
    .option("--serial <path>", "read the receiver's USB console instead, e.g. /dev/ttyUSB0")
    .option("--baud <n>", "serial speed, bits/s", "115200")
    .option("--queue <dir>", "queue directory (default ~/.local/state/warning-bell/bridge/<post>)")
    .option("--ha-prefix <prefix>", "Home Assistant discovery prefix", BRIDGE_DEFAULTS.haPrefix)
    .option("--no-discovery", "publish no Home Assistant discovery")
    .option("--root <topic>", "first topic level(s)", BRIDGE_DEFAULTS.root)
    .option("--drain-timeout-ms <ms>", "at the end of the input, how long to wait for the broker", "30000")
    .option("--ack-timeout-ms <ms>", "PUBACK timeout before reconnecting and resending", String(BRIDGE_DEFAULTS.ackTimeoutMs))
    .option("--keepalive-s <s>", "MQTT keep-alive", String(BRIDGE_DEFAULTS.keepaliveS))
    .option("--reconnect-min-ms <ms>", "reconnect backoff after one failure", String(BRIDGE_DEFAULTS.reconnectMinMs))
    .option("--reconnect-max-ms <ms>", "largest reconnect backoff", String(BRIDGE_DEFAULTS.reconnectMaxMs))
    .option("--client-id <id>", "MQTT client id (default wb-<post>-bridge)")
    .option("--username <name>", "MQTT user name (password from $BELL_MQTT_PASSWORD)")
    .action(async (o: BridgeCommandOptions) => {
      const drainTimeoutMs = integer("--drain-timeout-ms", o.drainTimeoutMs, 0);
      const out = (line: string) => process.stdout.write(line + "\n");
      const err = (line: string) => process.stderr.write(line + "\n");
      const input = await openInput(o);
      let bridge: Bridge;
      try {
        bridge = openBridge(o, out, err);
      } catch (e) {
        input.close();
        throw e;
      }
      let stopped = false;
      const stop = () => {
        stopped = true;
        input.close();
      };
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
      let lineNo = 0;
      let noise = 0;
      const invalid: string[] = [];
      try {
        for await (const raw of input.lines) {
          lineNo++;
          const line = raw.trim();
          if (line === "") continue;
          if (!line.startsWith("{")) {
            noise++;
            continue;
          }
          let event: unknown;
          try {
            event = JSON.parse(line);
          } catch (e) {
            event = undefined;
            invalid.push(`${input.name}:${lineNo}: ${BRIDGE_ERROR_IDS.event} not JSON (${(e as Error).message})`);
            err(`bell bridge: ${invalid.at(-1)}; skipped`);
            continue;
          }
          const result = bridge.ingest(event);
          if (result.kind === "invalid") {
            invalid.push(`${input.name}:${lineNo}: ${BRIDGE_ERROR_IDS.event} ${result.reason}`);
            err(`bell bridge: ${invalid.at(-1)}; skipped`);
          }
          if (stopped) break;
        }
        const drained = stopped ? bridge.idle : await bridge.whenIdle(drainTimeoutMs);
        const s = bridge.stats;
        out(
          `bell bridge: ${lineNo} lines (${noise} not events), ${s.queued} incident messages queued, ${s.delivered} delivered, ` +
            `${s.duplicates} repeats skipped, ${bridge.pending} pending on disk`,
        );
        await bridge.close();
        if (!drained && !stopped) {
          throw new JobError(BRIDGE_ERROR_IDS.undelivered, `the broker did not take everything within ${drainTimeoutMs} ms: ${bridge.pending} incident messages stay queued for the next run`);
        }
        if (invalid.length > 0) {
          throw new UsageError(BRIDGE_ERROR_IDS.event, `${invalid.length} input lines were not valid events (first: ${invalid[0]})`);
        }
      } finally {
        process.off("SIGINT", stop);
        process.off("SIGTERM", stop);
        await bridge.close();
      }
    });
}
