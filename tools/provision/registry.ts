/**
 * The deployment registry: one JSON file per police post, on the installer's computer, holding
 * everything `bell provision` writes into the boards: the post, the radio channel, and per
 * device its id, role, place, node id, station MAC (once known), settings and, for callers, the
 * key (32 hex digits, from `node:crypto` `randomBytes(16)`). It also remembers which identity
 * each board last received (`provisioned.identity_crc32`), so the tool can tell which boards
 * must be provisioned again after a change.
 *
 * The file holds the keys of every caller: it is written atomically (`write-file-atomic`: a
 * temporary file renamed over the old one, so a crash or a full disk never leaves half a
 * registry) with mode 0600, and loading warns when others can read it. Every field is checked
 * on load; a bad one is refused with the file and its JSON path (`UsageError` `E_REGISTRY`,
 * exit 2). Format (version 1), with `docs/console.md` §Registry:
 *
 * ```json
 * { "format": "warning-bell-registry", "version": 1,
 *   "post": { "id": "xuan-pho", "name": "Công an xã Xuân Phổ" }, "channel": 6,
 *   "next_node": 3, "retired_nodes": [],
 *   "devices": [
 *     { "id": "post", "role": "receiver", "name": "Công an xã Xuân Phổ", "node": 1, "mac": null, "provisioned": null },
 *     { "id": "clinic", "role": "caller", "name": "Trạm y tế", "node": 2, "mac": "24:0a:c4:12:34:56",
 *       "key": "…32 hex digits…", "settings": { "hold_ms": 400 },
 *       "provisioned": { "identity_crc32": "1a2b3c4d", "mac": "24:0a:c4:12:34:56", "at": "2026-11-30T08:00:00.000Z" } } ] }
 * ```
 */
import { describeJsonError, parseJsonText } from "../json-text.ts";
import { systemErrorWords } from "../system-error.ts";
import { randomBytes } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import writeFileAtomic from "write-file-atomic";
import { ConfigError, KEY_BYTES, parseSettings } from "../../firmware/core/config.ts";
import { normalizeMac } from "../../firmware/hal/mac.ts";
import { ESPNOW_LIMITS } from "../../firmware/hal/radio.ts";
import { firstUndrawable } from "../../firmware/core/screen/charset.ts";
import { IDENTITY_LIMITS, toHex } from "../../firmware/stack/identity-writer.ts";
import { checkDeployment, DeploymentError } from "../../firmware/core/supervision/deployment-check.ts";
import { EscalationSettingsError, parseEscalationSettings } from "../../firmware/core/escalation/settings.ts";
import { vietnamMobileMistake } from "../../firmware/core/sms/phone-number.ts";
import { E_DEPLOYMENT, UsageError } from "../errors.ts";
import { withId } from "../flash/errors.ts";
import { say } from "../lang.ts";

/** Stable id of a refused registry file or registry change (exit 2). */
export const E_REGISTRY = "E_REGISTRY";

/** The registry's format marker and version. */
export const REGISTRY_FORMAT = { format: "warning-bell-registry", version: 1 } as const;

/** Limits of registry fields. */
export const REGISTRY_LIMITS = {
  /** Device and post ids: lower-case letters, digits and hyphens, starting with a letter or digit. */
  idPattern: /^[a-z0-9][a-z0-9-]{0,31}$/,
  /** Place names, characters (the firmware's limit). */
  nameMaxChars: IDENTITY_LIMITS.nameMaxChars,
  /** Callers per post (ESP-NOW peer list). */
  callersMax: ESPNOW_LIMITS.maxPeers,
  /** File mode: the keys are for the owner only. */
  fileMode: 0o600,
} as const;

/** What a board last received. */
export interface ProvisionRecord {
  /** `identityChecksum` of the identity written, 8 hex digits. */
  identityCrc32: string;
  /** The board's station MAC then. */
  mac: string;
  /** When, ISO 8601. */
  at: string;
}

/** One device of the post. */
export interface RegistryDevice {
  id: string;
  role: "caller" | "receiver";
  /** Place name, 1…64 characters. */
  name: string;
  /** Node id, u32, unique in the post, never reused. */
  nodeId: number;
  /** Station MAC, lower case, once known. */
  mac?: string;
  /** Caller only: its key, 16 bytes. */
  key?: Uint8Array;
  /** JSON settings (snake_case, `firmware/core/config.ts`). */
  settings?: Record<string, unknown>;
  /** Receiver only: the duty list and escalation settings (issue 14), checked by `parseEscalationSettings`. */
  escalation?: Record<string, unknown>;
  provisioned?: ProvisionRecord;
}

/** A post's registry. */
export interface Registry {
  post: { id: string; name: string };
  /** Wi-Fi channel 1…11. */
  channel: number;
  /** The node id the next added device gets. */
  nextNode: number;
  /** Node ids of replaced or removed callers: never given again (the receiver remembers their counters). */
  retiredNodes: number[];
  /** Exactly one receiver, first, then the callers. */
  devices: RegistryDevice[];
}

/** Makes a key; default `randomBytes(16)` (tests inject their own). */
export type KeySource = () => Uint8Array;

/** 16 random bytes from the operating system's CSPRNG. */
export const randomKey: KeySource = () => new Uint8Array(randomBytes(KEY_BYTES));

class Bad extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
    /** The error id it becomes: `E_REGISTRY`, or `E_DEPLOYMENT` for settings that do not fit together. */
    readonly id: string = E_REGISTRY,
  ) {
    super(`${path}: ${reason}`);
  }
}

/**
 * Reads and checks a registry file.
 * @param warn receives a warning when the file is readable by other users.
 * @throws UsageError E_REGISTRY: the file is missing, unreadable, not JSON (line and column
 *   given, never a quote of the text: it holds keys), or a field is wrong (its JSON path given).
 */
export function loadRegistry(file: string, warn: (text: string) => void = () => undefined): Registry {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") {
      throw new UsageError(E_REGISTRY, withId(E_REGISTRY, say("provision.err.registry_missing", { file })));
    }
    throw new UsageError(E_REGISTRY, withId(E_REGISTRY, say("provision.err.cannot_read", { file, why: systemErrorWords(err) })));
  }
  try {
    if ((statSync(file).mode & 0o077) !== 0) {
      warn(`warning: ${file} can be read by other users of this computer, and it holds the callers' keys.\n  Make it private: chmod 600 ${file}\n`);
    }
  } catch {
    // the file was just read; a failing stat only loses the warning
  }
  const parsed = parseJsonText(text);
  if (!parsed.ok) {
    // The reason quotes at most the one character found there, never the text (it holds keys).
    throw new UsageError(
      E_REGISTRY,
      `${file} is not valid JSON at ${describeJsonError(parsed.error)} (${E_REGISTRY})\n` +
        "  The file may have been damaged or edited by hand. Restore it from your backup copy;\n" +
        `  without one, open it in a text editor at line ${parsed.error.line}, column ${parsed.error.column} and fix it there (keep the keys unchanged).`,
    );
  }
  const json = parsed.value;
  try {
    return parseRegistry(json);
  } catch (err) {
    if (err instanceof Bad) throw new UsageError(err.id, `${file}: ${err.path}: ${err.reason} (${err.id})`);
    throw err;
  }
}

/**
 * Checks a parsed registry.
 * @throws Error whose message is `<JSON path>: <why>` for the first bad field.
 */
export function parseRegistry(json: unknown): Registry {
  const o = object(json, "(registry)");
  known(o, "", ["format", "version", "post", "channel", "next_node", "retired_nodes", "devices"]);
  if (o.format !== REGISTRY_FORMAT.format) throw new Bad("format", `must be "${REGISTRY_FORMAT.format}" (is this a warning-bell registry?)`);
  if (o.version !== REGISTRY_FORMAT.version) throw new Bad("version", `must be ${REGISTRY_FORMAT.version}; this bell reads version ${REGISTRY_FORMAT.version} registries`);
  const post = object(o.post, "post");
  known(post, "post.", ["id", "name"]);
  const channel = integer(o.channel, "channel", ESPNOW_LIMITS.minChannel, ESPNOW_LIMITS.maxChannel);
  const nextNode = integer(o.next_node, "next_node", 1, IDENTITY_LIMITS.nodeMax);
  if (!Array.isArray(o.retired_nodes)) throw new Bad("retired_nodes", "must be a list of node ids");
  const retiredNodes = o.retired_nodes.map((n: unknown, i: number) => integer(n, `retired_nodes[${i}]`, 1, IDENTITY_LIMITS.nodeMax));
  if (!Array.isArray(o.devices) || o.devices.length === 0) throw new Bad("devices", "must be a list starting with the receiver");
  const devices = o.devices.map((d: unknown, i: number) => parseDevice(d, `devices[${i}]`));
  const registry: Registry = { post: { id: deviceId(post.id, "post.id"), name: placeName(post.name, "post.name") }, channel, nextNode, retiredNodes, devices };
  checkRegistry(registry);
  return registry;
}

function parseDevice(value: unknown, at: string): RegistryDevice {
  const d = object(value, at);
  const role = d.role;
  if (role !== "caller" && role !== "receiver") throw new Bad(`${at}.role`, `must be "caller" or "receiver"`);
  known(d, `${at}.`, role === "caller" ? ["id", "role", "name", "node", "mac", "key", "settings", "provisioned"] : ["id", "role", "name", "node", "mac", "settings", "escalation", "provisioned"]);
  const device: RegistryDevice = { id: deviceId(d.id, `${at}.id`), role, name: placeName(d.name, `${at}.name`), nodeId: integer(d.node, `${at}.node`, 1, IDENTITY_LIMITS.nodeMax) };
  if (d.mac !== undefined && d.mac !== null) device.mac = mac(d.mac, `${at}.mac`);
  if (role === "caller") device.key = key(d.key, `${at}.key`);
  if (d.settings !== undefined) device.settings = settings(d.settings, `${at}.settings`);
  if (role === "receiver" && d.escalation !== undefined) device.escalation = escalation(d.escalation, `${at}.escalation`);
  if (d.provisioned !== undefined && d.provisioned !== null) {
    const p = object(d.provisioned, `${at}.provisioned`);
    known(p, `${at}.provisioned.`, ["identity_crc32", "mac", "at"]);
    if (typeof p.identity_crc32 !== "string" || !/^[0-9a-f]{8}$/.test(p.identity_crc32)) throw new Bad(`${at}.provisioned.identity_crc32`, "must be 8 lower-case hex digits");
    if (typeof p.at !== "string" || Number.isNaN(Date.parse(p.at))) throw new Bad(`${at}.provisioned.at`, "must be a date (ISO 8601)");
    device.provisioned = { identityCrc32: p.identity_crc32, mac: mac(p.mac, `${at}.provisioned.mac`), at: p.at };
  }
  return device;
}

/**
 * Checks what no single field shows: the receiver first and only once, 1…20 callers, unique
 * ids, node ids and MACs, node ids below `next_node` and not retired, and the receiver's
 * `offline_after_ms` against every caller's `heartbeat_ms` (`checkDeployment`, id E_DEPLOYMENT).
 * @throws Error `<JSON path>: <why>`.
 */
function checkRegistry(r: Registry): void {
  if (r.devices[0]!.role !== "receiver") throw new Bad("devices[0].role", "the first device must be the post's receiver");
  const callers = r.devices.length - 1;
  if (callers > REGISTRY_LIMITS.callersMax) throw new Bad("devices", `at most ${REGISTRY_LIMITS.callersMax} callers per post (ESP-NOW peer limit), got ${callers}`);
  const ids = new Map<string, number>();
  const nodes = new Map<number, number>();
  const macs = new Map<string, number>();
  const retired = new Set(r.retiredNodes);
  r.devices.forEach((d, i) => {
    const at = `devices[${i}]`;
    if (i > 0 && d.role !== "caller") throw new Bad(`${at}.role`, "a post has one receiver (devices[0]); the others are callers");
    if (ids.has(d.id)) throw new Bad(`${at}.id`, `"${d.id}" is also devices[${ids.get(d.id)}]`);
    if (nodes.has(d.nodeId)) throw new Bad(`${at}.node`, `${d.nodeId} is also devices[${nodes.get(d.nodeId)}]'s node id`);
    if (retired.has(d.nodeId)) throw new Bad(`${at}.node`, `${d.nodeId} is retired (retired_nodes): a retired node id is never used again`);
    if (d.nodeId >= r.nextNode) throw new Bad(`${at}.node`, `${d.nodeId} must be below next_node (${r.nextNode})`);
    if (d.mac !== undefined) {
      if (macs.has(d.mac)) throw new Bad(`${at}.mac`, `${d.mac} is also devices[${macs.get(d.mac)}]'s address: one board cannot be two devices`);
      macs.set(d.mac, i);
    }
    ids.set(d.id, i);
    nodes.set(d.nodeId, i);
  });
  const settingsOf = (d: RegistryDevice) => parseSettings(d.settings, "settings");
  try {
    checkDeployment({ id: r.devices[0]!.id, settings: settingsOf(r.devices[0]!) }, r.devices.slice(1).map((d) => ({ id: d.id, settings: settingsOf(d) })));
  } catch (err) {
    if (!(err instanceof DeploymentError)) throw err;
    const i = r.devices.findIndex((d) => d.id === (err.field === "offline_after_ms" ? err.postId : err.callerId));
    throw new Bad(`devices[${i}].settings.${err.field}`, err.message, E_DEPLOYMENT);
  }
}

/** The registry as JSON text (2-space indent, fields in a fixed order). */
export function registryToJson(r: Registry): string {
  return (
    JSON.stringify(
      {
        ...REGISTRY_FORMAT,
        post: r.post,
        channel: r.channel,
        next_node: r.nextNode,
        retired_nodes: r.retiredNodes,
        devices: r.devices.map((d) => ({
          id: d.id,
          role: d.role,
          name: d.name,
          node: d.nodeId,
          mac: d.mac ?? null,
          ...(d.key === undefined ? {} : { key: toHex(d.key) }),
          ...(d.settings === undefined ? {} : { settings: d.settings }),
          ...(d.escalation === undefined ? {} : { escalation: d.escalation }),
          provisioned: d.provisioned === undefined ? null : { identity_crc32: d.provisioned.identityCrc32, mac: d.provisioned.mac, at: d.provisioned.at },
        })),
      },
      null,
      2,
    ) + "\n"
  );
}

/**
 * Writes the registry atomically with mode 0600 (after checking it again, so a bug cannot save
 * a registry that would be refused on the next load).
 * @throws Error when the file cannot be written (the old file is then unchanged).
 */
export function saveRegistry(file: string, r: Registry): void {
  const text = registryToJson(r);
  parseRegistry(JSON.parse(text));
  writeFileAtomic.sync(file, text, { mode: REGISTRY_LIMITS.fileMode, fsync: true });
}

/** Options of `newRegistry`. */
export interface NewRegistryOptions {
  postId: string;
  postName: string;
  channel: number;
  /** The receiver's device id (default "post"). */
  receiverId?: string;
  /** The receiver's place name (default: the post's name). */
  receiverName?: string;
  receiverMac?: string;
  receiverSettings?: Record<string, unknown>;
  /** The duty list and escalation settings (issue 14), JSON as in the registry. */
  receiverEscalation?: Record<string, unknown>;
}

/**
 * A new registry with its receiver (node 1).
 * @throws UsageError E_REGISTRY naming the bad option.
 */
export function newRegistry(o: NewRegistryOptions): Registry {
  return change(() => {
    const receiver: RegistryDevice = {
      id: deviceId(o.receiverId ?? "post", "--receiver-id"),
      role: "receiver",
      name: placeName(o.receiverName ?? o.postName, "--receiver-name"),
      nodeId: 1,
    };
    if (o.receiverMac !== undefined) receiver.mac = mac(o.receiverMac, "--mac");
    if (o.receiverSettings !== undefined) receiver.settings = settings(o.receiverSettings, "--settings");
    if (o.receiverEscalation !== undefined) receiver.escalation = escalation(o.receiverEscalation, "--escalation");
    const r: Registry = {
      post: { id: deviceId(o.postId, "--post"), name: placeName(o.postName, "--name") },
      channel: integer(o.channel, "--channel", ESPNOW_LIMITS.minChannel, ESPNOW_LIMITS.maxChannel),
      nextNode: 2,
      retiredNodes: [],
      devices: [receiver],
    };
    checkRegistry(r);
    return r;
  });
}

/** Options of `addCaller`. */
export interface AddCallerOptions {
  id: string;
  name: string;
  mac?: string;
  settings?: Record<string, unknown>;
}

/**
 * Adds a caller with the next node id and a new key (the registry is changed in place).
 * @returns the new device.
 * @throws UsageError E_REGISTRY: a bad or taken id, a place name another caller has (compared
 *   by `samePlace`), a MAC another device has, 20 callers already.
 */
export function addCaller(r: Registry, o: AddCallerOptions, newKey: KeySource = randomKey): RegistryDevice {
  return change(() => {
    const device: RegistryDevice = { id: deviceId(o.id, "id"), role: "caller", name: placeName(o.name, "--name"), nodeId: r.nextNode, key: checkedKey(newKey()) };
    if (r.devices.some((d) => d.id === device.id)) throw new Bad("id", `"${device.id}" is already a device of this post`);
    const twin = r.devices.find((d) => d.role === "caller" && samePlace(d.name, device.name));
    if (twin) throw new Bad("--name", `"${twin.id}" is already called "${twin.name}": an officer could not tell the two places apart; add what tells them apart (a street, a number)`);
    if (o.mac !== undefined) device.mac = mac(o.mac, "--mac");
    if (o.settings !== undefined) device.settings = settings(o.settings, "--settings");
    const next: Registry = { ...r, devices: [...r.devices, device], nextNode: r.nextNode + 1 };
    checkRegistry(next);
    r.devices = next.devices;
    r.nextNode = next.nextNode;
    return device;
  });
}

/**
 * A caller's board was replaced (or wiped): it gets a new key and a new node id (the receiver
 * remembers the frame counters of the old one and would refuse a fresh board's frames as
 * replays, `docs/deploying.md` §4), its MAC is forgotten (learned from the new board), the old
 * node id is retired. Its id, place and settings stay.
 * @returns the changed device.
 * @throws UsageError E_REGISTRY when `id` is not a caller of this post.
 */
export function replaceCaller(r: Registry, id: string, newKey: KeySource = randomKey): RegistryDevice {
  return change(() => {
    const device = caller(r, id);
    r.retiredNodes = [...r.retiredNodes, device.nodeId];
    device.nodeId = r.nextNode;
    r.nextNode++;
    device.key = checkedKey(newKey());
    delete device.mac;
    delete device.provisioned;
    return device;
  });
}

/**
 * Removes a caller (a place that closed); its node id is retired.
 * @throws UsageError E_REGISTRY when `id` is not a caller of this post, or it is the last one.
 */
export function removeCaller(r: Registry, id: string): RegistryDevice {
  return change(() => {
    const device = caller(r, id);
    if (r.devices.length === 2) throw new Bad(id, "is the post's only caller; a receiver needs at least one");
    r.devices = r.devices.filter((d) => d !== device);
    r.retiredNodes = [...r.retiredNodes, device.nodeId];
    return device;
  });
}

/**
 * The device `id`.
 * @throws UsageError E_REGISTRY listing the post's devices when there is none.
 */
export function findDevice(r: Registry, id: string): RegistryDevice {
  const device = r.devices.find((d) => d.id === id);
  if (!device) {
    throw new UsageError(E_REGISTRY, withId(E_REGISTRY, say("provision.err.no_device", { post: r.post.id, id, devices: r.devices.map((d) => `${d.id} (${d.role})`).join(", ") })));
  }
  return device;
}

function caller(r: Registry, id: string): RegistryDevice {
  const device = findDevice(r, id);
  if (device.role !== "caller") throw new Bad(id, `is the receiver; this applies to callers (${r.devices.slice(1).map((d) => d.id).join(", ")})`);
  return device;
}

/** Runs a registry change, turning a refusal into a UsageError. */
function change<T>(body: () => T): T {
  try {
    return body();
  } catch (err) {
    if (err instanceof Bad) throw new UsageError(err.id, `${err.path}: ${err.reason} (${err.id})`);
    throw err;
  }
}

function object(value: unknown, path: string): Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw new Bad(path, "must be an object");
  return value as Record<string, unknown>;
}

function known(o: Record<string, unknown>, prefix: string, fields: readonly string[]): void {
  for (const name of Object.keys(o)) if (!fields.includes(name)) throw new Bad(`${prefix}${name}`, `unknown field (known: ${fields.join(", ")})`);
}

function deviceId(value: unknown, path: string): string {
  if (typeof value !== "string" || !REGISTRY_LIMITS.idPattern.test(value)) {
    throw new Bad(path, `must be 1…32 lower-case letters, digits or hyphens, starting with a letter or digit (e.g. "clinic", "bank-2"), got ${JSON.stringify(value)}`);
  }
  return value;
}

/**
 * Whether two place names read the same to an officer: equal after Unicode NFC composition (one
 * input method types "à" as one code point, another as "a" + a combining grave), case folding
 * and collapsing runs of white space. Host only (`String.prototype.normalize`).
 */
function samePlace(a: string, b: string): boolean {
  const key = (s: string) => s.normalize("NFC").toLocaleLowerCase("vi").trim().replace(/\s+/g, " ");
  return key(a) === key(b);
}

/**
 * A place name as stored: NFC (XS on the device cannot normalise beyond Latin-1), and only
 * characters the receiver's screen font draws (firmware/core/screen/charset.ts; Moddable's font
 * engine would silently skip any other, issue 13).
 */
function placeName(raw: unknown, path: string): string {
  if (typeof raw !== "string" || raw.trim().length === 0) throw new Bad(path, "must be a non-empty name");
  const value = raw.normalize("NFC");
  drawable(value, path);
  const chars = [...value].length;
  if (chars > REGISTRY_LIMITS.nameMaxChars) throw new Bad(path, `must be at most ${REGISTRY_LIMITS.nameMaxChars} characters, got ${chars}`);
  if ([...value].some((ch) => ch.codePointAt(0)! < 0x20 || ch.codePointAt(0) === 0x7f)) throw new Bad(path, "must not contain control characters");
  return value;
}

/** Refuses a name (NFC) with a character the receiver's screen font cannot draw, naming it and its code point. */
function drawable(value: string, path: string): void {
  const bad = firstUndrawable(value);
  if (bad !== undefined) {
    const code = `U+${bad.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
    throw new Bad(path, `contains "${bad}" (${code}), a character the receiver's screen cannot show; use Vietnamese or Latin letters, digits and common punctuation`);
  }
}

function integer(value: unknown, path: string, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) throw new Bad(path, `must be an integer ${min}…${max}, got ${JSON.stringify(value)}`);
  return value;
}

function mac(value: unknown, path: string): string {
  try {
    return normalizeMac(value as string, path);
  } catch {
    throw new Bad(path, `must be a MAC address like 24:0a:c4:12:34:56, got ${JSON.stringify(value)}`);
  }
}

/** A key as 32 hex digits; the message never quotes the value (it is a secret). */
function key(value: unknown, path: string): Uint8Array {
  if (typeof value !== "string" || !/^[0-9a-fA-F]{32}$/.test(value)) throw new Bad(path, `must be ${KEY_BYTES * 2} hex digits (${KEY_BYTES} bytes)`);
  const bytes = new Uint8Array(KEY_BYTES);
  for (let i = 0; i < KEY_BYTES; i++) bytes[i] = parseInt(value.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}

function checkedKey(bytes: Uint8Array): Uint8Array {
  if (!(bytes instanceof Uint8Array) || bytes.length !== KEY_BYTES) throw new Error(`key source must give ${KEY_BYTES} bytes`);
  return bytes;
}

/**
 * The duty list and escalation settings as stored: checked by `parseEscalationSettings` (E.164
 * numbers, no repeats, ranges), each officer's name in NFC and only with characters the
 * receiver's screen font draws, as place names (`placeName`).
 */
function escalation(value: unknown, path: string): Record<string, unknown> {
  const o = { ...object(value, path) };
  if (Array.isArray(o.duty)) {
    o.duty = o.duty.map((d: unknown, i: number) => {
      if (d === null || typeof d !== "object" || typeof (d as { name?: unknown }).name !== "string") return d;
      const name = (d as { name: string }).name.normalize("NFC");
      drawable(name, `${path}.duty[${i}].name`);
      return { ...d, name };
    });
  }
  try {
    parseEscalationSettings(o, path);
  } catch (err) {
    if (err instanceof EscalationSettingsError) throw new Bad(err.path, err.reason);
    throw err;
  }
  // a +84 number that is no Vietnamese mobile is a typing mistake (the post would text and call
  // a number that does not exist): refused, saying what is wrong and what a right one looks like
  (o.duty as { phone: string }[]).forEach((d, i) => {
    const mistake = vietnamMobileMistake(d.phone);
    if (mistake !== undefined) throw new Bad(`${path}.duty[${i}].phone`, say(`provision.err.vn_mobile.${mistake}`, { phone: d.phone }));
  });
  return o;
}

/**
 * Gives the receiver a new duty list and escalation settings (an officer changed), or none
 * (`undefined`: the post stops escalating). The receiver must then be provisioned again
 * (`nextSteps`); its open incidents are in its own flash and survive that.
 * @returns the receiver.
 * @throws UsageError E_REGISTRY naming the field (`--escalation.duty[0].phone`); the registry is then unchanged.
 */
export function setEscalation(r: Registry, value: Record<string, unknown> | undefined): RegistryDevice {
  return change(() => {
    const receiver = r.devices[0]!;
    if (value === undefined) delete receiver.escalation;
    else receiver.escalation = escalation(value, "--escalation");
    return receiver;
  });
}

function settings(value: unknown, path: string): Record<string, unknown> {
  const o = object(value, path);
  try {
    parseSettings(o, path);
  } catch (err) {
    if (err instanceof ConfigError) throw new Bad(err.path, err.reason);
    throw err;
  }
  return o;
}
