/**
 * The device side of the console protocol (`docs/console.md`): one command line in, one JSON
 * reply line out. The device adapters (`firmware/moddable/console.ts` on the board,
 * `tools/sim/console.ts` in the simulator) split the serial input into lines (`LineReader`),
 * hand each to `ConsoleHandler.handle`, write the reply it returns, and restart the device when
 * the reply asks for it.
 *
 * Commands: `help`, `info`, `status`, `log [N]`, `siren test`, `provision <crc32> <json>`,
 * `reboot`; any of them may be prefixed with a tag, `#<tag> `, which the reply repeats. A reply
 * is `{"reply":"<command>","ok":true,…}` or `{"reply":"<command>","ok":false,"error":"E_…",
 * "message":"…"}` (`field` added for a bad identity field). A reply never contains a key: the
 * `provision` line is never echoed, and no error message quotes it.
 *
 * `provision` checks the line's CRC-32, parses and validates the identity (`parseIdentity`),
 * refuses one for the other role or naming this board's own address as a peer, writes it
 * (`writeIdentity`), reads it back, and answers with the identity's checksum. It takes effect at
 * the next start (`reboot`). When the board becomes another device (a different node id or
 * role), the app's own state (domain `bell`: frame counter, alarm memory, incidents, log) is
 * cleared, so that a reused board can never resend an alarm of its former life.
 *
 * Passive and platform-free: no timers, no I/O; `handle` never throws.
 */
import type { DeviceApp } from "../hal/device.ts";
import type { Store } from "../hal/store.ts";
import { IDENTITY_KEYS, readCallerIdentity, readReceiverIdentity } from "./identity.ts";
import { crc32Utf8, hex32 } from "./crc32.ts";
import {
  identityChecksum,
  identityEntries,
  identityMismatch,
  IdentityFieldError,
  parseIdentity,
  storedEntries,
  writeIdentity,
  type Identity,
} from "./identity-writer.ts";
import { errorText } from "../core/error-text.ts";

/** Version of the console protocol, reported by `info`. */
export const CONSOLE_PROTOCOL_VERSION = 1;

/** Sizes of the console protocol. */
export const CONSOLE_LIMITS = {
  /** Longest command line, bytes: a receiver's identity with 20 callers and long names fits. */
  maxLineBytes: 8192,
  /** Log entries `log` returns without N. */
  logDefaultEntries: 20,
  /** Most log entries one `log` returns (a reply line stays near 12 KB). */
  logMaxEntries: 100,
  /** Longest tag, characters (`#<tag> command`). */
  tagMaxChars: 16,
} as const;

/** Stable error ids of console replies (`docs/console.md` lists them). */
export const CONSOLE_ERRORS = {
  /** The command word is not one of the commands. */
  unknownCommand: "E_CONSOLE_UNKNOWN",
  /** A command's arguments are missing or malformed. */
  badArgument: "E_CONSOLE_ARGUMENT",
  /** The line was longer than `maxLineBytes` and was discarded. */
  lineTooLong: "E_CONSOLE_LINE_TOO_LONG",
  /** The command needs the app, which is not running (unprovisioned, or a bad identity). */
  notRunning: "E_CONSOLE_NOT_RUNNING",
  /** The command exists on the other role only (`log`, `siren test`: receiver). */
  wrongRole: "E_CONSOLE_ROLE",
  /** Something unexpected failed; the message says what. */
  internal: "E_CONSOLE_INTERNAL",
  /** The `provision` line's CRC-32 does not match: damaged on the wire. Nothing written. */
  checksum: "E_PROVISION_CHECKSUM",
  /** The identity is not valid JSON. Nothing written. */
  json: "E_PROVISION_JSON",
  /** A field of the identity is wrong (`field` names it). Nothing written. */
  field: "E_PROVISION_FIELD",
  /** The identity is for the other role than this firmware. Nothing written. */
  role: "E_PROVISION_ROLE",
  /** The store refused a write; the identity is incomplete until provisioned again. */
  store: "E_PROVISION_STORE",
  /** What was read back differs from what was written. */
  verify: "E_PROVISION_VERIFY",
} as const;

/** The commands, as `help` lists them. */
export const CONSOLE_COMMANDS = ["help", "info", "status", "log [N]", "siren test", "provision <crc32> <json>", "reboot"] as const;

/** What a console reply looks like before it is written. */
export type ReplyFields = Record<string, unknown>;

/** One reply: the line to write (no line end), and whether to restart the device after writing it. */
export interface ConsoleReply {
  line: string;
  reboot: boolean;
}

/** What the console reads of a running caller (`CallerApp.status()`). */
interface CallerStatusView {
  pending: readonly number[];
  led: string;
  linkFault: boolean;
  stuck: boolean;
}

/** What the console reads of a running receiver (`ReceiverApp`). */
interface ReceiverView {
  status(): { incidents: readonly { caller: number; incident: number; state: string }[]; offline: readonly string[]; siren: string };
  log: { entries(): ReadonlyArray<{ seq: number; ticks: number; wall: number; event: string; caller: number; incident: number; detail: number }> };
  testSiren(): void;
}

/** Options of `ConsoleHandler`. */
export interface ConsoleOptions {
  /** Which firmware this is. */
  role: "caller" | "receiver";
  /** The `bell-id` Preference domain: where `provision` writes. */
  identityStore: Store;
  /** The app's own domain (`bell`), cleared when the board becomes another device. */
  appStore: Store;
  /** This chip's station MAC, "aa:bb:cc:dd:ee:ff". */
  selfAddress: string;
  /** The running app, or undefined when it is not running (read at each command). */
  app(): DeviceApp | undefined;
}

/** Thrown inside the handler to answer with an error (never escapes `handle`). */
class ReplyError extends Error {
  override get name() {
    return "ReplyError";
  }
  constructor(
    readonly id: string,
    message: string,
    readonly extra: ReplyFields = {},
  ) {
    super(message);
  }
}

const TAG_PATTERN = /^#([A-Za-z0-9_-]{1,16})\s+/;
const WORD_PATTERN = /^[a-z][a-z-]{0,15}$/;
const CRC_PATTERN = /^[0-9a-fA-F]{8}$/;

/** The command interpreter of one device. */
export class ConsoleHandler {
  readonly #o: ConsoleOptions;

  /** @throws TypeError naming the option that is missing or of the wrong type. */
  constructor(options: ConsoleOptions) {
    if (options.role !== "caller" && options.role !== "receiver") throw new TypeError(`role: must be "caller" or "receiver"`);
    for (const name of ["identityStore", "appStore"] as const) {
      const store = options[name];
      if (store === null || typeof store !== "object" || typeof store.get !== "function") throw new TypeError(`${name}: must be a Store`);
    }
    if (typeof options.selfAddress !== "string") throw new TypeError("selfAddress: must be a MAC address string");
    if (typeof options.app !== "function") throw new TypeError("app: must be a function returning the running app");
    this.#o = options;
  }

  /**
   * Interprets one line (without its line end).
   * @returns the reply, or undefined for a blank line (nothing to answer). Never throws.
   */
  handle(line: string): ConsoleReply | undefined {
    let rest = line.trim();
    if (rest.length === 0) return undefined;
    let tag: string | undefined;
    const tagged = TAG_PATTERN.exec(rest);
    if (tagged) {
      tag = tagged[1];
      rest = rest.slice(tagged[0].length);
    }
    const space = rest.search(/\s/);
    const word = (space < 0 ? rest : rest.slice(0, space)).toLowerCase();
    const args = space < 0 ? "" : rest.slice(space + 1).trim();
    // Only a plausible command word is repeated: a mistyped `provision` line must not come back.
    const name = WORD_PATTERN.test(word) ? word : "?";
    let reboot = false;
    let fields: ReplyFields;
    try {
      switch (word) {
        case "help":
          fields = { commands: [...CONSOLE_COMMANDS] };
          break;
        case "info":
          fields = this.#info();
          break;
        case "status":
          fields = this.#status();
          break;
        case "log":
          fields = this.#log(args);
          break;
        case "siren":
          fields = this.#siren(args);
          break;
        case "provision":
          fields = this.#provision(args);
          break;
        case "reboot":
          fields = {};
          reboot = true;
          break;
        default:
          throw new ReplyError(CONSOLE_ERRORS.unknownCommand, `unknown command; commands: ${CONSOLE_COMMANDS.join(", ")}`);
      }
    } catch (err) {
      return { line: errorLine(name, tag, err), reboot: false };
    }
    return { line: JSON.stringify({ reply: name, ...(tag === undefined ? {} : { tag }), ok: true, ...fields }), reboot };
  }

  /** The reply to a line that was too long (see `LineReader.onOverflow`); never throws. */
  overflow(bytes: number): ConsoleReply {
    const error = new ReplyError(
      CONSOLE_ERRORS.lineTooLong,
      `line of ${bytes} bytes discarded (at most ${CONSOLE_LIMITS.maxLineBytes}); nothing was done`,
    );
    return { line: errorLine("?", undefined, error), reboot: false };
  }

  #identity() {
    const { identityStore, selfAddress, role } = this.#o;
    return role === "caller" ? readCallerIdentity(identityStore, selfAddress) : readReceiverIdentity(identityStore, selfAddress);
  }

  #info(): ReplyFields {
    const { role, selfAddress, identityStore } = this.#o;
    const identity = this.#identity();
    const stored = storedEntries(identityStore);
    const fields: ReplyFields = {
      protocol: CONSOLE_PROTOCOL_VERSION,
      role,
      address: selfAddress,
      identity: identity.status,
      running: this.#o.app() !== undefined,
    };
    if (identity.status === "ok") {
      fields.device = identity.deviceId;
      fields.node = identity.config.self.nodeId;
    } else if (identity.status === "invalid") {
      if (identity.deviceId !== undefined) fields.device = identity.deviceId;
      fields.problem = { key: identity.key, reason: identity.reason };
    }
    if (stored.length > 0) fields.identity_crc32 = hex32(identityChecksum(stored));
    return fields;
  }

  #status(): ReplyFields {
    const { role } = this.#o;
    const app = this.#o.app();
    const identity = this.#identity();
    const head: ReplyFields = { role, running: app !== undefined, identity: identity.status };
    if (identity.status === "ok") head.device = identity.deviceId;
    if (app === undefined) return head;
    if (role === "caller") {
      const s = (app as unknown as { status(): CallerStatusView }).status();
      return { ...head, pending: [...s.pending], led: s.led, link_fault: s.linkFault, stuck: s.stuck };
    }
    const s = (app as unknown as ReceiverView).status();
    const callerId = this.#callerNames();
    // The callers this post supervises, on request (issue 16: a dashboard can list every caller
    // before its first alarm); the same list the receiver announces at boot (`caller_listed`).
    const listed = readReceiverIdentity(this.#o.identityStore, this.#o.selfAddress);
    return {
      ...head,
      incidents: s.incidents.map((i) => ({ caller: callerId(i.caller), incident: i.incident, state: i.state })),
      offline: [...s.offline],
      siren: s.siren,
      ...(listed.status === "ok" ? { callers: listed.config.callers.map((c) => ({ caller: c.id, name: c.name })) } : {}),
    };
  }

  #log(args: string): ReplyFields {
    const app = this.#receiverApp("log");
    const { logDefaultEntries, logMaxEntries } = CONSOLE_LIMITS;
    let count: number = logDefaultEntries;
    if (args.length > 0) {
      if (!/^\d{1,4}$/.test(args) || Number(args) < 1 || Number(args) > logMaxEntries) {
        throw new ReplyError(CONSOLE_ERRORS.badArgument, `usage: log [N], N = 1…${logMaxEntries} (default ${logDefaultEntries})`);
      }
      count = Number(args);
    }
    const all = app.log.entries();
    const callerId = this.#callerNames();
    const entries = all.slice(Math.max(0, all.length - count)).map((e) => ({
      seq: e.seq,
      ticks: e.ticks,
      wall: e.wall,
      event: e.event,
      caller: e.caller === 0 ? null : callerId(e.caller),
      incident: e.incident,
      detail: e.detail,
    }));
    return { total: all.length, entries };
  }

  #siren(args: string): ReplyFields {
    if (args.toLowerCase() !== "test") throw new ReplyError(CONSOLE_ERRORS.badArgument, "usage: siren test");
    this.#receiverApp("siren test").testSiren();
    return {};
  }

  #receiverApp(command: string): ReceiverView {
    if (this.#o.role !== "receiver") throw new ReplyError(CONSOLE_ERRORS.wrongRole, `${command}: only a receiver has this command; this is a caller`);
    const app = this.#o.app();
    if (app === undefined) throw new ReplyError(CONSOLE_ERRORS.notRunning, `${command}: the receiver app is not running (${this.#identity().status})`);
    return app as unknown as ReceiverView;
  }

  /** Caller node id → device id, from the receiver's identity (the number as text when unknown). */
  #callerNames(): (node: number) => string {
    const identity = this.#o.role === "receiver" ? readReceiverIdentity(this.#o.identityStore, this.#o.selfAddress) : undefined;
    const names = new Map<number, string>();
    if (identity?.status === "ok") for (const c of identity.config.callers) names.set(c.nodeId, c.id);
    return (node) => names.get(node) ?? String(node);
  }

  #provision(args: string): ReplyFields {
    const { role, identityStore, appStore, selfAddress } = this.#o;
    const space = args.search(/\s/);
    const crcText = space < 0 ? args : args.slice(0, space);
    const json = space < 0 ? "" : args.slice(space + 1).trim();
    if (!CRC_PATTERN.test(crcText) || json.length === 0) {
      throw new ReplyError(CONSOLE_ERRORS.badArgument, "usage: provision <crc32 of the JSON, 8 hex digits> <identity JSON>; nothing was written");
    }
    if (parseInt(crcText, 16) !== crc32Utf8(json)) {
      throw new ReplyError(CONSOLE_ERRORS.checksum, "checksum mismatch: the line was damaged on the way; nothing was written, send it again");
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch {
      // JSON.parse's own message may quote the text, keys included: never repeat it.
      throw new ReplyError(CONSOLE_ERRORS.json, "the identity is not valid JSON; nothing was written");
    }
    let identity: Identity;
    try {
      identity = parseIdentity(parsed);
    } catch (err) {
      if (err instanceof IdentityFieldError) throw new ReplyError(CONSOLE_ERRORS.field, `${err.message}; nothing was written`, { field: err.path });
      throw err;
    }
    if (identity.role !== role) {
      throw new ReplyError(CONSOLE_ERRORS.role, `this identity is for a ${identity.role}, but this board runs the ${role} firmware; nothing was written`);
    }
    const own = selfAddress.toLowerCase();
    if (identity.role === "caller" && identity.receiver.mac === own) {
      throw new ReplyError(CONSOLE_ERRORS.field, "receiver.mac: is this board's own address; nothing was written", { field: "receiver.mac" });
    }
    if (identity.role === "receiver") {
      const i = identity.callers.findIndex((c) => c.mac === own);
      if (i >= 0) throw new ReplyError(CONSOLE_ERRORS.field, `callers[${i}].mac: is this board's own address; nothing was written`, { field: `callers[${i}].mac` });
    }

    const entries = identityEntries(identity);
    const unchanged = identityMismatch(identityStore, entries) === undefined;
    const before = { role: identityStore.get(IDENTITY_KEYS.role), node: identityStore.get(IDENTITY_KEYS.node) };
    const becomesAnother = before.node !== (identity.nodeId | 0) || before.role !== identity.role;
    let written = 0;
    if (!unchanged) {
      try {
        written = writeIdentity(identityStore, identity);
      } catch (err) {
        const what = errorText(err);
        throw new ReplyError(CONSOLE_ERRORS.store, `writing the identity failed (${what}); it is incomplete: provision this board again`);
      }
    }
    const mismatch = identityMismatch(identityStore, entries);
    if (mismatch !== undefined) {
      throw new ReplyError(CONSOLE_ERRORS.verify, `"${mismatch}" reads back differently from what was written: provision this board again`, { key: mismatch });
    }
    const check = this.#identity();
    if (check.status !== "ok") {
      const why = check.status === "invalid" ? `${check.key}: ${check.reason}` : "nothing stored";
      throw new ReplyError(CONSOLE_ERRORS.verify, `the identity was written but does not read back as valid (${why}): provision this board again`);
    }
    let stateCleared = false;
    if (becomesAnother && !unchanged) {
      try {
        const keys = appStore.keys();
        for (const key of keys) appStore.delete(key);
        stateCleared = keys.length > 0;
      } catch (err) {
        const what = errorText(err);
        throw new ReplyError(CONSOLE_ERRORS.store, `the identity is written, but clearing the former device's state failed (${what}): provision this board again`);
      }
    }
    return {
      role: identity.role,
      device: identity.id,
      node: identity.nodeId,
      entries: entries.length,
      written,
      unchanged,
      state_cleared: stateCleared,
      identity_crc32: hex32(identityChecksum(entries)),
      restart_required: true,
    };
  }
}

function errorLine(name: string, tag: string | undefined, err: unknown): string {
  const base: ReplyFields = { reply: name, ...(tag === undefined ? {} : { tag }), ok: false };
  if (err instanceof ReplyError) return JSON.stringify({ ...base, error: err.id, message: err.message, ...err.extra });
  const what = errorText(err);
  return JSON.stringify({ ...base, error: CONSOLE_ERRORS.internal, message: `the command failed: ${what}` });
}
