/**
 * Writes a provisioned identity into the `bell-id` Preference domain, in exactly the layout the
 * firmware reads (`identity.ts`: `IDENTITY_KEYS`, `callerKey`; `docs/deploying.md` §4). It is
 * the device's half of `bell provision`: the console's `provision` command (`console.ts`) parses
 * the identity the host sends, checks every field, and writes it here.
 *
 * The same code runs on the host: `bell provision` builds an `Identity` from its registry,
 * sends `identityToJson(identity)`, and predicts the device's `identityChecksum` from
 * `identityEntries(identity)`, so host and device agree on one layout by construction.
 *
 * Wire form (JSON, one object; keys as 32 hex digits; node ids as u32 numbers):
 * - caller: `{"role":"caller","id","name","node","channel","key","receiver":{"id","node","mac","name"},"settings"?}`
 * - receiver: `{"role":"receiver","id","name","node","channel","callers":[{"id","node","mac","name","key","heartbeat_ms"?}…],"settings"?,"escalation"?}`
 *   where `escalation` is `{"duty":[{"phone","name"}…],"escalate_after_ms"?,…}` as the registry holds it
 *   (`firmware/core/escalation/settings.ts`).
 *
 * Platform-free: runs on XS and Node. `parseIdentity` never throws anything but
 * `IdentityFieldError`, and its messages never contain a key's value.
 */
import { ConfigError, DEVICE_ID_RULE, isDeviceId, KEY_BYTES, parseSettings, SETTINGS_DEFAULTS } from "../core/config.ts";
import { checkDeployment, DeploymentError } from "../core/supervision/deployment-check.ts";
import { normalizeMac } from "../hal/mac.ts";
import { ESPNOW_LIMITS } from "../hal/radio.ts";
import { checkStoreEntry, type Store, type StoreValue } from "../hal/store.ts";
import { EscalationSettingsError, parseEscalationSettings } from "../core/escalation/settings.ts";
import { callerKey, DEVICE_ID_MAX_CHARS, dutyKey, IDENTITY_KEYS } from "./identity.ts";
import { Crc32 } from "./crc32.ts";

/** Limits the writer adds to the reader's (which only asks for non-empty names). */
export const IDENTITY_LIMITS = {
  /** Longest place name, characters: it must fit a timeline column and a small display. */
  nameMaxChars: 64,
  /** Highest node id (u32). */
  nodeMax: 0xffff_ffff,
  /** Most callers a receiver takes (ESP-NOW peer list, `ESP_NOW_MAX_TOTAL_PEER_NUM`). */
  callersMax: ESPNOW_LIMITS.maxPeers,
  /** Hex digits of a key (16 bytes). */
  keyHexDigits: KEY_BYTES * 2,
} as const;

/** A peer as an identity names it. */
export interface IdentityPeer {
  /** Device id, 1…32 characters, e.g. "post". */
  id: string;
  /** Node id, u32 1…4294967295. */
  nodeId: number;
  /** Station MAC, lower case "aa:bb:cc:dd:ee:ff". */
  mac: string;
  /** Place name, 1…64 characters. */
  name: string;
}

/** A caller as its receiver's identity lists it. */
export interface IdentityCaller extends IdentityPeer {
  /** That caller's key, 16 bytes. */
  key: Uint8Array;
  /**
   * That caller's `heartbeat_ms` (1000…3600000), when not the default 30000: the receiver checks
   * its `offline_after_ms` against it (`checkDeployment`). Stored as `c<i>.hb`.
   */
  heartbeatMs?: number;
}

interface IdentityBase {
  /** This device's id, 1…32 characters, e.g. "clinic". */
  id: string;
  /** This device's place name, 1…64 characters. */
  name: string;
  /** This device's node id, u32 1…4294967295. */
  nodeId: number;
  /** Wi-Fi channel 1…11, the same on every device of the deployment. */
  channel: number;
  /** JSON settings, snake_case (`firmware/core/config.ts`), as given; undefined = defaults. */
  settings?: Record<string, unknown>;
}

/** What a caller is provisioned with. */
export interface CallerIdentity extends IdentityBase {
  role: "caller";
  /** The caller's own key, 16 bytes. */
  key: Uint8Array;
  receiver: IdentityPeer;
}

/** What a receiver is provisioned with. */
export interface ReceiverIdentity extends IdentityBase {
  role: "receiver";
  /** 1…20 callers. */
  callers: IdentityCaller[];
  /**
   * The duty list and escalation settings (issue 14), JSON as the registry holds them
   * (`{duty: [{phone, name}], escalate_after_ms?, …}`); undefined = no escalation. Stored as
   * `duty`, `d<i>.phone`, `d<i>.name` and `escal` (the other settings, only when given).
   */
  escalation?: Record<string, unknown>;
}

export type Identity = CallerIdentity | ReceiverIdentity;

/** A field of a sent identity is wrong: `path` is its JSON path (e.g. `callers[2].mac`). */
export class IdentityFieldError extends Error {
  override get name() {
    return "IdentityFieldError";
  }
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${path}: ${reason}`);
  }
}

const BASE_FIELDS = ["role", "id", "name", "node", "channel", "settings"] as const;
const CALLER_FIELDS = [...BASE_FIELDS, "key", "receiver"] as const;
const RECEIVER_FIELDS = [...BASE_FIELDS, "callers", "escalation"] as const;
const PEER_FIELDS = ["id", "node", "mac", "name"] as const;
const LISTED_CALLER_FIELDS = [...PEER_FIELDS, "key", "heartbeat_ms"] as const;

/**
 * Checks and converts the JSON of an identity (the wire form above).
 * @throws IdentityFieldError naming the JSON path of the first bad field and why: a missing or
 *   unknown field, a wrong type, a value out of range, a key that is not 32 hex digits, a MAC
 *   that is not "aa:bb:cc:dd:ee:ff", a bad setting (`settings.hold_ms`, via `parseSettings`),
 *   a receiver node equal to the caller's, callers with the same id, node id or MAC, a
 *   receiver's `settings.offline_after_ms` too short for a caller's `heartbeat_ms`
 *   (`checkDeployment`: the message names both and the smallest valid value), a bad duty list
 *   or escalation setting (`escalation.duty[1].phone`, via `parseEscalationSettings`).
 */
export function parseIdentity(json: unknown): Identity {
  const o = object(json, "(identity)");
  const role = o.role;
  if (role !== "caller" && role !== "receiver") throw new IdentityFieldError("role", `must be "caller" or "receiver"`);
  known(o, "", role === "caller" ? CALLER_FIELDS : RECEIVER_FIELDS);
  const base = {
    id: deviceId(o.id, "id"),
    name: placeName(o.name, "name"),
    nodeId: nodeId(o.node, "node"),
    channel: integer(o.channel, "channel", ESPNOW_LIMITS.minChannel, ESPNOW_LIMITS.maxChannel),
    ...(o.settings === undefined ? {} : { settings: settings(o.settings) }),
  };
  if (role === "caller") {
    const r = object(o.receiver, "receiver");
    known(r, "receiver.", PEER_FIELDS);
    const receiver = peer(r, "receiver.");
    if (receiver.nodeId === base.nodeId) throw new IdentityFieldError("receiver.node", "equals the caller's own node id");
    return { role, ...base, key: key(o.key, "key"), receiver };
  }
  if (!Array.isArray(o.callers) || o.callers.length < 1 || o.callers.length > IDENTITY_LIMITS.callersMax) {
    throw new IdentityFieldError("callers", `must be a list of 1…${IDENTITY_LIMITS.callersMax} callers`);
  }
  const callers: IdentityCaller[] = [];
  const seen = { id: new Set<string>([base.id]), node: new Set<number>([base.nodeId]), mac: new Set<string>() };
  o.callers.forEach((item: unknown, i: number) => {
    const at = `callers[${i}]`;
    const c = object(item, at);
    known(c, `${at}.`, LISTED_CALLER_FIELDS);
    const entry: IdentityCaller = { ...peer(c, `${at}.`), key: key(c.key, `${at}.key`) };
    if (c.heartbeat_ms !== undefined) entry.heartbeatMs = heartbeat(c.heartbeat_ms, `${at}.heartbeat_ms`);
    if (seen.id.has(entry.id)) throw new IdentityFieldError(`${at}.id`, `"${entry.id}" is used twice`);
    if (seen.node.has(entry.nodeId)) throw new IdentityFieldError(`${at}.node`, `${entry.nodeId} is used twice`);
    if (seen.mac.has(entry.mac)) throw new IdentityFieldError(`${at}.mac`, `${entry.mac} is used twice (one board, two callers?)`);
    seen.id.add(entry.id);
    seen.node.add(entry.nodeId);
    seen.mac.add(entry.mac);
    callers.push(entry);
  });
  const offlineAfterMs = parseSettings(base.settings, "settings").offlineAfterMs;
  try {
    checkDeployment(
      { id: base.id, settings: { offlineAfterMs } },
      callers.map((c) => ({ id: c.id, settings: { heartbeatMs: c.heartbeatMs ?? SETTINGS_DEFAULTS.heartbeatMs } })),
    );
  } catch (err) {
    if (!(err instanceof DeploymentError)) throw err;
    const at = err.field === "offline_after_ms" ? "settings.offline_after_ms" : `callers[${callers.findIndex((c) => c.id === err.callerId)}].heartbeat_ms`;
    throw new IdentityFieldError(at, err.message);
  }
  return { role, ...base, callers, ...(o.escalation === undefined ? {} : { escalation: escalation(o.escalation) }) };
}

/** The wire form of an identity (inverse of `parseIdentity`), fields in a fixed order. */
export function identityToJson(identity: Identity): string {
  const peerJson = (p: IdentityPeer) => ({ id: p.id, node: p.nodeId, mac: p.mac, name: p.name });
  const head = { role: identity.role, id: identity.id, name: identity.name, node: identity.nodeId, channel: identity.channel };
  const body =
    identity.role === "caller"
      ? { key: toHex(identity.key), receiver: peerJson(identity.receiver) }
      : {
          callers: identity.callers.map((c) => ({ ...peerJson(c), key: toHex(c.key), ...(c.heartbeatMs === undefined ? {} : { heartbeat_ms: c.heartbeatMs }) })),
          ...(identity.escalation === undefined ? {} : { escalation: identity.escalation }),
        };
  return JSON.stringify({ ...head, ...body, ...(identity.settings === undefined ? {} : { settings: identity.settings }) });
}

/**
 * The Preference entries of an identity, in layout order (`docs/deploying.md` §4): node ids as
 * i32 (two's complement), keys as 16-byte blobs, MACs lower case, settings as a JSON string.
 */
export function identityEntries(identity: Identity): Array<[key: string, value: StoreValue]> {
  const K = IDENTITY_KEYS;
  const entries: Array<[string, StoreValue]> = [
    [K.role, identity.role],
    [K.id, identity.id],
    [K.name, identity.name],
    [K.node, identity.nodeId | 0],
    [K.channel, identity.channel],
  ];
  if (identity.settings !== undefined) entries.push([K.settings, JSON.stringify(identity.settings)]);
  if (identity.role === "caller") {
    const r = identity.receiver;
    entries.push([K.key, identity.key.slice()], [K.receiverId, r.id], [K.receiverNode, r.nodeId | 0], [K.receiverMac, r.mac], [K.receiverName, r.name]);
  } else {
    entries.push([K.callers, identity.callers.length]);
    identity.callers.forEach((c, i) => {
      entries.push(
        [callerKey(i, "id"), c.id],
        [callerKey(i, "node"), c.nodeId | 0],
        [callerKey(i, "mac"), c.mac],
        [callerKey(i, "name"), c.name],
        [callerKey(i, "key"), c.key.slice()],
      );
      if (c.heartbeatMs !== undefined) entries.push([callerKey(i, "hb"), c.heartbeatMs]);
    });
    if (identity.escalation !== undefined) {
      const { duty, ...others } = identity.escalation as { duty: { phone: string; name: string }[] };
      entries.push([K.duty, duty.length]);
      duty.forEach((d, i) => entries.push([dutyKey(i, "phone"), d.phone], [dutyKey(i, "name"), d.name]));
      if (Object.keys(others).length > 0) entries.push([K.escalation, JSON.stringify(others)]);
    }
  }
  return entries;
}

/**
 * Writes `identity` into the `bell-id` store, replacing whatever was there.
 *
 * Order, so that power lost halfway never leaves a mix of two identities that reads as valid:
 * every entry is checked against the Preference limits first (nothing is written if one fails),
 * then `role` is deleted (the reader now reports the identity invalid: "role: missing"), keys
 * of the old layout that the new one lacks are deleted, the entries are written, and `role`
 * last. A write the medium refuses is thrown as is (the identity is then incomplete and reads
 * as invalid until provisioned again).
 * @returns the number of entries written.
 * @throws RangeError from `checkStoreEntry` (before any write); Error from the store.
 */
export function writeIdentity(store: Store, identity: Identity): number {
  const entries = identityEntries(identity);
  for (const [key, value] of entries) checkStoreEntry(key, value);
  const wanted = new Set(entries.map(([key]) => key));
  store.delete(IDENTITY_KEYS.role);
  for (const key of store.keys()) if (!wanted.has(key)) store.delete(key);
  for (const [key, value] of entries) if (key !== IDENTITY_KEYS.role) store.set(key, value);
  store.set(IDENTITY_KEYS.role, identity.role);
  return entries.length;
}

/**
 * The first key whose stored value differs from `entries` (or that is stored but not in them),
 * or undefined when the store holds exactly `entries`.
 */
export function identityMismatch(store: Store, entries: ReadonlyArray<readonly [string, StoreValue]>): string | undefined {
  const wanted = new Map(entries.map(([k, v]) => [k, v]));
  for (const [key, value] of wanted) if (!sameValue(store.get(key), value)) return key;
  for (const key of store.keys()) if (!wanted.has(key)) return key;
  return undefined;
}

/**
 * A fingerprint of an identity's Preference entries: CRC-32 over the entries sorted by key, each
 * as `key`, NUL, a type letter (`i` integer, `s` string, `b` bytes as hex, `t`/`f` boolean), the
 * value, LF. The same entries give the same value on XS and Node, so `bell provision` can tell
 * whether a device holds exactly the identity its registry gives it, without reading keys back.
 * @returns a u32.
 */
export function identityChecksum(entries: ReadonlyArray<readonly [string, StoreValue]>): number {
  const sorted = [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const crc = new Crc32();
  for (const [key, value] of sorted) {
    let text: string;
    if (typeof value === "number") text = `i${value}`;
    else if (typeof value === "string") text = `s${value}`;
    else if (typeof value === "boolean") text = value ? "t" : "f";
    else text = `b${toHex(value)}`;
    crc.utf8(`${key}\u0000${text}\n`);
  }
  return crc.value;
}

/** The entries a store holds, in key order (for `identityChecksum` of what a device has). */
export function storedEntries(store: Store): Array<[string, StoreValue]> {
  const out: Array<[string, StoreValue]> = [];
  for (const key of store.keys()) {
    const value = store.get(key);
    if (value !== undefined) out.push([key, value]);
  }
  return out;
}

/** Bytes as lower-case hex. */
export function toHex(bytes: Uint8Array): string {
  let text = "";
  for (let i = 0; i < bytes.length; i++) text += (bytes[i]! < 0x10 ? "0" : "") + bytes[i]!.toString(16);
  return text;
}

function sameValue(a: StoreValue | undefined, b: StoreValue): boolean {
  if (a instanceof Uint8Array && b instanceof Uint8Array) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  return a === b;
}

function object(value: unknown, path: string): Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw new IdentityFieldError(path, "must be an object");
  return value as Record<string, unknown>;
}

function known(o: Record<string, unknown>, prefix: string, fields: readonly string[]): void {
  for (const name of Object.keys(o)) {
    if (!fields.includes(name)) throw new IdentityFieldError(`${prefix}${name}`, `unknown field (known: ${fields.join(", ")})`);
  }
}

function text(value: unknown, path: string, maxChars: number): string {
  if (value === undefined) throw new IdentityFieldError(path, "missing");
  if (typeof value !== "string" || value.length === 0) throw new IdentityFieldError(path, "must be a non-empty string");
  // Count code points, as XS's `length` does on the device, so both ends refuse the same names.
  let chars = 0;
  for (const ch of value) {
    const c = ch.codePointAt(0)!;
    if (c < 0x20 || c === 0x7f) throw new IdentityFieldError(path, "must not contain control characters");
    chars++;
  }
  if (chars > maxChars) throw new IdentityFieldError(path, `must be at most ${maxChars} characters, got ${chars}`);
  return value;
}

function deviceId(value: unknown, path: string): string {
  const id = text(value, path, DEVICE_ID_MAX_CHARS);
  if (!isDeviceId(id)) throw new IdentityFieldError(path, `${DEVICE_ID_RULE.words}, got ${JSON.stringify(id)}`);
  return id;
}

function placeName(value: unknown, path: string): string {
  return text(value, path, IDENTITY_LIMITS.nameMaxChars);
}

function integer(value: unknown, path: string, min: number, max: number): number {
  if (value === undefined) throw new IdentityFieldError(path, "missing");
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw new IdentityFieldError(path, `must be an integer ${min}…${max}`);
  }
  return value;
}

function nodeId(value: unknown, path: string): number {
  return integer(value, path, 1, IDENTITY_LIMITS.nodeMax);
}

function mac(value: unknown, path: string): string {
  if (value === undefined) throw new IdentityFieldError(path, "missing");
  if (typeof value !== "string") throw new IdentityFieldError(path, "must be a MAC address aa:bb:cc:dd:ee:ff");
  try {
    return normalizeMac(value, path);
  } catch {
    throw new IdentityFieldError(path, "must be a MAC address aa:bb:cc:dd:ee:ff");
  }
}

/** A key as 32 hex digits. The reason never quotes the value: it is a secret. */
function key(value: unknown, path: string): Uint8Array {
  if (value === undefined) throw new IdentityFieldError(path, "missing");
  const digits = IDENTITY_LIMITS.keyHexDigits;
  if (typeof value !== "string" || value.length !== digits) {
    throw new IdentityFieldError(path, `must be ${digits} hex digits (${KEY_BYTES} bytes)`);
  }
  const bytes = new Uint8Array(KEY_BYTES);
  for (let i = 0; i < KEY_BYTES; i++) {
    const hi = hexDigit(value.charCodeAt(2 * i));
    const lo = hexDigit(value.charCodeAt(2 * i + 1));
    if (hi < 0 || lo < 0) throw new IdentityFieldError(path, `must be ${digits} hex digits (${KEY_BYTES} bytes)`);
    bytes[i] = (hi << 4) | lo;
  }
  return bytes;
}

function hexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}

function peer(o: Record<string, unknown>, prefix: string): IdentityPeer {
  return {
    id: deviceId(o.id, `${prefix}id`),
    nodeId: nodeId(o.node, `${prefix}node`),
    mac: mac(o.mac, `${prefix}mac`),
    name: placeName(o.name, `${prefix}name`),
  };
}

/** A listed caller's `heartbeat_ms`, checked as that setting is (`parseSettings`). */
function heartbeat(value: unknown, path: string): number {
  try {
    return parseSettings({ heartbeat_ms: value }, path).heartbeatMs;
  } catch (err) {
    if (err instanceof ConfigError) throw new IdentityFieldError(path, err.reason);
    throw err;
  }
}

/** The duty list and escalation settings, checked by `parseEscalationSettings` (path `escalation.…`). */
function escalation(value: unknown): Record<string, unknown> {
  const o = object(value, "escalation");
  try {
    parseEscalationSettings(o, "escalation");
  } catch (err) {
    if (err instanceof EscalationSettingsError) throw new IdentityFieldError(err.path, err.reason);
    throw err;
  }
  return o;
}

function settings(value: unknown): Record<string, unknown> {
  const o = object(value, "settings");
  try {
    parseSettings(o, "settings");
  } catch (err) {
    if (err instanceof ConfigError) throw new IdentityFieldError(err.path, err.reason);
    throw err;
  }
  return o;
}
