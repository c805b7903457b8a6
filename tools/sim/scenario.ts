/**
 * Scenario files (ARCHITECTURE §4): load, validate, and turn into the engine's typed form.
 *
 * Validation has two steps, and both name the JSON path of the bad field and why:
 * 1. the JSON Schema `scenario.schema.json` (ajv), e.g. `devices[1].role: must be "caller" or
 *    "receiver"`;
 * 2. the rules a schema cannot state: unique device ids, exactly one receiver and 1…20 callers,
 *    inputs naming known devices and pins the device has, exactly one kind per input, edges in
 *    time order, inputs within `duration_ms`, min ≤ max, trace files that exist (relative to the
 *    scenario file), and each device's `config` through `parseSettings`.
 * Every refusal is a `UsageError` with id `E_SCENARIO` (exit status 2).
 */
import { describeJsonError, parseJsonText } from "../json-text.ts";
import { systemErrorWords } from "../system-error.ts";
import { readFileSync } from "node:fs";
import path from "node:path";
import { Ajv, type ErrorObject } from "ajv";
import { ConfigError, parseSettings, type Settings } from "../../firmware/core/config.ts";
import type { InputRole } from "../../firmware/hal/device.ts";
import type { Level } from "../../firmware/hal/digital.ts";
import { checkDeployment, DeploymentError } from "../../firmware/core/supervision/deployment-check.ts";
import { E_DEPLOYMENT, UsageError } from "../errors.ts";
import { ROLE_PINS, type DeviceRole } from "./device.ts";
import type { BurstModel, ListenModel, Outage, RadioOverrides } from "./link-model.ts";
import type { AirModel } from "./medium.ts";
import { readTraceEdges } from "./trace-input.ts";
import { errorText } from "../../firmware/core/error-text.ts";
import { parseLte, parseLteInput, type LteJson, type ModemJson, type ModemInput, type PhoneInput, type ScenarioLte } from "./lte-scenario.ts";

/** The stable error id of a refused scenario (docs/errors.md). */
export const E_SCENARIO = "E_SCENARIO";

/** Defaults of optional scenario fields. */
export const SCENARIO_DEFAULTS = Object.freeze({
  seed: 1,
  /** Length of an operator-button press (`button` input without `press_ms`), ms. */
  buttonPressMs: 200,
  /** Forge mode when none is given. */
  forgeMode: "flip_tag" as ForgeMode,
});

/** How the attacker forges a frame (see README). */
export type ForgeMode = "flip_tag" | "random" | "wrong_key";

/** A device of a loaded scenario. */
export interface ScenarioDevice {
  id: string;
  role: DeviceRole;
  /** Place name (default: the id). */
  name: string;
  settings: Settings;
  /** The device's own radio overrides, or undefined. */
  radio: RadioOverrides | undefined;
  startTicks: number;
  bootMs: number;
  /** Undefined = the pin model's default. */
  inputLatencyUs: number | undefined;
  /** How a caller reaches the receiver: the simulated medium, or the real broker of `Scenario.mqtt`. */
  transport: Transport;
}

/** A device's transport (`transport` in the scenario). */
export type Transport = "espnow" | "mqtt";

/** The broker of a scenario with MQTT callers (`mqtt` in the scenario). */
export interface ScenarioMqtt {
  /** Broker URL, `mqtt://host:port`. */
  broker: string;
  /** The post's id (topic level); default the receiver's id. */
  post: string;
  /** Topic root; undefined = the MQTT radio's default. */
  root: string | undefined;
}

/** Where an input came from: the JSON path of the input, e.g. `inputs[3]`. */
interface InputBase {
  /** Start, µs since the start. */
  atUs: number;
  device: string;
  where: string;
}

/** Pin level changes (from press_ms, button, edges or trace), absolute µs, in time order. */
export interface EdgesInput extends InputBase {
  kind: "edges";
  pin: InputRole;
  /** What the scenario said: a press, an operator button, raw edges or a trace. */
  source: "press" | "button" | "edges" | "trace";
  /** Press length, ms (press and button sources). */
  pressMs?: number;
  edges: Array<[atUs: number, level: Level]>;
}

export interface PowerInput extends InputBase {
  kind: "power";
  on: boolean;
}

export interface AttackInput extends InputBase {
  kind: "attack";
  attack: "replay" | "forge";
  /** The spoofed device. */
  from: string;
  mode: ForgeMode;
  back: number;
}

export type ScenarioInput = EdgesInput | PowerInput | AttackInput | PhoneInput | ModemInput;

/** A validated scenario, in the engine's units (µs, camelCase). */
export interface Scenario {
  name: string;
  description: string | undefined;
  seed: number;
  durationMs: number;
  /** Unix seconds at t = 0, or undefined when devices do not know the wall time. */
  wallClockStartS: number | undefined;
  radio: RadioOverrides;
  /** The shared-channel model (`medium.ts` `AirModel`, partial), or undefined for none. */
  air: Partial<AirModel> | undefined;
  /** The broker, when the scenario gives one (required when a caller uses MQTT). */
  mqtt: ScenarioMqtt | undefined;
  devices: ScenarioDevice[];
  /** The receiver's LTE modem, duty list and phones (issue 14), if given. */
  lte: ScenarioLte | undefined;
  /** In file order. */
  inputs: ScenarioInput[];
  /** The file it came from, if any. */
  file: string | undefined;
}

/** Options of `parseScenario`. */
export interface ParseOptions {
  /** The file the JSON came from (for messages and for relative trace paths). */
  file?: string;
  /** Directory trace paths are relative to. Default: the file's directory, else the cwd. */
  baseDir?: string;
}

const SCHEMA_URL = new URL("./scenario.schema.json", import.meta.url);

/** The scenario JSON Schema, as an object. */
export function scenarioSchema(): Record<string, unknown> {
  return JSON.parse(readFileSync(SCHEMA_URL, "utf8")) as Record<string, unknown>;
}

/** Compiles the schema (a few ms; done per parse rather than cached in module state). */
function validator(): ReturnType<Ajv["compile"]> {
  const ajv = new Ajv({ allErrors: false, strict: true, verbose: true });
  ajv.addVocabulary(["x-message"]);
  return ajv.compile(scenarioSchema());
}

/**
 * Checks the receiver's `offline_after_ms` against every caller's `heartbeat_ms`
 * (`checkDeployment`): a deployment that would report living callers offline at 20 % loss is
 * refused before it runs.
 * @throws UsageError E_DEPLOYMENT naming the receiver's and the caller's fields, their JSON paths
 *   and the smallest valid value.
 */
function checkScenarioDeployment(devices: readonly ScenarioDevice[], prefix: string): void {
  const index = (id: string) => devices.findIndex((d) => d.id === id);
  const post = devices.find((d) => d.role === "receiver")!;
  try {
    checkDeployment(post, devices.filter((d) => d.role === "caller"));
  } catch (err) {
    if (!(err instanceof DeploymentError)) throw err;
    const paths = `devices[${index(err.postId)}].config.offline_after_ms, devices[${index(err.callerId)}].config.heartbeat_ms`;
    throw new UsageError(E_DEPLOYMENT, `${prefix}${err.message}\n  (${paths}; firmware/core/supervision/README.md, "The deployment check")`);
  }
}

/**
 * Reads, parses and validates a scenario file.
 * @throws UsageError E_SCENARIO naming the file and the JSON path (or line and column for bad JSON);
 *   E_DEPLOYMENT when the receiver's offline_after_ms does not suit a caller's heartbeat_ms.
 */
export function loadScenario(file: string): Scenario {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new UsageError(E_SCENARIO, `${file}: cannot read the scenario: ${systemErrorWords(err)}`);
  }
  const parsed = parseJsonText(text);
  if (!parsed.ok) throw new UsageError(E_SCENARIO, `${file}: not valid JSON at ${describeJsonError(parsed.error)}`);
  return parseScenario(parsed.value, { file });
}

/** `/devices/1/role` → `devices[1].role`. */
export function jsonPath(pointer: string, extra?: string): string {
  const parts = pointer === "" ? [] : pointer.slice(1).split("/").map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
  if (extra !== undefined) parts.push(extra);
  let out = "";
  for (const p of parts) {
    if (/^\d+$/.test(p)) out += `[${p}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(p)) out += out === "" ? p : `.${p}`;
    else out += `[${JSON.stringify(p)}]`;
  }
  return out === "" ? "(the scenario)" : out;
}

function quoteList(values: readonly unknown[]): string {
  const q = values.map((v) => JSON.stringify(v));
  return q.length <= 1 ? q.join("") : q.length === 2 ? `${q[0]} or ${q[1]}` : `one of ${q.join(", ")}`;
}

/** One ajv error → `path: why`. */
function describeAjvError(e: ErrorObject): string {
  const custom = (e.parentSchema as Record<string, unknown> | undefined)?.["x-message"];
  const got = e.data === undefined ? "" : `, got ${JSON.stringify(e.data)}`;
  switch (e.keyword) {
    case "required":
      return `${jsonPath(e.instancePath, String(e.params.missingProperty))}: is required`;
    case "additionalProperties": {
      const known = Object.keys(((e.parentSchema as Record<string, unknown>).properties as object) ?? {}).filter((k) => k !== "$schema");
      return `${jsonPath(e.instancePath, String(e.params.additionalProperty))}: is not a known field (known: ${known.join(", ")})`;
    }
    case "dependencies":
      return `${jsonPath(e.instancePath, String(e.params.property))}: needs ${JSON.stringify(e.params.missingProperty)} too`;
    case "enum":
      return `${jsonPath(e.instancePath)}: must be ${quoteList(e.params.allowedValues as unknown[])}${got}`;
    case "type": {
      const t = String(e.params.type);
      const article = t === "integer" || t === "object" || t === "array" ? "an" : "a";
      return `${jsonPath(e.instancePath)}: must be ${article} ${t}${got}`;
    }
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum": {
      const op = { minimum: "≥", maximum: "≤", exclusiveMinimum: ">", exclusiveMaximum: "<" }[e.keyword];
      return `${jsonPath(e.instancePath)}: must be ${op} ${e.params.limit}${got}`;
    }
    case "pattern":
      return `${jsonPath(e.instancePath)}: ${typeof custom === "string" ? custom : `must match ${e.params.pattern}`}${got}`;
    default:
      return `${jsonPath(e.instancePath)}: ${typeof custom === "string" ? custom : (e.message ?? e.keyword)}`;
  }
}

/**
 * Validates a parsed scenario and converts it to the engine's form (trace inputs are read and
 * turned into edges here).
 * @throws UsageError E_SCENARIO: `<file>: <json path>: <why>`; E_DEPLOYMENT when the receiver's
 *   offline_after_ms does not suit a caller's heartbeat_ms (`checkDeployment`).
 */
export function parseScenario(json: unknown, options: ParseOptions = {}): Scenario {
  const file = options.file;
  const prefix = file ? `${file}: ` : "";
  const fail = (where: string, why: string): never => {
    throw new UsageError(E_SCENARIO, `${prefix}${where}: ${why}`);
  };
  const validate = validator();
  if (!validate(json)) throw new UsageError(E_SCENARIO, `${prefix}${describeAjvError(validate.errors![0]!)}`);
  const j = json as ScenarioJson;
  const baseDir = options.baseDir ?? (file ? path.dirname(path.resolve(file)) : process.cwd());

  const radio = radioFromJson(j.radio, "radio", fail);

  // Devices: unique ids, one receiver, 1…20 callers, settings.
  const firstAt = new Map<string, number>();
  const devices: ScenarioDevice[] = j.devices.map((d, i) => {
    const at = `devices[${i}]`;
    const seen = firstAt.get(d.id);
    if (seen !== undefined) fail(`${at}.id`, `"${d.id}" is used twice (first at devices[${seen}])`);
    firstAt.set(d.id, i);
    let settings: Settings;
    try {
      settings = parseSettings(d.config, `${at}.config`);
    } catch (err) {
      if (err instanceof ConfigError) fail(err.path, err.reason);
      throw err;
    }
    return {
      id: d.id,
      role: d.role,
      name: d.name ?? d.id,
      settings: settings!,
      radio: d.radio === undefined ? undefined : radioFromJson(d.radio, `${at}.radio`, fail),
      startTicks: d.start_ticks ?? 0,
      bootMs: d.boot_ms ?? 0,
      inputLatencyUs: d.input_latency_us,
      transport: d.transport ?? "espnow",
    };
  });
  const receivers = devices.flatMap((d, i) => (d.role === "receiver" ? [`devices[${i}]`] : []));
  if (receivers.length !== 1) {
    fail("devices", `must contain exactly one receiver (found ${receivers.length}${receivers.length ? `: ${receivers.join(", ")}` : ""}); every caller reports to it`);
  }
  const callers = devices.filter((d) => d.role === "caller").length;
  devices.forEach((d, i) => {
    if (d.role === "receiver" && j.devices[i]!.transport !== undefined) {
      fail(`devices[${i}].transport`, "the receiver takes no transport: it is on the medium and, when a caller uses MQTT, on the broker too");
    }
    if (d.transport === "mqtt" && j.mqtt === undefined) {
      fail(`devices[${i}].transport`, `"mqtt" needs the broker: add "mqtt": {"broker": "mqtt://127.0.0.1:1883"} at the top level`);
    }
  });
  const receiverId = devices.find((d) => d.role === "receiver")!.id;
  const mqtt: ScenarioMqtt | undefined = j.mqtt === undefined ? undefined : { broker: j.mqtt.broker, post: j.mqtt.post ?? receiverId, root: j.mqtt.root };
  if (callers > 20) fail("devices", `at most 20 callers per receiver (the ESP-NOW peer limit), found ${callers}`);
  checkScenarioDeployment(devices, prefix);

  const byId = new Map(devices.map((d) => [d.id, d]));
  const known = devices.map((d) => d.id).join(", ");
  const lte = j.lte === undefined ? undefined : parseLte(j.lte, devices, fail);
  const inputs = (j.inputs ?? []).map((inp, i) => parseInput(inp, `inputs[${i}]`));

  function parseInput(inp: InputJson, at: string): ScenarioInput {
    if (inp.phone !== undefined || inp.modem !== undefined) {
      if (inp.at_ms > j.duration_ms) fail(`${at}.at_ms`, `${inp.at_ms} is after the end of the run (duration_ms ${j.duration_ms})`);
      return parseLteInput(inp, at, lte, fail);
    }
    if (inp.device === undefined) return fail(`${at}.device`, "is required (or phone, for what an officer's phone does)");
    const device = byId.get(inp.device);
    if (!device) return fail(`${at}.device`, `no device "${inp.device}" (devices: ${known})`);
    if (inp.at_ms > j.duration_ms) fail(`${at}.at_ms`, `${inp.at_ms} is after the end of the run (duration_ms ${j.duration_ms})`);
    const atUs = Math.round(inp.at_ms * 1000);
    const kinds = (["press_ms", "edges", "trace", "button", "power", "attacker"] as const).filter((k) => inp[k] !== undefined);
    const main = kinds.includes("button") ? kinds.filter((k) => k !== "press_ms") : kinds;
    if (main.length !== 1) {
      fail(at, main.length === 0
        ? "says nothing to do: give one of press_ms, edges, trace, button, power, attacker"
        : `gives ${main.join(" and ")}: give exactly one of press_ms, edges, trace, button, power, attacker`);
    }
    const kind = main[0]!;
    if (inp.pin !== undefined && kind !== "press_ms" && kind !== "edges" && kind !== "trace") fail(`${at}.pin`, `only goes with press_ms, edges or trace`);
    const pins = ROLE_PINS[device.role].inputs as readonly InputRole[];
    const base = { atUs, device: device.id, where: at };
    /** The absolute µs of a pin change `offsetMs` after the input's start; refused past the clock. */
    const edgeUs = (offsetMs: number, where: string): number => {
      const us = atUs + Math.round(offsetMs * 1000);
      if (!Number.isSafeInteger(us)) fail(where, `${offsetMs} ms ends beyond the simulator's clock (2^53 µs, about 285 years)`);
      return us;
    };

    switch (kind) {
      case "power":
        return { ...base, kind: "power", on: inp.power === "on" };
      case "attacker": {
        if (inp.from === undefined) return fail(`${at}.from`, `is required for an attack (the device whose address is spoofed)`);
        if (!byId.has(inp.from)) fail(`${at}.from`, `no device "${inp.from}" (devices: ${known})`);
        if (inp.from === device.id) fail(`${at}.from`, `must differ from the target device "${device.id}"`);
        if (inp.mode !== undefined && inp.attacker !== "forge") fail(`${at}.mode`, `only goes with "attacker": "forge"`);
        return { ...base, kind: "attack", attack: inp.attacker!, from: inp.from, mode: inp.mode ?? SCENARIO_DEFAULTS.forgeMode, back: inp.back ?? 1 };
      }
      case "button": {
        if (!pins.includes(inp.button!)) fail(`${at}.button`, `${device.role} "${device.id}" has no ${inp.button} button (its inputs: ${pins.join(", ")})`);
        const pressMs = inp.press_ms ?? SCENARIO_DEFAULTS.buttonPressMs;
        return { ...base, kind: "edges", pin: inp.button!, source: "button", pressMs, edges: [[atUs, 0], [edgeUs(pressMs, `${at}.press_ms`), 1]] };
      }
      default: {
        let pin: InputRole;
        if (inp.pin !== undefined) {
          if (!pins.includes(inp.pin)) fail(`${at}.pin`, `${device.role} "${device.id}" has no input pin "${inp.pin}" (its inputs: ${pins.join(", ")})`);
          pin = inp.pin;
        } else if (pins.length === 1) {
          pin = pins[0]!;
        } else {
          return fail(`${at}.pin`, `is required for a ${device.role} (one of ${pins.join(", ")})`);
        }
        if (kind === "press_ms") {
          const pressMs = inp.press_ms!;
          return { ...base, kind: "edges", pin, source: "press", pressMs, edges: [[atUs, 0], [edgeUs(pressMs, `${at}.press_ms`), 1]] };
        }
        if (kind === "edges") {
          let last = 0;
          const edges = inp.edges!.map(([offset, level], k): [number, Level] => {
            if (offset < last) fail(`${at}.edges[${k}][0]`, `offsets must not decrease (${offset} < ${last})`);
            last = offset;
            return [edgeUs(offset, `${at}.edges[${k}][0]`), level];
          });
          return { ...base, kind: "edges", pin, source: "edges", edges };
        }
        const tracePath = path.resolve(baseDir, inp.trace!);
        let rel: Array<[number, Level]>;
        try {
          rel = readTraceEdges(tracePath, inp.signal);
        } catch (err) {
          return fail(`${at}.trace`, errorText(err));
        }
        const edges = rel.map(([us, level]): [number, Level] => {
          if (!Number.isSafeInteger(atUs + us)) fail(`${at}.trace`, `an edge at ${us} µs ends beyond the simulator's clock (2^53 µs, about 285 years)`);
          return [atUs + us, level];
        });
        return { ...base, kind: "edges", pin, source: "trace", edges };
      }
    }
  }

  return {
    name: j.name ?? (file ? path.basename(file, ".json") : "scenario"),
    description: j.description,
    seed: j.seed ?? SCENARIO_DEFAULTS.seed,
    durationMs: j.duration_ms,
    wallClockStartS: j.wall_clock_start_s,
    radio,
    air: airFromJson(j.air, devices, fail),
    mqtt,
    devices,
    lte,
    inputs,
    file,
  };
}

/** The air model as JSON (snake_case): hidden pairs must name two different devices of the scenario. */
function airFromJson(a: AirJson | undefined, devices: ScenarioDevice[], fail: (where: string, why: string) => never): Partial<AirModel> | undefined {
  if (a === undefined) return undefined;
  const out: Partial<AirModel> = {};
  if (a.hidden !== undefined) {
    const ids = new Set(devices.map((d) => d.id));
    a.hidden.forEach(([x, y], i) => {
      for (const id of [x, y]) if (!ids.has(id)) fail(`air.hidden[${i}]`, `no device "${id}" (devices: ${[...ids].join(", ")})`);
      if (x === y) fail(`air.hidden[${i}]`, `must name two different devices, got "${x}" twice`);
    });
    out.hidden = a.hidden.map(([x, y]) => [x, y] as const);
  }
  if (a.rx_queue !== undefined) out.rxQueue = a.rx_queue;
  if (a.cpu_per_frame_us !== undefined) out.cpuPerFrameUs = a.cpu_per_frame_us;
  return out;
}

/** The radio model as JSON (snake_case); `fail` reports rules the schema cannot state. */
function radioFromJson(r: RadioJson | undefined, at: string, fail: (where: string, why: string) => never): RadioOverrides {
  if (r === undefined) return {};
  const out: RadioOverrides = {};
  if (r.loss !== undefined) out.loss = r.loss;
  if (r.duplicate !== undefined) out.duplicate = r.duplicate;
  if (r.ack_loss !== undefined) out.ackLoss = r.ack_loss;
  if (r.send_done_missing !== undefined) out.sendDoneMissing = r.send_done_missing;
  if (r.latency_ms !== undefined) {
    const [lo, hi] = r.latency_ms;
    if (hi < lo) fail(`${at}.latency_ms`, `min ${lo} is above max ${hi}`);
    out.latencyMs = [lo, hi];
  }
  if (r.burst !== undefined) {
    const burst: BurstModel = {
      meanGoodMs: r.burst.mean_good_ms,
      meanBadMs: r.burst.mean_bad_ms,
      lossGood: r.burst.loss_good ?? 0,
      lossBad: r.burst.loss_bad ?? 1,
    };
    out.burst = burst;
  }
  if (r.outages !== undefined) {
    out.outages = r.outages.map((o, i): Outage => {
      if (o.to_ms <= o.from_ms) fail(`${at}.outages[${i}].to_ms`, `must be after from_ms (${o.from_ms}), got ${o.to_ms}`);
      return { fromMs: o.from_ms, toMs: o.to_ms };
    });
  }
  if (r.listen !== undefined) {
    if (r.listen.window_ms > r.listen.period_ms) fail(`${at}.listen.window_ms`, `must be ≤ period_ms (${r.listen.period_ms}), got ${r.listen.window_ms}`);
    const listen: ListenModel = { periodMs: r.listen.period_ms, windowMs: r.listen.window_ms, phaseMs: r.listen.phase_ms ?? 0 };
    out.listen = listen;
  }
  return out;
}

/** The JSON shapes the schema admits (snake_case). */
interface RadioJson {
  loss?: number;
  burst?: { mean_good_ms: number; mean_bad_ms: number; loss_good?: number; loss_bad?: number };
  duplicate?: number;
  latency_ms?: [number, number];
  outages?: Array<{ from_ms: number; to_ms: number }>;
  listen?: { period_ms: number; window_ms: number; phase_ms?: number };
  ack_loss?: number;
  send_done_missing?: number;
}

interface AirJson {
  hidden?: Array<[string, string]>;
  rx_queue?: number;
  cpu_per_frame_us?: number;
}

interface DeviceJson {
  id: string;
  role: DeviceRole;
  name?: string;
  config?: unknown;
  radio?: RadioJson;
  start_ticks?: number;
  boot_ms?: number;
  input_latency_us?: number;
  transport?: Transport;
}

interface InputJson {
  at_ms: number;
  device?: string;
  phone?: string;
  sms?: string;
  answers?: "yes" | "no" | "busy" | "reject";
  press?: string;
  ring_ms?: number;
  modem?: ModemJson;
  press_ms?: number;
  pin?: InputRole;
  edges?: Array<[number, Level]>;
  trace?: string;
  signal?: string;
  button?: "acknowledge" | "reset" | "next";
  power?: "off" | "on";
  attacker?: "replay" | "forge";
  from?: string;
  mode?: ForgeMode;
  back?: number;
}

interface ScenarioJson {
  name?: string;
  description?: string;
  seed?: number;
  duration_ms: number;
  wall_clock_start_s?: number;
  radio?: RadioJson;
  air?: AirJson;
  mqtt?: { broker: string; post?: string; root?: string };
  lte?: LteJson;
  devices: DeviceJson[];
  inputs?: InputJson[];
}
