/**
 * The XS engine of the simulator (`bell sim --engine xs`): every simulated device runs its real
 * firmware — the device entry point, `firmware/moddable` (boot, identity, hal adapters),
 * `firmware/espnow/espnow.ts`, the app, the stack and the core — inside its own xsnap worker
 * (real XS), against the simulator's `DeviceHal` through the Moddable stand-ins
 * (`standins/`, `device-host.ts`).
 *
 * `XsEngine.apps` is an `AppStarters` for `runScenario`: each power-up spawns a worker,
 * evaluates the role's bundle and sends the boot command (the firmware reads the identity the
 * engine provisioned into its `bell-id` Preference domain, opens its pins and radio, starts the
 * app); a power cut kills the worker (nothing runs on a device losing power); the device's store
 * lives on the host (`SimDevice.store`) and so survives. `close()` ends the run: it measures each
 * live worker's heap and closes it. Use `runScenarioInXs` to do both.
 *
 * Same scenario and seed → the same event stream as the Node engine, byte for byte: time and
 * randomness come only from the host's simulator (see `docs/xs-engine.md` for what this proves).
 */
import fs from "node:fs";
import path from "node:path";
import { MODEM_DEFAULT, type CallerConfig, type ReceiverConfig } from "../../firmware/core/config.ts";
import type { DeviceApp, DeviceHal } from "../../firmware/hal/device.ts";
import type { Store, StoreValue } from "../../firmware/hal/store.ts";
import { readCallerIdentity, readReceiverIdentity } from "../../firmware/stack/identity.ts";
import { UsageError } from "../errors.ts";
import { provision } from "../sim/provision.ts";
import { runScenario, type AppStarters, type RunOptions, type RunResult } from "../sim/run.ts";
import type { Scenario } from "../sim/scenario.ts";
import { APP_ENTRIES, REPO_ROOT, bundleDeviceEntry, sourceStack, type AppRole, type XsBundle } from "./bundle.ts";
import { XsDeviceHost } from "./device-host.ts";
import { IDENTITY_DOMAIN, identityEntries } from "./identity-entries.ts";
import { COMMANDS } from "./protocol.ts";
import { Watchdog } from "./watchdog.ts";
import { XsWorker, XS_WORKER_DEFAULTS } from "./worker.ts";

/** Defaults of `XsEngineOptions`. */
export const XS_ENGINE_DEFAULTS = Object.freeze({
  /** Board manifest (`manifests/boards/<board>.json`) whose `config` is the build's `mc/config`. */
  board: "devkit",
  replyTimeoutMs: XS_WORKER_DEFAULTS.replyTimeoutMs,
  meteringLimit: XS_WORKER_DEFAULTS.meteringLimit,
  measureBundles: false,
});

/** Bytes of one XS slot on the host (64-bit build); an ESP32 (32-bit) slot is 16 bytes. */
export const HOST_SLOT_BYTES = 32;

/** Options of `XsEngine`. */
export interface XsEngineOptions {
  /** Board manifest name under `manifests/boards/`. Default "devkit". */
  board?: string;
  /** Bundles to use (build them once, share them between engines); built on first use otherwise. */
  bundles?: Partial<Record<AppRole, XsBundle>>;
  /** Device entry points to bundle instead of `APP_ENTRIES` (repo-relative or absolute). */
  entries?: Partial<Record<AppRole, string>>;
  /** Longest wait for one XS reply, ms. Default 10000. */
  replyTimeoutMs?: number;
  /** Computrons per crank (xsnap `-l`). Default 10^8. */
  meteringLimit?: number;
  /** Also measure the minified size of each bundle it builds (a second esbuild pass). Default false. */
  measureBundles?: boolean;
}

/** What one device's firmware cost in XS over the run. */
export interface XsDeviceStats {
  id: string;
  role: AppRole;
  /** Workers started (power-ups). */
  boots: number;
  /** Live heap slots after a collection right after the last boot. */
  heapSlotsAfterBoot: number | undefined;
  /** Live heap slots after a collection at the end of the run (or at the last power cut). */
  heapSlotsAtEnd: number | undefined;
  /** Computrons (xsnap's meter) over every boot. */
  computrons: number;
  /** Host → XS commands (callbacks) and XS → host calls with a result. */
  commands: number;
  queries: number;
  /** Wall ms the host waited for this device's XS workers. */
  xsMs: number;
  /** Console lines that were not events (the firmware's own `trace` text). */
  console: string[];
}

/** What the XS engine measured. */
export interface XsRunStats {
  /** Bundle figures per role used in the run. */
  bundles: Partial<Record<AppRole, Pick<XsBundle, "entry" | "bytes" | "firmwareBytes" | "standinBytes" | "minifiedFirmwareBytes">>>;
  devices: XsDeviceStats[];
  /** Live slots of an empty xsnap machine after a collection (XS's own built-ins): the baseline of the heap figures. */
  emptyHeapSlots: number | undefined;
  /** Wall ms spent building bundles (0 when they were given). */
  bundleMs: number;
  /** Wall ms of the whole run, bundling and worker start-up included (`runScenarioInXs`; 0 otherwise). */
  runWallMs: number;
}

interface DeviceRecord {
  stats: XsDeviceStats;
  domains: Map<string, Map<string, StoreValue>>;
  live: { worker: XsWorker; host: XsDeviceHost } | undefined;
}

/** The engine; see the file comment. */
export class XsEngine {
  /** Pass as `RunOptions.engine.apps`. */
  readonly apps: AppStarters;
  readonly #o: Required<Omit<XsEngineOptions, "bundles" | "entries">> & Pick<XsEngineOptions, "entries">;
  readonly #bundles: Partial<Record<AppRole, XsBundle>>;
  readonly #boardConfig: Record<string, unknown>;
  readonly #devices = new Map<string, DeviceRecord>();
  #watchdog: Watchdog | undefined;
  #closed = false;
  #bundleMs = 0;
  #emptyHeapSlots: number | undefined;
  readonly #exits: Promise<number | null>[] = [];

  /**
   * @throws UsageError E_XS_BOARD when the board manifest is missing or has no `config`;
   *   RangeError for bad numbers.
   */
  constructor(options: XsEngineOptions = {}) {
    this.#o = { ...XS_ENGINE_DEFAULTS, ...options };
    for (const field of ["replyTimeoutMs", "meteringLimit"] as const) {
      if (!Number.isInteger(this.#o[field]) || this.#o[field] < 1) throw new RangeError(`${field} must be an integer ≥ 1, got ${this.#o[field]}`);
    }
    this.#bundles = { ...options.bundles };
    this.#boardConfig = readBoardConfig(this.#o.board);
    this.apps = {
      caller: (hal: DeviceHal, config: CallerConfig) => this.#start("caller", hal, config),
      receiver: (hal: DeviceHal, config: ReceiverConfig) => this.#start("receiver", hal, config),
    };
  }

  /** The figures so far (live workers are measured by `close`). */
  stats(): XsRunStats {
    const bundles: XsRunStats["bundles"] = {};
    for (const [role, b] of Object.entries(this.#bundles) as [AppRole, XsBundle][]) {
      bundles[role] = { entry: b.entry, bytes: b.bytes, firmwareBytes: b.firmwareBytes, standinBytes: b.standinBytes, minifiedFirmwareBytes: b.minifiedFirmwareBytes };
    }
    return { bundles, devices: [...this.#devices.values()].map((d) => ({ ...d.stats, console: [...d.stats.console] })), emptyHeapSlots: this.#emptyHeapSlots, bundleMs: this.#bundleMs, runWallMs: 0 };
  }

  /** Resolves once every worker this engine started has exited (after `close`). */
  async exited(): Promise<void> {
    await Promise.all(this.#exits);
  }

  /** Ends the run: measures and closes every live worker. Idempotent; never throws. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const record of this.#devices.values()) {
      const live = record.live;
      if (!live) continue;
      try {
        record.stats.heapSlotsAtEnd = live.host.command(COMMANDS.collect, []).meter.currentHeapCount;
      } catch {
        /* a broken worker: no figure */
      }
      this.#retire(record);
      live.worker.close();
    }
    this.#watchdog?.close();
  }

  #bundle(role: AppRole): XsBundle {
    let bundle = this.#bundles[role];
    if (!bundle) {
      const started = performance.now();
      bundle = bundleDeviceEntry({ entry: this.#o.entries?.[role] ?? APP_ENTRIES[role], minify: this.#o.measureBundles });
      this.#bundleMs += performance.now() - started;
      this.#bundles[role] = bundle;
    }
    return bundle;
  }

  #start(role: AppRole, hal: DeviceHal, config: CallerConfig | ReceiverConfig): DeviceApp {
    if (this.#closed) throw new Error("XsEngine: closed");
    const bundle = this.#bundle(role);
    const id = config.self.id;
    let record = this.#devices.get(id);
    if (!record) {
      record = {
        stats: { id, role, boots: 0, heapSlotsAfterBoot: undefined, heapSlotsAtEnd: undefined, computrons: 0, commands: 0, queries: 0, xsMs: 0, console: [] },
        domains: new Map([[IDENTITY_DOMAIN, identityEntries(config)]]),
        live: undefined,
      };
      this.#devices.set(id, record);
    }
    if (record.live) throw new Error(`XsEngine: device ${id} is already running`);
    this.#watchdog ??= new Watchdog();
    const worker = new XsWorker({ name: `${role} ${id}`, watchdog: this.#watchdog, replyTimeoutMs: this.#o.replyTimeoutMs, meteringLimit: this.#o.meteringLimit });
    this.#exits.push(worker.exited);
    record.stats.boots++;
    const host = new XsDeviceHost({
      hal,
      worker,
      deviceId: id,
      stationAddress: config.self.address,
      peerCount: "receiver" in config ? 1 : config.callers.length,
      domains: record.domains,
      console: record.stats.console,
      sourceStack: (stack) => sourceStack(bundle.code, stack),
    });
    record.live = { worker, host };
    try {
      this.#emptyHeapSlots ??= worker.evaluate("gc()").meter.currentHeapCount;
      worker.evaluate(bundle.code);
      host.boot({ stationAddress: config.self.address, config: hal.openModemSerial === undefined ? boardWithoutModem(this.#boardConfig) : this.#boardConfig });
      record.stats.heapSlotsAfterBoot = host.command(COMMANDS.collect, []).meter.currentHeapCount;
    } catch (err) {
      this.#retire(record);
      worker.kill();
      throw err;
    }
    const device = record;
    return {
      stop: () => {
        if (device.live?.worker !== worker) return;
        try {
          device.stats.heapSlotsAtEnd = host.command(COMMANDS.collect, []).meter.currentHeapCount;
        } catch {
          /* measured nothing */
        }
        this.#retire(device);
        worker.kill();
      },
    };
  }

  /** Adds a worker's counters to its device and forgets it. */
  #retire(record: DeviceRecord): void {
    const live = record.live;
    if (!live) return;
    record.live = undefined;
    live.host.kill();
    const s = record.stats;
    s.computrons += live.worker.computeTotal;
    s.commands += live.worker.counts.requests;
    s.queries += live.worker.counts.queries;
    s.xsMs += live.host.xsMs;
  }
}

/**
 * The board `config` of a simulated device with no modem fitted (not the scenario's `lte.device`):
 * without `modem_tx`/`modem_rx`, as the Node engine gives such a device no `openModemSerial`, so
 * its receiver does not report a modem it does not have (`escalation_off` no_duty_list).
 */
function boardWithoutModem(config: Record<string, unknown>): Record<string, unknown> {
  const pins = config.pins;
  if (typeof pins !== "object" || pins === null) return config;
  const { modem_tx: _tx, modem_rx: _rx, ...rest } = pins as Record<string, unknown>;
  return { ...config, pins: rest };
}

/** The `config` of `manifests/boards/<board>.json`. @throws UsageError E_XS_BOARD. */
export function readBoardConfig(board: string): Record<string, unknown> {
  const file = path.join(REPO_ROOT, "manifests/boards", `${board}.json`);
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (err) {
    throw new UsageError("E_XS_BOARD", `board "${board}": cannot read ${path.relative(REPO_ROOT, file)} (${(err as Error).message})`);
  }
  const config = (json as { config?: unknown } | null)?.config;
  if (config === null || typeof config !== "object" || Array.isArray(config)) {
    throw new UsageError("E_XS_BOARD", `board "${board}": ${path.relative(REPO_ROOT, file)} has no "config" object`);
  }
  return config as Record<string, unknown>;
}

/** A run's result with the XS engine's figures. */
export interface XsRunResult extends RunResult {
  xs: XsRunStats;
}

/**
 * What the firmware would not get from its flash: for each device the simulator provisions for
 * `scenario`, the fields of its config that do not survive the identity layout (written as
 * `bell provision` writes it, `identity-entries.ts`, and read back as the device reads it at
 * boot, `firmware/stack/identity.ts`), as "device: field, field". Empty when every config
 * round-trips, so the XS firmware runs the config the Node engine hands its apps. A receiver's
 * `modem` at `MODEM_DEFAULT` is no gap: the firmware reads no vendor and runs that one.
 */
export function identityGaps(scenario: Scenario, seed = scenario.seed): string[] {
  const gaps: string[] = [];
  for (const { config } of provision(scenario.devices, seed, scenario.lte)) {
    const entries = identityEntries(config);
    const store = { get: (key: string) => entries.get(key), keys: () => [...entries.keys()] } as unknown as Store;
    const read = "receiver" in config ? readCallerIdentity(store, config.self.address) : readReceiverIdentity(store, config.self.address);
    if (read.status !== "ok") {
      gaps.push(`${config.self.id}: the identity does not read back (${read.status === "invalid" ? `${read.key}: ${read.reason}` : read.status})`);
      continue;
    }
    const back = read.config as unknown as Record<string, unknown>;
    const given = ("callers" in config && config.modem === MODEM_DEFAULT ? { ...config, modem: undefined } : config) as unknown as Record<string, unknown>;
    const fields = [...new Set([...Object.keys(given), ...Object.keys(back)])].filter((k) => given[k] !== undefined && !sameValue(given[k], back[k]));
    if (fields.length > 0) gaps.push(`${config.self.id}: ${fields.join(", ")}`);
  }
  return gaps;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Uint8Array && b instanceof Uint8Array) return a.length === b.length && a.every((v, i) => v === b[i]);
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/**
 * Runs `scenario` with every device's firmware in XS, then closes the workers (also when the run
 * throws). Same options as `runScenario` (its `engine.apps` is replaced). A scenario with `lte`
 * runs too: the receiver's modem UART is the `device.io.Serial` stand-in wired to the
 * simulator's modem model (`standins/serial.ts`).
 * @throws UsageError E_XS_IDENTITY when a device's config does not survive its identity layout
 *   (`identityGaps`): the firmware in XS, which reads its config from flash, would run another
 *   config than the Node engine's apps get; e.g. a Quectel modem (the vendor is not an identity key).
 */
export function runScenarioInXs(scenario: Scenario, options: RunOptions = {}, xs: XsEngineOptions = {}): XsRunResult {
  const gaps = identityGaps(scenario, options.seed);
  if (gaps.length > 0) {
    throw new UsageError(
      "E_XS_IDENTITY",
      `${scenario.file ?? scenario.name}: the identity the firmware reads from flash would not carry what the simulator provisioned (${gaps.join("; ")}); run it with the Node engine`,
    );
  }
  const started = performance.now();
  const engine = new XsEngine(xs);
  try {
    const result = runScenario(scenario, { ...options, engine: { ...options.engine, apps: engine.apps } });
    engine.close();
    return { ...result, xs: { ...engine.stats(), runWallMs: performance.now() - started } };
  } finally {
    engine.close();
  }
}
