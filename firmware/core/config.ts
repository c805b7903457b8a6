/**
 * Device configuration: identity (from provisioning) and tunable settings, validated.
 *
 * Two shapes: the JSON settings people write (snake_case, ms in the name, as in scenario files
 * and the provisioning registry; ARCHITECTURE §4) and the camelCase options the apps use.
 * `parseSettings` turns the first into the second and refuses bad values with the path of the
 * field, never clamping (STYLE rule 4).
 */

import { type EscalationSettings, EscalationSettingsError, escalationSettingsJson, parseEscalationSettings } from "./escalation/settings.ts";
import { DEBOUNCE_STRATEGIES, DEBOUNCE_WINDOW_LIMITS, type DebounceStrategy } from "./debounce/types.ts";

/** Length of every device key in bytes (HMAC-SHA256 key, 128 bits). */
export const KEY_BYTES = 16;

/** Tunable settings of a device, camelCase, units in the names. */
export interface Settings {
  /** Debounce strategy for the alarm button (and operator buttons). */
  debounceStrategy: DebounceStrategy;
  /** Debounce window, ms, 1…1000 (`DEBOUNCE_WINDOW_LIMITS`, `debounce/types.ts`). */
  debounceMs: number;
  /** Hold-to-trigger: a debounced press counts only after being held this long, ms, 0…10000 (0 = at once). */
  holdMs: number;
  /** A press held this long is a stuck button (a fault, never an alarm), ms, > holdMs, ≤ 600000. */
  stuckMs: number;
  /** Caller heartbeat period, ms, 1000…3600000. */
  heartbeatMs: number;
  /**
   * Receiver: a caller silent this long is offline, ms, 1000…7200000 (EN 50131 G2 ≤ 2 h). Checked
   * against every caller's `heartbeatMs` as a deployment, not here
   * (`supervision/deployment-check.ts`): 114101 ms at least for the default 30 s heartbeats.
   */
  offlineAfterMs: number;
}

/**
 * Defaults, with their reasons:
 * - debounce 30 ms integrate: longer than contact bounce of tact switches (≤ 10–20 ms typical)
 *   yet far below the 400 ms minimum alarm signal EN 50131 devices must detect. `integrate`, not
 *   `defer`: a worn or dirty contact that opens for ms every 10–30 ms while held is still a press
 *   (`defer` never sees one), and every hostile input class and real capture of `make bench`
 *   gives the same verdicts (`firmware/core/debounce/README.md`, `bench/field-contact.ts`,
 *   `test/field/worn-contact-long-press-raises-exactly-one-alarm.test.ts`).
 * - hold 100 ms: a press must last 100 ms to raise an alarm. (The release is debounced as late
 *   as the press, so the raw press must last the hold itself, not debounce + hold: a 70 ms
 *   hold let 70 ms pulses through; `test/adversarial/default-settings-raise-no-alarm-from-a-
 *   pulse-shorter-than-100-ms.test.ts`.) A deliberate press, even a panicked tap, lasts
 *   longer; interference does not: the real DCF77 capture in `shared/data/traces` has 46
 *   spikes of 30–75.6 ms that a bare 30 ms debounce takes for presses (`test/trace`,
 *   `bench/report.md`). 100 ms is far below the 400 ms signal that EN 50131 devices must
 *   detect (alarm-field-facts §2), so no required alarm is lost; the press → siren time is
 *   the debounce plus the hold, 130 ms. Installers may raise it (e.g. 400 ms,
 *   hold-to-trigger, alarm-field-facts §7) where false presses are a problem, or set 0.
 * - stuck 30 s: no real panic press is that long; a shorted cable is.
 * - heartbeat 30 s, offline after 120 s: within Ajax's 12–300 s ping range and far inside
 *   EN 50131 grade 2's 2 h (alarm-field-facts §1.1, §2.2); see firmware/core/supervision/README.md.
 */
export const SETTINGS_DEFAULTS: Readonly<Settings> = Object.freeze({
  debounceStrategy: "integrate",
  debounceMs: 30,
  holdMs: 100,
  stuckMs: 30_000,
  heartbeatMs: 30_000,
  offlineAfterMs: 120_000,
});

/** The JSON names of the settings (snake_case contract) and their camelCase fields. */
export const SETTINGS_JSON_NAMES = {
  debounce_strategy: "debounceStrategy",
  debounce_ms: "debounceMs",
  hold_ms: "holdMs",
  stuck_ms: "stuckMs",
  heartbeat_ms: "heartbeatMs",
  offline_after_ms: "offlineAfterMs",
} as const satisfies Record<string, keyof Settings>;

/** A settings field that failed validation: `path` is the JSON path, e.g. `devices[1].config.hold_ms`. */
export class ConfigError extends RangeError {
  override get name() {
    return "ConfigError";
  }
  constructor(readonly path: string, readonly reason: string) {
    super(`${path}: ${reason}`);
  }
}

const INT_RANGES: { [K in Exclude<keyof Settings, "debounceStrategy">]: [number, number] } = {
  debounceMs: [DEBOUNCE_WINDOW_LIMITS.minMs, DEBOUNCE_WINDOW_LIMITS.maxMs],
  holdMs: [0, 10_000],
  stuckMs: [1, 600_000],
  heartbeatMs: [1000, 3_600_000],
  offlineAfterMs: [1000, 7_200_000],
};

/**
 * Validates JSON settings (snake_case, all optional) and merges them over `SETTINGS_DEFAULTS`.
 * @param json the `config` object of a scenario device or registry entry; undefined = defaults.
 * @param path JSON path of `json`, used in error messages.
 * @throws ConfigError naming the field for an unknown key, a wrong type, a value out of range,
 *   or inconsistent values (stuck_ms ≤ hold_ms). The post's `offline_after_ms` against its
 *   callers' `heartbeat_ms` is a property of the deployment, checked by `checkDeployment`
 *   (`supervision/deployment-check.ts`): one device's settings cannot decide it, and a caller's
 *   `offline_after_ms` or a post's `heartbeat_ms` does nothing, so neither is demanded.
 */
export function parseSettings(json: unknown, path = "config"): Settings {
  const out: Settings = { ...SETTINGS_DEFAULTS };
  if (json === undefined) return out;
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    throw new ConfigError(path, "must be an object");
  }
  for (const [key, value] of Object.entries(json as Record<string, unknown>)) {
    // Own keys only: "constructor", "toString", "__proto__" … are inherited by every object.
    const field = Object.prototype.hasOwnProperty.call(SETTINGS_JSON_NAMES, key)
      ? (SETTINGS_JSON_NAMES as Record<string, keyof Settings>)[key]
      : undefined;
    const at = `${path}.${key}`;
    if (field === undefined) {
      throw new ConfigError(at, `unknown setting (known: ${Object.keys(SETTINGS_JSON_NAMES).join(", ")})`);
    }
    if (field === "debounceStrategy") {
      if (!(DEBOUNCE_STRATEGIES as readonly unknown[]).includes(value)) {
        throw new ConfigError(at, `must be one of ${DEBOUNCE_STRATEGIES.map((s) => `"${s}"`).join(", ")}`);
      }
      out.debounceStrategy = value as DebounceStrategy;
      continue;
    }
    const [min, max] = INT_RANGES[field];
    if (typeof value !== "number" || !Number.isInteger(value)) throw new ConfigError(at, "must be an integer (ms)");
    if (value < min || value > max) throw new ConfigError(at, `must be ${min}…${max} ms, got ${value}`);
    out[field] = value;
  }
  if (out.stuckMs <= out.holdMs) throw new ConfigError(`${path}.stuck_ms`, `must be greater than hold_ms (${out.holdMs})`);
  return out;
}

/**
 * The one alphabet of device ids, everywhere an id is accepted (scenario, registry, device
 * config, console provisioning, the MQTT bridge): 1…32 ASCII letters, digits, `-` or `_`.
 * Ids become MQTT topic levels, Home Assistant object ids (`[a-zA-Z0-9_-]+`, HA
 * `homeassistant/components/mqtt/discovery.py`) and file names; a control character in a
 * topic makes a broker drop the client that publishes it (mosquitto), so an id that could carry
 * one would silence every entity of its post. Issue 16.
 */
export const DEVICE_ID_RULE = {
  pattern: /^[A-Za-z0-9_-]{1,32}$/,
  maxChars: 32,
  words: 'must be 1…32 letters (A–Z, a–z), digits, "-" or "_"',
} as const;

/** Whether `id` is a device id in the one alphabet (`DEVICE_ID_RULE`). */
export function isDeviceId(id: unknown): id is string {
  return typeof id === "string" && DEVICE_ID_RULE.pattern.test(id);
}

/** A peer as a device knows it: node id, radio address, and the place it stands for. */
export interface PeerIdentity {
  /** Device id, unique in the deployment, as events name it (`"clinic"`, `"post"`). `DEVICE_ID_RULE`. */
  id: string;
  /** Node id, u32, unique in the deployment. */
  nodeId: number;
  /** Radio address: a MAC "aa:bb:cc:dd:ee:ff" for ESP-NOW, `mqtt:<device id>` for MQTT (`firmware/stack/radio-router.ts`). */
  address: string;
  /** Place name shown at the post, e.g. "Trạm y tế". */
  name: string;
}

/** Everything a caller needs to run. */
export interface CallerConfig {
  self: PeerIdentity;
  /** The caller's own key (16 bytes), shared with its receiver only. */
  key: Uint8Array;
  receiver: PeerIdentity;
  settings: Settings;
}

/** A caller as its receiver knows it. */
export interface CallerEntry extends PeerIdentity {
  /** That caller's key (16 bytes). */
  key: Uint8Array;
  /**
   * That caller's `heartbeat_ms` as provisioned (`c<i>.hb`), when not the default: the receiver
   * checks its `offline_after_ms` against it (`supervision/deployment-check.ts`). Undefined = default.
   */
  heartbeatMs?: number;
}

/** Everything a receiver needs to run. */
export interface ReceiverConfig {
  self: PeerIdentity;
  callers: readonly CallerEntry[];
  settings: Settings;
  /**
   * The duty list and escalation settings (issue 14; `bell provision init --escalation`), when
   * the post escalates unanswered alarms to phones; absent: no escalation.
   */
  escalation?: EscalationSettings;
  /**
   * Set when the duty list or escalation settings stored in the identity are corrupt or out of
   * range (`firmware/stack/identity.ts`): the first Preference key and why, in words. The post
   * says so at each boot (`escalation_off` bad_setting, a fault) and still escalates to what
   * reads and checks (`escalation`, by `salvageEscalationSettings`), or not at all when no
   * officer does (`escalation` absent).
   */
  escalationFault?: { key: string; reason: string };
  /** The LTE module's AT dialect (`firmware/stack/at/`); default `MODEM_DEFAULT`. */
  modem?: ModemVendor;
}

/** The LTE modules the AT driver speaks to (docs/deploying.md): SIMCom A76xx or Quectel EC200U/EC800M. */
export type ModemVendor = "simcom" | "quectel";

/**
 * The AT dialect of a receiver whose config names none (`ReceiverConfig.modem` absent: the
 * identity layout has no vendor key): SIMCom, the module docs/deploying.md recommends.
 */
export const MODEM_DEFAULT: ModemVendor = "simcom";

/**
 * Checks identities and keys of a caller or receiver config.
 * @throws ConfigError naming the field: node ids must be distinct u32, keys 16 bytes, a
 *   receiver has 1…20 callers (ESP-NOW peer limit, `ESP_NOW_MAX_TOTAL_PEER_NUM`); its
 *   `escalation` passes `parseEscalationSettings` (E.164 duty numbers, no repeats, ranges; path
 *   `escalation.…`) and `modem` is a known vendor.
 */
export function checkConfig(config: CallerConfig | ReceiverConfig): void {
  const checkId = (p: PeerIdentity, at: string) => {
    if (!Number.isInteger(p.nodeId) || p.nodeId < 1 || p.nodeId > 0xffff_ffff) {
      throw new ConfigError(`${at}.node_id`, "must be an integer 1…4294967295");
    }
    if (typeof p.address !== "string" || p.address.length === 0) throw new ConfigError(`${at}.address`, "must be a non-empty string");
    if (!isDeviceId(p.id)) throw new ConfigError(`${at}.id`, `${DEVICE_ID_RULE.words}, got ${JSON.stringify(p.id)}`);
  };
  const checkKey = (k: Uint8Array, at: string) => {
    if (!(k instanceof Uint8Array) || k.length !== KEY_BYTES) throw new ConfigError(at, `must be ${KEY_BYTES} bytes`);
  };
  checkId(config.self, "self");
  if ("receiver" in config) {
    checkId(config.receiver, "receiver");
    checkKey(config.key, "key");
    if (config.receiver.nodeId === config.self.nodeId) throw new ConfigError("receiver.node_id", "equals the caller's own node id");
    return;
  }
  if (config.callers.length < 1 || config.callers.length > 20) throw new ConfigError("callers", "must list 1…20 callers (ESP-NOW peer limit)");
  if (config.modem !== undefined && config.modem !== "simcom" && config.modem !== "quectel") throw new ConfigError("modem", `must be "simcom" or "quectel", got ${JSON.stringify(config.modem)}`);
  if (config.escalation !== undefined) {
    try {
      parseEscalationSettings(escalationSettingsJson(config.escalation));
    } catch (err) {
      if (err instanceof EscalationSettingsError) throw new ConfigError(err.path, err.reason);
      throw err;
    }
  }
  const seen = new Set<number>([config.self.nodeId]);
  config.callers.forEach((c, i) => {
    checkId(c, `callers[${i}]`);
    checkKey(c.key, `callers[${i}].key`);
    if (seen.has(c.nodeId)) throw new ConfigError(`callers[${i}].node_id`, `${c.nodeId} is used twice`);
    seen.add(c.nodeId);
  });
}
