/**
 * Reads the provisioned identity of a caller or receiver from its own Preference domain
 * (`bell-id`, written by `bell provision`) into a `CallerConfig` / `ReceiverConfig`.
 *
 * The layout (key names ≤ 15 characters, NVS types as Moddable's Preference reads them: i32 →
 * number, string → string, blob → bytes) is the contract with the provisioning tool and is
 * documented in `docs/deploying.md` §Provisioning; `IDENTITY_KEYS` and `callerKey` are its names,
 * and `identity-writer.ts` writes it. Platform-free: the board (`firmware/moddable/boot.ts`), the
 * simulator's console boards and the XS engine read identities with it.
 * Node ids are u32 stored as i32 (two's complement: Preference integers are signed 32-bit) and
 * folded back with `>>> 0`. Nothing here throws on bad data: every problem is reported as
 * `{status: "invalid", key, reason}` naming the Preference key, and an empty domain as
 * `{status: "unprovisioned"}`, so the boot code can say so and keep the radio silent.
 */
import { checkConfig, ConfigError, KEY_BYTES, parseSettings, SETTINGS_DEFAULTS, type CallerConfig, type CallerEntry, type PeerIdentity, type ReceiverConfig } from "../core/config.ts";
import { checkDeployment, DeploymentError } from "../core/supervision/deployment-check.ts";
import type { Store, StoreValue } from "../hal/store.ts";
import { normalizeMac } from "../hal/mac.ts";
import { ESPNOW_LIMITS } from "../hal/radio.ts";
import { errorText } from "../core/error-text.ts";
import { DUTY_MAX, salvageEscalationSettings } from "../core/escalation/settings.ts";
import { ESCALATION_SETTINGS_KEY } from "../core/escalation/unavailable.ts";

/** Preference domain of the provisioned identity (the app's own state lives in "bell"). */
export const IDENTITY_DOMAIN = "bell-id";

/** Preference keys of the identity. */
export const IDENTITY_KEYS = {
  /** string "caller" | "receiver": which firmware this identity is for. */
  role: "role",
  /** string, 1…32 characters: the device id in event lines, e.g. "clinic". */
  id: "id",
  /** string: the place, e.g. "Trạm y tế". */
  name: "name",
  /** i32: this device's node id (u32, two's complement), 1…4294967295. */
  node: "node",
  /** i32: Wi-Fi channel 1…11, the same on every device of the deployment. */
  channel: "chan",
  /** string, optional: JSON settings, snake_case (`debounce_ms`, …; `firmware/core/config.ts`). */
  settings: "settings",
  /** caller: blob, 16 bytes: the caller's own key. */
  key: "key",
  /** caller: string, 1…32 characters: the receiver's device id, e.g. "post". */
  receiverId: "rx.id",
  /** caller: i32: the receiver's node id. */
  receiverNode: "rx.node",
  /** caller: string "aa:bb:cc:dd:ee:ff": the receiver's station MAC. */
  receiverMac: "rx.mac",
  /** caller: string: the receiver's place name. */
  receiverName: "rx.name",
  /** receiver: i32, 1…20: how many callers follow as c0.* … c<N−1>.*. */
  callers: "callers",
  /**
   * receiver, optional: i32, 1…10: how many duty officers follow as `d0.*` … `d<N−1>.*`
   * (`DUTY_FIELDS`). Absent: the post runs without escalation (issue 14).
   */
  duty: "duty",
  /**
   * receiver, optional, only with `duty`: string, JSON: the escalation settings other than the
   * duty list, snake_case (`escalate_after_ms`, … `firmware/core/escalation/settings.ts`);
   * absent: their defaults.
   */
  escalation: ESCALATION_SETTINGS_KEY,
} as const;

/**
 * The per-officer fields of the duty list, under `d<index>.<field>`: `phone` (string, E.164,
 * e.g. "+84901234567") and `name` (string, 1…32 characters, NFC, e.g. "Đ/c An"). One key per
 * field, as for callers, so that a corrupt value is reported by the key that holds it
 * (`d2.phone`); ten officers take 21 keys of at most 7 characters and under 100 bytes each.
 */
export const DUTY_FIELDS = ["phone", "name"] as const;

/** The Preference key of one field of duty officer `index` (0-based), e.g. `d0.phone`. */
export function dutyKey(index: number, field: (typeof DUTY_FIELDS)[number]): string {
  return `d${index}.${field}`;
}

/**
 * The per-caller fields a receiver stores, under `c<index>.<field>`. `hb` (i32, optional) is that
 * caller's `heartbeat_ms`, absent when it is the default (30000): the receiver checks its own
 * `offline_after_ms` against it at boot (`checkDeployment`).
 */
export const CALLER_FIELDS = ["id", "node", "mac", "name", "key", "hb"] as const;

/** The Preference key of one field of caller `index` (0-based), e.g. `c3.key`. */
export function callerKey(index: number, field: (typeof CALLER_FIELDS)[number]): string {
  return `c${index}.${field}`;
}

/** Longest device id, in characters. */
export const DEVICE_ID_MAX_CHARS = 32;

/** What reading an identity found. */
export type IdentityResult<C> =
  | { status: "ok"; deviceId: string; channel: number; config: C }
  | { status: "unprovisioned" }
  | { status: "invalid"; deviceId: string | undefined; key: string; reason: string };

/** A problem with one Preference key (internal: becomes `{status: "invalid"}`). */
class ProvisioningProblem extends Error {
  override get name() {
    return "ProvisioningProblem";
  }
  constructor(readonly key: string, readonly reason: string) {
    super(`${key}: ${reason}`);
  }
}

/**
 * Reads a caller's identity.
 * @param store the `bell-id` Preference domain.
 * @param selfAddress this chip's station MAC (`EspNow.stationAddress`).
 */
export function readCallerIdentity(store: Store, selfAddress: string): IdentityResult<CallerConfig> {
  return readIdentity(store, "caller", selfAddress, (read, self, settings) => ({
    self,
    key: read.bytes(IDENTITY_KEYS.key, KEY_BYTES),
    receiver: {
      id: read.text(IDENTITY_KEYS.receiverId, DEVICE_ID_MAX_CHARS),
      nodeId: read.nodeId(IDENTITY_KEYS.receiverNode),
      address: read.mac(IDENTITY_KEYS.receiverMac),
      name: read.text(IDENTITY_KEYS.receiverName),
    },
    settings,
  }));
}

/**
 * Reads a receiver's identity and its callers, and checks the deployment: its `offline_after_ms`
 * against every caller's heartbeat period (`c<i>.hb`, default 30000), so that a post never runs
 * a supervision that would report living callers offline (`checkDeployment`; issue 10 point 4).
 * A refused combination is `{status: "invalid", key: "settings" | "c<i>.hb", reason}` with both
 * devices' fields and the smallest valid value in the reason; the boot code reports it
 * (`provisioning_error`) and keeps the radio off.
 * @param store the `bell-id` Preference domain.
 * @param selfAddress this chip's station MAC (`EspNow.stationAddress`).
 */
export function readReceiverIdentity(store: Store, selfAddress: string): IdentityResult<ReceiverConfig> {
  return readIdentity(store, "receiver", selfAddress, (read, self, settings) => {
    const count = read.integer(IDENTITY_KEYS.callers, 1, ESPNOW_LIMITS.maxPeers);
    const callers: CallerEntry[] = [];
    for (let i = 0; i < count; i++) {
      const entry: CallerEntry = {
        id: read.text(callerKey(i, "id"), DEVICE_ID_MAX_CHARS),
        nodeId: read.nodeId(callerKey(i, "node")),
        address: read.mac(callerKey(i, "mac")),
        name: read.text(callerKey(i, "name")),
        key: read.bytes(callerKey(i, "key"), KEY_BYTES),
      };
      const heartbeatMs = read.heartbeat(callerKey(i, "hb"));
      if (heartbeatMs !== undefined) entry.heartbeatMs = heartbeatMs;
      callers.push(entry);
    }
    try {
      checkDeployment({ id: self.id, settings }, callers.map((c) => ({ id: c.id, settings: { heartbeatMs: c.heartbeatMs ?? SETTINGS_DEFAULTS.heartbeatMs } })));
    } catch (err) {
      if (!(err instanceof DeploymentError)) throw err;
      const key = err.field === "offline_after_ms" ? IDENTITY_KEYS.settings : callerKey(callers.findIndex((c) => c.id === err.callerId), "hb");
      throw new ProvisioningProblem(key, err.message);
    }
    return { self, callers, settings, ...readEscalation(read) };
  });
}

/**
 * The duty list and escalation settings of a receiver (`duty`, `d<i>.phone`, `d<i>.name`,
 * `escal`). None stored: no escalation. A damaged one is not a reason to keep the post deaf nor
 * to escalate in silence: the first problem becomes `escalationFault` {key, reason} naming the
 * Preference key (the app reports it, `escalation_off` bad_setting), and the post escalates to
 * what still reads and checks, by core's rule (`salvageEscalationSettings`): the readable
 * officers, the settings with a bad one at its default. A `duty` count lost, or smaller than the
 * officers stored, is damage naming `duty` (`writeIdentity` deletes every old key, so officers
 * beyond the count come only from damage); the officers stored are the list.
 */
function readEscalation(read: Reader): Pick<ReceiverConfig, "escalation" | "escalationFault"> {
  const K = IDENTITY_KEYS;
  let fault: { key: string; reason: string } | undefined;
  const attempt = <T>(f: () => T): T | undefined => {
    try {
      return f();
    } catch (err) {
      if (!(err instanceof ProvisioningProblem)) throw err;
      fault ??= { key: err.key, reason: err.reason };
      return undefined;
    }
  };
  const problem = (key: string, reason: string) => attempt(() => {
    throw new ProvisioningProblem(key, reason);
  });
  // the officers stored, whatever the count says (a key that cannot be read counts as stored)
  let stored = 0;
  while (stored < DUTY_MAX && attempt(() => read.has(dutyKey(stored, "phone")) || read.has(dutyKey(stored, "name"))) !== false) stored++;
  const hasCount = attempt(() => read.has(K.duty));
  if (hasCount === false && stored === 0) {
    if (attempt(() => read.has(K.escalation)) === true) problem(K.duty, `missing (${K.escalation} is stored: the duty list was lost)`);
    return fault === undefined ? {} : { escalationFault: fault };
  }
  let count = stored;
  if (hasCount === false) problem(K.duty, `missing, but ${stored} officer(s) are stored (d0 … d${stored - 1}): the count was lost`);
  else if (hasCount === true) {
    const c = attempt(() => read.integer(K.duty, 1, DUTY_MAX));
    if (c !== undefined && c < stored) problem(K.duty, `${c}, but ${stored} officers are stored (d0 … d${stored - 1})`);
    count = Math.max(c ?? 0, stored);
  }
  const duty: ({ phone: string; name: string } | undefined)[] = [];
  for (let i = 0; i < count; i++) {
    const phone = attempt(() => read.text(dutyKey(i, "phone")));
    const name = attempt(() => read.text(dutyKey(i, "name")));
    duty.push(phone === undefined || name === undefined ? undefined : { phone, name });
  }
  let others = attempt(() => read.json(K.escalation));
  if (typeof others === "object" && others !== null && !Array.isArray(others) && "duty" in others) {
    problem(K.escalation, "must not hold the duty list (it is stored as d<i>.phone, d<i>.name)");
    const { duty: _lost, ...rest } = others as Record<string, unknown>;
    others = rest;
  }
  const { settings, problems } = salvageEscalationSettings(duty, others, "escalation");
  for (const err of problems) {
    const officer = /^escalation\.duty\[(\d+)\]\.(phone|name)$/.exec(err.path);
    if (officer) problem(dutyKey(Number(officer[1]), officer[2] as "phone" | "name"), err.reason);
    else if (err.path === "escalation") problem(K.escalation, "must be a JSON object");
    else problem(err.path === "escalation.duty" || /^escalation\.duty\[/.test(err.path) ? K.duty : K.escalation, err.message);
  }
  return { ...(settings === undefined ? {} : { escalation: settings }), ...(fault === undefined ? {} : { escalationFault: fault }) };
}

type Role = "caller" | "receiver";

function readIdentity<C extends CallerConfig | ReceiverConfig>(
  store: Store,
  role: Role,
  selfAddress: string,
  build: (read: Reader, self: PeerIdentity, settings: CallerConfig["settings"]) => C,
): IdentityResult<C> {
  if (store.keys().length === 0) return { status: "unprovisioned" };
  const read = new Reader(store);
  let deviceId: string | undefined;
  try {
    const provisionedRole = read.text(IDENTITY_KEYS.role);
    if (provisionedRole !== "caller" && provisionedRole !== "receiver") {
      throw new ProvisioningProblem(IDENTITY_KEYS.role, `must be "caller" or "receiver", got "${provisionedRole}"`);
    }
    deviceId = read.text(IDENTITY_KEYS.id, DEVICE_ID_MAX_CHARS);
    if (provisionedRole !== role) {
      throw new ProvisioningProblem(IDENTITY_KEYS.role, `provisioned as a ${provisionedRole}, but this is the ${role} firmware`);
    }
    const channel = read.integer(IDENTITY_KEYS.channel, ESPNOW_LIMITS.minChannel, ESPNOW_LIMITS.maxChannel);
    let address: string;
    try {
      address = normalizeMac(selfAddress, "station address");
    } catch (err) {
      throw new ProvisioningProblem("(station address)", errorText(err));
    }
    const self: PeerIdentity = { id: deviceId, nodeId: read.nodeId(IDENTITY_KEYS.node), address, name: read.text(IDENTITY_KEYS.name) };
    const config = build(read, self, read.settings());
    try {
      checkConfig(config);
    } catch (err) {
      if (err instanceof ConfigError) throw new ProvisioningProblem(preferenceKeyOf(err.path), err.reason);
      throw err;
    }
    return { status: "ok", deviceId, channel, config };
  } catch (err) {
    if (err instanceof ProvisioningProblem) return { status: "invalid", deviceId, key: err.key, reason: err.reason };
    throw err;
  }
}

/** Typed reads of Preference keys; each throws `ProvisioningProblem` naming the key. */
class Reader {
  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  #value(key: string): StoreValue {
    const value = this.#get(key);
    if (value === undefined) throw new ProvisioningProblem(key, "missing");
    return value;
  }

  /** A read the medium refuses (Preference: "nvs get fail") is a problem with that key, not a crash. */
  #get(key: string): StoreValue | undefined {
    try {
      return this.#store.get(key);
    } catch (err) {
      throw new ProvisioningProblem(key, `cannot be read (${errorText(err)})`);
    }
  }

  /** Whether `key` is stored. */
  has(key: string): boolean {
    return this.#get(key) !== undefined;
  }

  /** A JSON string, parsed; undefined when absent. */
  json(key: string): unknown {
    const value = this.#get(key);
    if (value === undefined) return undefined;
    if (typeof value !== "string") throw new ProvisioningProblem(key, "must be a JSON string");
    try {
      return JSON.parse(value);
    } catch (err) {
      throw new ProvisioningProblem(key, `not JSON (${errorText(err)})`);
    }
  }

  text(key: string, maxChars?: number): string {
    const value = this.#value(key);
    if (typeof value !== "string" || value.length === 0) throw new ProvisioningProblem(key, "must be a non-empty string");
    if (maxChars !== undefined && value.length > maxChars) throw new ProvisioningProblem(key, `must be at most ${maxChars} characters`);
    return value;
  }

  integer(key: string, min: number, max: number): number {
    const value = this.#value(key);
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
      throw new ProvisioningProblem(key, `must be an integer (i32) ${min}…${max}, got ${describe(value)}`);
    }
    return value;
  }

  /** A u32 node id stored as i32; 0 is refused. */
  nodeId(key: string): number {
    const value = this.#value(key);
    if (typeof value !== "number" || !Number.isInteger(value) || value < -0x8000_0000 || value > 0xffff_ffff || value === 0) {
      throw new ProvisioningProblem(key, `must be a node id 1…4294967295 stored as i32, got ${describe(value)}`);
    }
    return value >>> 0;
  }

  bytes(key: string, length: number): Uint8Array {
    const value = this.#value(key);
    if (!(value instanceof Uint8Array) || value.length !== length) {
      throw new ProvisioningProblem(key, `must be a blob of ${length} bytes, got ${describe(value)}`);
    }
    return value;
  }

  mac(key: string): string {
    const value = this.text(key);
    try {
      return normalizeMac(value, key);
    } catch (err) {
      throw new ProvisioningProblem(key, errorText(err));
    }
  }

  /** A caller's heartbeat period (`c<i>.hb`, optional): its `heartbeat_ms`, checked as settings are; undefined when absent. */
  heartbeat(key: string): number | undefined {
    const value = this.#get(key);
    if (value === undefined) return undefined;
    try {
      return parseSettings({ heartbeat_ms: value }, key).heartbeatMs;
    } catch (err) {
      if (err instanceof ConfigError) throw new ProvisioningProblem(key, err.reason);
      throw err;
    }
  }

  settings(): CallerConfig["settings"] {
    const key = IDENTITY_KEYS.settings;
    const value = this.#get(key);
    if (value === undefined) return parseSettings(undefined, key);
    if (typeof value !== "string") throw new ProvisioningProblem(key, "must be a JSON string");
    let json: unknown;
    try {
      json = JSON.parse(value);
    } catch (err) {
      throw new ProvisioningProblem(key, `not JSON (${errorText(err)})`);
    }
    try {
      return parseSettings(json, key);
    } catch (err) {
      if (err instanceof ConfigError) throw new ProvisioningProblem(key, err.message);
      throw err;
    }
  }
}

/** Maps a `checkConfig` path to the Preference key it came from. */
function preferenceKeyOf(path: string): string {
  const caller = /^callers\[(\d+)\]\.(id|node_id|key|address)$/.exec(path);
  if (caller) {
    const field = ({ id: "id", node_id: "node", key: "key", address: "mac" } as const)[caller[2] as "id" | "node_id" | "key" | "address"];
    return callerKey(Number(caller[1]), field);
  }
  const fixed: Record<string, string> = {
    "self.id": IDENTITY_KEYS.id,
    "self.node_id": IDENTITY_KEYS.node,
    "receiver.id": IDENTITY_KEYS.receiverId,
    "receiver.node_id": IDENTITY_KEYS.receiverNode,
    "receiver.address": IDENTITY_KEYS.receiverMac,
    key: IDENTITY_KEYS.key,
    callers: IDENTITY_KEYS.callers,
  };
  return fixed[path] ?? path;
}

function describe(value: StoreValue): string {
  if (value instanceof Uint8Array) return `${value.length} bytes`;
  return typeof value === "string" ? `"${value}"` : String(value);
}
