/**
 * Runs a scenario in virtual time and returns its event stream (ARCHITECTURE §3).
 *
 * The stream is a list of plain objects `{t, device, event, ...fields}`, ready for JSON Lines:
 * - `t` is the **virtual time in whole ms since the start** (floor of the µs clock), the same
 *   resolution a device's own stamp has; lines are in virtual-time order, and events within
 *   one ms keep the exact order in which they happened;
 * - `device` is the scenario id of the device that reported it (absent on `summary`);
 * - the last object is the `summary`: `{t, event: "summary", scenario, seed, duration_ms,
 *   counts: {<event>: n, …}, radio: {…medium counters…}, store_writes: {<device>: n}}`.
 * Apps' events come through their `EventSink`; the engine adds `input`, `power` and `attack`
 * (see `inputs.ts`) and, with `detail`, `pin` {role, level}, `radio_send` {to, bytes} and
 * `radio_arrival` {from, fate}.
 *
 * Same scenario + seed + apps → the same stream, byte for byte: all randomness comes from
 * seeded streams (`random.ts`) and all ordering from the event queue (`clock.ts`).
 */
import { startCaller } from "../../firmware/caller/app.ts";
import type { CallerConfig, ReceiverConfig } from "../../firmware/core/config.ts";
import type { HmacSha256 } from "../../firmware/hal/crypto.ts";
import type { DeviceApp, DeviceHal, OutputRole } from "../../firmware/hal/device.ts";
import type { EventFields } from "../../firmware/hal/events.ts";
import type { Screen } from "../../firmware/hal/screen.ts";
import type { RadioRoute } from "../../firmware/stack/radio-router.ts";
import { startReceiver } from "../../receiver/app.ts";
import { UsageError } from "../errors.ts";
import { BUILTIN_FORGERS, type Forgers } from "./attacker.ts";
import { EventQueue } from "./clock.ts";
import { forgeWrongKey } from "./forge-wrong-key.ts";
import { SimDevice, type AppStarter } from "./device.ts";
import { createHostHmacSha256 } from "./host-hmac.ts";
import { scheduleInputs } from "./inputs.ts";
import { Medium, type MediumStats } from "./medium.ts";
import type { OutputChange } from "./pins.ts";
import { bootReceiver, provision, type Provisioned } from "./provision.ts";
import { Random, SEED_MAX } from "./random.ts";
import { E_SCENARIO, type Scenario } from "./scenario.ts";
import { SimModem } from "./modem.ts";
import { PhoneNetwork } from "./phone-network.ts";

/** One line of the event stream. */
export interface SimEvent {
  /** Virtual ms since the start (integer). */
  t: number;
  /** Scenario device id; absent on `summary`. */
  device?: string;
  event: string;
  [field: string]: unknown;
}

/** The last line of the stream. */
export interface SummaryEvent extends SimEvent {
  event: "summary";
  scenario: string;
  seed: number;
  duration_ms: number;
  /** Number of events of each name (summary excluded), names sorted. */
  counts: Record<string, number>;
  radio: MediumStats;
  /** Store writes per device (flash wear). */
  store_writes: Record<string, number>;
}

/** How the engine starts the apps: the real ones by default, test apps in engine tests. */
export interface AppStarters {
  caller: (hal: DeviceHal, config: CallerConfig) => DeviceApp;
  receiver: (hal: DeviceHal, config: ReceiverConfig) => DeviceApp;
}

/** What the engine plugs into the devices. */
export interface EngineOptions {
  apps: AppStarters;
  /** Extra forgers for the attacker (e.g. `wrong_key`, which needs the frame format). */
  forgers: Forgers;
  hmac: HmacSha256;
}

/** Options of `runScenario`. */
export interface RunOptions {
  /** Overrides the scenario's seed (u32). */
  seed?: number;
  /** Stops at this virtual ms if earlier than `duration_ms` (integer ≥ 0). */
  untilMs?: number;
  engine?: Partial<EngineOptions>;
  /** Called with each event as it happens (the summary last). */
  onEvent?: (event: SimEvent) => void;
  /** Keep events in the result (default true; false for long benchmark runs). */
  keepEvents?: boolean;
  /** Also report pin changes and every frame on the air (default false). */
  detail?: boolean;
  /**
   * The receivers' screens (hal `openScreen`; `tools/screen/recorder.ts` draws them into PNGs
   * for `bell sim --screens`). Absent: the receivers have no screen.
   */
  screens?: { open(device: string, nowMs: () => number): Screen };
}

/** What a device left behind. */
export interface DeviceReport {
  id: string;
  name: string;
  role: "caller" | "receiver";
  nodeId: number;
  address: string;
  /** Observable level changes of each output pin, µs. */
  outputs: Partial<Record<OutputRole, readonly OutputChange[]>>;
  /** Writes per store key. */
  storeWrites: Record<string, number>;
  /** Times the app was started. */
  boots: number;
}

/** The result of a run. */
export interface RunResult {
  /** The stream, summary last (empty when `keepEvents` is false). */
  events: SimEvent[];
  summary: SummaryEvent;
  devices: DeviceReport[];
  radio: MediumStats;
  /** Queue events processed (a cost measure for benchmarks). */
  steps: number;
  /** The virtual end, ms. */
  endMs: number;
}

/**
 * The real apps, the protocol-aware `wrong_key` forger, and the host HMAC (`host-hmac.ts`: the
 * bytes of `hmac.ts`, about four times cheaper; its only state is a per-key cache of a pure
 * function, so runs sharing it cannot affect one another).
 */
export const DEFAULT_ENGINE: Readonly<EngineOptions> = Object.freeze({
  apps: { caller: startCaller, receiver: startReceiver },
  forgers: { wrong_key: forgeWrongKey },
  hmac: createHostHmacSha256(),
});

/**
 * Runs `scenario` to its end (or `untilMs`).
 * @throws RangeError for a bad seed or untilMs; UsageError E_SCENARIO when an input needs
 *   something the engine lacks (a `wrong_key` forger); SimAppError (JobError E_SIM_APP) when
 *   app code throws.
 */
export function runScenario(scenario: Scenario, options: RunOptions = {}): RunResult {
  const sim = new Simulation(scenario, options);
  sim.advanceTo(sim.endMs);
  return sim.finish();
}

/** Options of `Simulation`: those of `runScenario`, plus what an incremental run needs. */
export interface SimulationOptions extends RunOptions {
  /**
   * Replaces the app starter of a device (return undefined to keep the default). `bell sim
   * --console` uses it for boards that read their identity from their own store at each start.
   */
  starter?: (p: Provisioned, apps: AppStarters) => AppStarter | undefined;
  /** Run past the scenario's `duration_ms`, until `untilMs` or without end (`bell sim --console`). Default false. */
  openEnded?: boolean;
  /** Radios off the medium for a device (`SimDeviceOptions.radioRoutes`; `tools/sim/mqtt-run.ts`), or undefined. */
  radioRoutes?: (p: Provisioned) => readonly RadioRoute[] | undefined;
}

/**
 * A simulation that advances in steps: `advanceTo(ms)` runs every event up to that virtual
 * time, so a caller can pace it to the wall clock (`bell sim --console`) and act between steps;
 * `finish()` closes it with the summary. `runScenario` is one `advanceTo(endMs)`.
 */
export class Simulation {
  /** The virtual end, ms (`untilMs`, or the scenario's `duration_ms`, whichever is earlier). */
  readonly endMs: number;
  readonly seed: number;
  /** The devices, by scenario id. */
  readonly devices: ReadonlyMap<string, SimDevice>;
  /** Every device's identity and config, in scenario order. */
  readonly provisioned: readonly Provisioned[];
  private readonly scenario: Scenario;
  private readonly queue = new EventQueue();
  private readonly medium: Medium;
  private readonly events: SimEvent[] = [];
  private readonly counts = new Map<string, number>();
  private readonly options: SimulationOptions;
  /** The phone network and the receiver's LTE modem (scenario `lte`); the receiver app escalates through it. */
  private readonly lte: { network: PhoneNetwork; modem: SimModem } | undefined;
  private steps = 0;
  private finished = false;

  /**
   * Builds the devices, powers them on and schedules the inputs (nothing runs yet).
   * @throws RangeError for a bad seed or untilMs; UsageError E_SCENARIO when an input needs
   *   something the engine lacks (a `wrong_key` forger).
   */
  constructor(scenario: Scenario, options: SimulationOptions = {}) {
    this.scenario = scenario;
    this.options = options;
    const seed = options.seed ?? scenario.seed;
    if (!Number.isInteger(seed) || seed < 0 || seed > SEED_MAX) throw new RangeError(`seed must be an integer 0…${SEED_MAX}, got ${seed}`);
    this.seed = seed;
    const lastMs = Math.floor(Number.MAX_SAFE_INTEGER / 1000);
    const untilMs = options.untilMs ?? (options.openEnded ? lastMs : scenario.durationMs);
    if (!Number.isInteger(untilMs) || untilMs < 0) throw new RangeError(`untilMs must be an integer ≥ 0, got ${untilMs}`);
    this.endMs = Math.min(untilMs, options.openEnded ? lastMs : scenario.durationMs);
    const engine: EngineOptions = { ...DEFAULT_ENGINE, ...options.engine };
    const forgers: Forgers = { ...BUILTIN_FORGERS, ...engine.forgers };
    for (const input of scenario.inputs) {
      if (input.kind === "attack" && input.attack === "forge" && !forgers[input.mode]) {
        throw new UsageError(E_SCENARIO, `${scenario.file ? `${scenario.file}: ` : ""}${input.where}.mode: "${input.mode}" needs a forger that knows the frame format, and none is wired (RunOptions.engine.forgers)`);
      }
    }

    const record = (device: string | undefined, event: string, fields: EventFields) => this.record(device, event, fields);
    const detail = options.detail ?? false;
    const queue = this.queue;
    // Frames are captured for the attacker only (issue 15 §3: the capture ring is cold memory
    // touched per frame sent).
    const captureFrames = scenario.inputs.some((input) => input.kind === "attack");
    this.medium = new Medium({ queue, seed, global: scenario.radio, air: scenario.air, observe: detail ? (d, e, f) => record(d, e, f) : undefined, captureFrames });
    const medium = this.medium;

    const lte = scenario.lte;
    if (lte === undefined) this.lte = undefined;
    else {
      const network = new PhoneNetwork({ queue, emit: record });
      for (const p of lte.phones) network.describe(p.phone, p.behaviour);
      this.lte = { network, modem: new SimModem({ queue, network, vendor: lte.vendor, number: lte.number, state: lte.modem, wallClockStartS: scenario.wallClockStartS }) };
    }
    const modem = this.lte?.modem;
    this.provisioned = provision(scenario.devices, seed, lte);
    const devices = new Map<string, SimDevice>();
    for (const p of this.provisioned) {
      const d = p.device;
      medium.attach(d.id, p.identity.address, d.radio);
      devices.set(
        d.id,
        new SimDevice({
          id: d.id,
          role: d.role,
          queue,
          medium,
          random: new Random(seed, `device:${d.id}`),
          hmac: engine.hmac,
          start: options.starter?.(p, engine.apps) ?? starter(p, engine.apps),
          emit: record,
          startTicks: d.startTicks,
          bootMs: d.bootMs,
          inputLatencyUs: d.inputLatencyUs,
          wallClockStartS: scenario.wallClockStartS,
          onOutput: detail ? (id, role, c) => record(id, "pin", { role, level: c.level }) : undefined,
          radioRoutes: options.radioRoutes?.(p),
          openScreen: d.role === "receiver" && options.screens !== undefined ? (id, nowMs) => options.screens!.open(id, nowMs) : undefined,
          openModemSerial: modem !== undefined && d.id === lte?.device ? (h) => modem.open(h) : undefined,
        }),
      );
    }
    this.devices = devices;
    for (const device of devices.values()) device.powerOn();
    scheduleInputs(scenario.inputs, { queue, devices, medium, emit: record, random: new Random(seed, "attacker"), forgers, lte: this.lte });
  }

  /** Virtual time now, whole ms. */
  get nowMs(): number {
    return Math.floor(this.queue.nowUs / 1000);
  }

  /**
   * Runs every event up to `ms` (capped at `endMs`), then sets the time there.
   * @returns the number of queue events run.
   * @throws RangeError when `ms` is not an integer or lies before now; SimAppError when app code throws.
   */
  advanceTo(ms: number): number {
    if (!Number.isInteger(ms) || ms * 1000 < this.queue.nowUs) throw new RangeError(`advanceTo: ms must be an integer ≥ now (${this.nowMs}), got ${ms}`);
    const ran = this.queue.runUntil(Math.min(ms, this.endMs) * 1000);
    this.steps += ran;
    return ran;
  }

  /**
   * Ends the run at the current time: reports the summary (to `onEvent` too) and returns the result.
   * @throws Error when called twice.
   */
  finish(): RunResult {
    if (this.finished) throw new Error("finish: the simulation has already finished");
    this.finished = true;
    const endMs = this.nowMs;
    const storeWrites: Record<string, number> = {};
    for (const d of this.devices.values()) storeWrites[d.id] = d.store.totalWrites;
    const sortedCounts: Record<string, number> = {};
    for (const name of [...this.counts.keys()].sort()) sortedCounts[name] = this.counts.get(name)!;
    const summary: SummaryEvent = {
      t: endMs,
      event: "summary",
      scenario: this.scenario.name,
      seed: this.seed,
      duration_ms: endMs,
      counts: sortedCounts,
      radio: { ...this.medium.stats },
      store_writes: storeWrites,
    };
    if (this.options.keepEvents ?? true) this.events.push(summary);
    this.options.onEvent?.(summary);

    return {
      events: this.events,
      summary,
      devices: this.provisioned.map((p): DeviceReport => {
        const d = this.devices.get(p.device.id)!;
        const outputs: DeviceReport["outputs"] = {};
        for (const [role, pin] of d.outputs) outputs[role] = pin.history;
        return {
          id: d.id,
          name: p.device.name,
          role: p.role,
          nodeId: p.identity.nodeId,
          address: p.identity.address,
          outputs,
          storeWrites: d.store.writes(),
          boots: d.bootCount,
        };
      }),
      radio: { ...this.medium.stats },
      steps: this.steps,
      endMs,
    };
  }

  private record(device: string | undefined, event: string, fields: EventFields): void {
    const t = Math.floor(this.queue.nowUs / 1000);
    const line: SimEvent = device === undefined ? { t, event } : { t, device, event };
    Object.assign(line, fields);
    this.counts.set(event, (this.counts.get(event) ?? 0) + 1);
    if (this.options.keepEvents ?? true) this.events.push(line);
    this.options.onEvent?.(line);
  }
}

function starter(p: Provisioned, apps: AppStarters): (hal: DeviceHal) => DeviceApp {
  if (p.role === "caller") return (hal) => apps.caller(hal, p.config);
  // the receiver boots from its identity in flash, as a board does (`provision.ts`)
  const store = p.identityStore;
  return store === undefined ? (hal) => apps.receiver(hal, p.config) : (hal) => bootReceiver(p, store, hal, apps.receiver);
}
