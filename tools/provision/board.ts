/**
 * `bell provision device ID`: gives one board its identity over its console (`docs/console.md`).
 *
 * 1. `info`: the board answers with its firmware role, its station MAC and the checksum of the
 *    identity it holds. No answer → it is not a warning-bell board on this port (or not an
 *    instrumented build, or busy booting): say what to check.
 * 2. Check it is the right board: the role must match the registry's; a MAC the registry gives to
 *    another device, or a device whose registered board has another MAC, is refused (a second
 *    "clinic" must never exist). A new MAC is recorded.
 * 3. Build the identity from the registry (`plan.ts`). When a peer's MAC is still unknown, the
 *    recorded MAC is saved and the tool says what to plug in next; nothing is sent.
 * 4. If the board already holds exactly this identity (same checksum), nothing is written.
 *    Otherwise send `provision <crc32> <json>` (retried if damaged on the way), check the reply's
 *    checksum against the one predicted from the registry, and record it in the registry.
 * 5. `reboot`, and wait for the board to report that its app started (`boot`) or why not.
 *
 * The identity line holds keys: it is never printed, and no message here quotes it.
 */
import { crc32 } from "node:zlib";
import { hex32 } from "../../firmware/stack/crc32.ts";
import { identityToJson } from "../../firmware/stack/identity-writer.ts";
import { normalizeMac } from "../../firmware/hal/mac.ts";
import { JobError } from "../errors.ts";
import { withId } from "../flash/errors.ts";
import { say } from "../lang.ts";
import { NoReplyError, PortClosedError, type ConsoleLine, type ConsolePort, type ReplyLine } from "../monitor/console-client.ts";
import { expectedChecksum, identityFor, nextSteps, type Step } from "./plan.ts";
import { findDevice, type Registry, type RegistryDevice } from "./registry.ts";

/** Stable ids of `bell provision device` failures (exit 1; `docs/console.md`). */
export const PROVISION_ERRORS = {
  /** The board did not answer `info`: not a warning-bell console on this port. */
  noAnswer: "E_PROVISION_NO_ANSWER",
  /** The board's console speaks another protocol version. */
  protocol: "E_PROVISION_PROTOCOL",
  /** The board runs the other role's firmware. */
  wrongRole: "E_PROVISION_WRONG_ROLE",
  /** The board is registered as another device, or the device has another board. */
  otherBoard: "E_PROVISION_OTHER_BOARD",
  /** The board refused the identity (its reply names why). */
  refused: "E_PROVISION_REFUSED",
  /** The board's checksum of what it stored differs from the registry's. */
  verify: "E_PROVISION_VERIFY",
  /** After the restart the board reported a problem instead of starting its app. */
  boot: "E_PROVISION_BOOT",
} as const;

/** Defaults of `provisionBoard`. */
export const BOARD_DEFAULTS = {
  /** `info`: wait per attempt, ms, and attempts (a board reset by opening the port needs ~1 s to boot). */
  infoTimeoutMs: 1500,
  infoAttempts: 4,
  /** `provision`: wait per attempt, ms (NVS writes), and attempts. */
  provisionTimeoutMs: 5000,
  provisionAttempts: 3,
  /** Wait for the app to report that it started after `reboot`, ms. */
  bootTimeoutMs: 10_000,
} as const;

/** The waits of `provisionBoard`, ms, and its attempt counts. */
export type BoardTiming = { [K in keyof typeof BOARD_DEFAULTS]: number };

/** Options of `provisionBoard`. */
export interface ProvisionBoardOptions {
  registry: Registry;
  deviceId: string;
  /** The board's console, open. */
  port: ConsolePort;
  /** Saves the registry (atomically). */
  save(r: Registry): void;
  /** Progress and results for the person (lines end with "\n"). */
  out(text: string): void;
  /** Now (for the registry's record). */
  now?(): Date;
  /** The port's name in messages (default the port's path). */
  portName?: string;
  /** Per-step waits (tests shorten them). */
  timing?: Partial<BoardTiming>;
}

/** What `provisionBoard` did. */
export type BoardOutcome = "provisioned" | "unchanged" | "recorded";

/**
 * Provisions the board on `port` as `deviceId`.
 * @throws UsageError E_REGISTRY for an unknown device; JobError with a `PROVISION_ERRORS` id (or
 *   `E_CONSOLE_PORT_LOST` when the board is unplugged) with what to do.
 */
export async function provisionBoard(o: ProvisionBoardOptions): Promise<BoardOutcome> {
  const t: BoardTiming = { ...BOARD_DEFAULTS, ...o.timing };
  const r = o.registry;
  const device = findDevice(r, o.deviceId);
  const where = o.portName ?? o.port.path;
  o.out(say("provision.device.start", { id: device.id, role: roleName(device.role), name: device.name, post: r.post.id, port: where }) + "\n");

  const info = await ask(o.port, "info", t.infoTimeoutMs, t.infoAttempts, (err) => noAnswer(where, device, err, t));
  if (!info.ok) throw fail(PROVISION_ERRORS.noAnswer, say("provision.err.info_refused", { port: where, why: String(info.message) }));
  if (info.protocol !== 1) {
    throw fail(PROVISION_ERRORS.protocol, say("provision.err.protocol", { port: where, protocol: String(info.protocol) }));
  }
  if (info.role !== device.role) {
    throw fail(PROVISION_ERRORS.wrongRole, say("provision.err.wrong_role", { port: where, board_role: roleName(info.role), id: device.id, role: device.role, role_name: roleName(device.role) }));
  }
  let address: string;
  try {
    address = normalizeMac(String(info.address), "address");
  } catch {
    throw fail(PROVISION_ERRORS.protocol, say("provision.err.bad_address", { port: where, address: JSON.stringify(info.address) }));
  }
  const held =
    info.identity === "ok" ? say("provision.device.held_as", { device: String(info.device) }) : info.identity === "invalid" ? say("provision.device.held_damaged") : say("provision.device.held_none");
  o.out(say("provision.device.board", { role: roleName(device.role), address, held }) + "\n");
  checkBoard(r, device, address, where);
  if (device.mac === undefined) {
    device.mac = address;
    o.out(say("provision.device.address_recorded") + "\n");
  }
  if (info.identity === "ok" && info.device !== device.id) {
    o.out(say("provision.device.was_other", { before: String(info.device), id: device.id }) + "\n");
  }

  const plan = identityFor(r, device);
  if (!plan.ready) {
    o.save(r);
    const names = plan.waitingFor.map((d) => d.id).join(", ");
    o.out(say("provision.device.waiting", { id: device.id, names }) + "\n" + stepsText(nextSteps(r)));
    return "recorded";
  }
  const expected = expectedChecksum(r, device)!;
  let outcome: BoardOutcome;
  if (info.identity === "ok" && info.identity_crc32 === expected) {
    o.out(say("provision.device.unchanged", { crc: expected }) + "\n");
    outcome = "unchanged";
  } else {
    const json = identityToJson(plan.identity);
    const line = `provision ${hex32(crc32(Buffer.from(json, "utf8")))} ${json}`;
    let reply: ReplyLine | undefined;
    for (let attempt = 1; attempt <= t.provisionAttempts; attempt++) {
      reply = await ask(o.port, line, t.provisionTimeoutMs, 1, (err) => noAnswer(where, device, err, t, "provision"), "provision");
      if (reply.ok || reply.error !== "E_PROVISION_CHECKSUM") break;
    }
    if (!reply!.ok) {
      const field = typeof reply!.field === "string" ? say("provision.err.refused_field", { field: reply!.field }) : "";
      throw fail(PROVISION_ERRORS.refused, say("provision.err.refused", { field, why: String(reply!.message), code: String(reply!.error) }));
    }
    if (reply!.identity_crc32 !== expected) {
      throw fail(PROVISION_ERRORS.verify, say("provision.err.verify", { board_crc: String(reply!.identity_crc32), crc: expected }));
    }
    o.out(say("provision.device.written", { entries: String(reply!.entries), crc: expected, cleared: reply!.state_cleared ? say("provision.device.cleared") : "" }) + "\n");
    outcome = "provisioned";
  }
  device.provisioned = { identityCrc32: expected, mac: address, at: (o.now?.() ?? new Date()).toISOString() };
  o.save(r);
  if (outcome === "provisioned" || !info.running) await restart(o, device, where, t.bootTimeoutMs);
  o.out(say("provision.device.done", { id: device.id }) + "\n" + stepsText(nextSteps(r)));
  return outcome;
}

/** Refuses a board that is not `device`'s. */
function checkBoard(r: Registry, device: RegistryDevice, address: string, where: string): void {
  const other = r.devices.find((d) => d !== device && d.mac === address);
  if (other) {
    throw fail(PROVISION_ERRORS.otherBoard, say("provision.err.other_board", { port: where, address, other: other.id, other_name: other.name, id: device.id }));
  }
  if (device.mac !== undefined && device.mac !== address) {
    throw fail(PROVISION_ERRORS.otherBoard, say("provision.err.registered_board", { id: device.id, mac: device.mac, port: where, address }));
  }
}

/** Restarts the board and waits for its app to report that it started. */
async function restart(o: ProvisionBoardOptions, device: RegistryDevice, where: string, timeoutMs: number): Promise<void> {
  const started = (l: ConsoleLine) =>
    l.kind === "event" && (l.event.event === "boot" || l.event.event === "radio_ready" || l.event.event === "provisioning_error" || l.event.event === "unprovisioned" || l.event.event === "boot_error");
  const booted = o.port.waitFor(started, timeoutMs);
  o.out(say("provision.device.restarting") + "\n");
  try {
    await o.port.request("reboot", { attempts: 1 });
  } catch (err) {
    if (!(err instanceof NoReplyError || err instanceof PortClosedError)) throw err;
  }
  const line = await booted;
  if (line?.kind === "event") {
    const e = line.event;
    if (e.event === "boot" || e.event === "radio_ready") {
      o.out(say("provision.device.running", { id: device.id }) + "\n");
      return;
    }
    const why = e.event === "provisioning_error" ? `${String(e.key)}: ${String(e.reason)}` : e.event === "boot_error" ? String(e.error) : say("provision.boot.not_provisioned");
    throw fail(PROVISION_ERRORS.boot, say("provision.err.boot", { id: device.id, event: e.event, why, port: where }));
  }
  if (o.port.lost) {
    o.out(say("provision.device.usb_gone") + "\n");
    return;
  }
  o.out(say("provision.device.no_start", { seconds: Math.round(timeoutMs / 1000), port: where }) + "\n");
}

/** Sends one request; a silent board becomes the error `onSilence` makes. */
async function ask(port: ConsolePort, command: string, timeoutMs: number, attempts: number, onSilence: (err: NoReplyError) => JobError, name?: string): Promise<ReplyLine> {
  try {
    return await port.request(command, { timeoutMs, attempts, name });
  } catch (err) {
    if (err instanceof NoReplyError) throw onSilence(err);
    throw err;
  }
}

/** Why a board did not answer, with what to check, from what the port said meanwhile. */
function noAnswer(where: string, device: RegistryDevice, seen: NoReplyError, t: BoardTiming, command = "info"): JobError {
  const heard =
    seen.bytes === 0
      ? say("provision.err.no_answer.silent") + "\n"
      : seen.text.length > 0
        ? `${say(seen.text.length === 1 ? "provision.err.no_answer.printed_one" : "provision.err.no_answer.printed_many")}\n${seen.text
            .slice(0, 3)
            .map((s) => `    | ${printable(s)}`)
            .join("\n")}\n`
        : say("provision.err.no_answer.binary", { bytes: seen.bytes }) + "\n";
  const waited =
    command === "info"
      ? say("provision.err.no_answer.tries_over", { tries: t.infoAttempts, seconds: Math.round((t.infoAttempts * t.infoTimeoutMs) / 1000) })
      : say("provision.err.no_answer.tries", { tries: t.provisionAttempts });
  return fail(
    PROVISION_ERRORS.noAnswer,
    say("provision.err.no_answer", { port: where, command, waited }) + "\n" + heard + say("provision.err.no_answer.check", { id: device.id, role: device.role, role_name: roleName(device.role) }),
  );
}

/** A role in the reader's language (`caller` → "nút báo động"); a role this bell does not know, as the board said it. */
function roleName(role: unknown): string {
  return role === "caller" || role === "receiver" ? say(`timeline.role.${role}`) : String(role);
}

function printable(text: string): string {
  const clean = text.replace(/[\u0000-\u001f\u007f]/g, "?");
  return clean.length > 100 ? `${clean.slice(0, 100)}…` : clean;
}

/** The next steps as text, or a closing line when all is done. */
export function stepsText(steps: readonly Step[]): string {
  if (steps.length === 0) return say("provision.steps.done") + "\n";
  return say("provision.steps.next") + "\n" + steps.map((s, i) => `  ${i + 1}. ${s.command}\n       ${s.device.id}: ${s.why}`).join("\n") + "\n";
}

function fail(id: string, message: string): JobError {
  return new JobError(id, withId(id, message));
}
