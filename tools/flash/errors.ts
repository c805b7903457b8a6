/**
 * What `bell flash` tells the user when something goes wrong: the stable error ids
 * (documented in docs/flashing.md), the classification of serial-port open failures, and the
 * troubleshooting text. The people who flash boards are often not developers, so every message
 * says what happened and exactly what to do next, in the tools' language (`tools/lang.ts`; the
 * texts are in the catalogue, `firmware/core/messages/`, ids `port.*` and `flash.*`).
 *
 * Usage problems (exit 2) are raised as `UsageError`, job failures (exit 1) as `JobError`
 * (tools/errors.ts).
 */
import { readFileSync, statSync } from "node:fs";
import type { MessageId } from "../../firmware/core/messages/index.ts";
import { say } from "../lang.ts";
import { errorText } from "../../firmware/core/error-text.ts";

/** Stable ids of the flash errors (docs/flashing.md lists them with their meaning). */
export const FLASH_ERROR_IDS = {
  /** Exit 2: bad command line (both or neither of --build and OFFSET=FILE, a bad --baud). */
  usage: "E_FLASH_USAGE",
  /** Exit 2: no flasher_args.json where --build points. */
  buildDir: "E_FLASH_BUILD_DIR",
  /** Exit 2: flasher_args.json is not valid (JSON path named). */
  imageJson: "E_FLASH_IMAGE_JSON",
  /** Exit 2: an image file is missing, empty or unreadable. */
  imageFile: "E_FLASH_IMAGE_FILE",
  /** Exit 2: an offset is malformed, unaligned, overlapping or beyond the flash size. */
  offset: "E_FLASH_OFFSET",
  /** Exit 2: --port names a port that does not exist. */
  portMissing: "E_FLASH_PORT_MISSING",
  /** Exit 2: no udev to list ports with; pass --port. */
  noUdev: "E_FLASH_NO_UDEV",
  /** Exit 2: listing ports failed for another reason; pass --port. */
  listFailed: "E_FLASH_PORT_LIST",
  /** Exit 2: no ESP32 board among the serial ports. */
  noBoard: "E_FLASH_NO_BOARD",
  /** Exit 2: several ESP32 boards; pass --port. */
  manyBoards: "E_FLASH_MANY_BOARDS",
  /** Exit 1: another program holds the port. */
  portBusy: "E_FLASH_PORT_BUSY",
  /** Exit 1: the user may not open the port (not in the dialout group). */
  permission: "E_FLASH_PERMISSION",
  /** Exit 1: the port could not be opened for another reason. */
  portOpen: "E_FLASH_PORT_OPEN",
  /** Exit 1: the ROM bootloader never answered SYNC (not in download mode). */
  noSync: "E_FLASH_NO_SYNC",
  /** Exit 1: the board's chip is not the one the firmware was built for. */
  wrongChip: "E_FLASH_WRONG_CHIP",
  /** Exit 1: the board's flash is smaller than the image set needs. */
  flashTooSmall: "E_FLASH_TOO_SMALL",
  /** Exit 1: the board disappeared (unplugged) during the job. */
  unplugged: "E_FLASH_UNPLUGGED",
  /** Exit 1: the board stopped answering during the job. */
  noReply: "E_FLASH_NO_REPLY",
  /** Exit 1: a region's MD5 did not match after the retry. */
  verify: "E_FLASH_VERIFY",
} as const;

/** Why a serial port would not open. */
export type PortOpenFailure = "busy" | "permission" | "missing" | "other";

/**
 * Classifies a serial-port open error. node-serialport's Linux binding reports errors as text
 * without an errno code: `Error: Resource busy, cannot open /dev/ttyUSB0` (EBUSY, a program set
 * exclusive mode), `Error Resource temporarily unavailable Cannot lock port` (another program
 * holds the flock node-serialport takes), `Error: Permission denied, cannot open …` (EACCES),
 * `Error: No such file or directory, cannot open …` (ENOENT); see
 * @serialport/bindings-cpp src/serialport_unix.cpp. Its mock binding says
 * `Port is locked cannot open`. A Node-style `code` is honoured when present.
 */
export function classifyOpenError(err: unknown): PortOpenFailure {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const text = errorText(err);
  if (code === "EBUSY" || code === "EAGAIN" || code === "EWOULDBLOCK") return "busy";
  if (code === "EACCES" || code === "EPERM") return "permission";
  if (code === "ENOENT" || code === "ENODEV" || code === "ENXIO") return "missing";
  if (/resource busy|cannot lock|is locked|temporarily unavailable/i.test(text)) return "busy";
  if (/permission denied|access denied|operation not permitted/i.test(text)) return "permission";
  if (/no such file|no such device/i.test(text)) return "missing";
  return "other";
}

/** A serial port that would not open, classified; thrown by the Web-Serial adapter. */
export class PortOpenError extends Error {
  override get name() {
    return "PortOpenError";
  }
  /**
   * @param path the port's path.
   * @param failure the classification ({@link classifyOpenError}).
   * @param cause the error node-serialport reported.
   */
  constructor(readonly path: string, readonly failure: PortOpenFailure, override readonly cause: unknown) {
    super(`cannot open ${path}: ${errorText(cause)}`);
  }
}

/** The board disappeared: the port closed or failed under us (USB unplugged, cable fault). */
export class PortLostError extends Error {
  override get name() {
    return "PortLostError";
  }
  /** @param path the port's path; @param cause what node-serialport reported. */
  constructor(readonly path: string, override readonly cause: unknown) {
    super(`${path} disappeared: ${errorText(cause)}`);
  }
}

/** Appends the stable id to the first line of a message: `first line (E_ID)\n  rest`. */
export function withId(id: string, message: string): string {
  const nl = message.indexOf("\n");
  return nl < 0 ? `${message} (${id})` : `${message.slice(0, nl)} (${id})${message.slice(nl)}`;
}

/** Message for a port another program holds (EBUSY, or a lock). */
export function portBusyMessage(path: string, attempts: number): string {
  return say("port.busy", { path, attempts });
}

/**
 * The group that owns a device file (`dialout` on Debian/Ubuntu, `uucp` on Arch), read from
 * /etc/group; `dialout` when it cannot be found out.
 */
export function deviceGroup(path: string): string {
  try {
    const gid = statSync(path).gid;
    for (const line of readFileSync("/etc/group", "utf8").split("\n")) {
      const [name, , id] = line.split(":");
      if (name && id !== undefined && Number(id) === gid && gid !== 0) return name;
    }
  } catch {
    // not Linux, or the path is gone: the Debian default is the best advice
  }
  return "dialout";
}

/** Message for EACCES: how to join the group that may use serial ports. */
export function permissionMessage(path: string, group: string): string {
  return say("port.permission", { path, group });
}

/** Message for an open failure we cannot classify. */
export function portOpenMessage(path: string, cause: unknown): string {
  const why = errorText(cause);
  return say("port.open_failed", { path, why });
}

/** How bell tried to get the board into download mode before it gave up. */
export type ResetTried = "reset" | "no-reset-hold" | "no-lines";

/** Message when the ROM bootloader never answered: put the board in download mode by hand. */
export function noSyncMessage(path: string, tries: number, lastError: string, tried: ResetTried): string {
  const ids: Record<ResetTried, MessageId> = { reset: "flash.no_sync.reset", "no-reset-hold": "flash.no_sync.no_reset_hold", "no-lines": "flash.no_sync.no_lines" };
  const how = say(ids[tried]);
  return (say("flash.no_sync", { path, tries, how }) + (lastError ? say("flash.no_sync.saw", { what: lastError }) : "")).trimEnd();
}

/** Message when the chip is not the one the firmware was built for. */
export function wrongChipMessage(path: string, boardChip: string, builtFor: string): string {
  return say("flash.wrong_chip", { path, board_chip: boardChip, built_for: builtFor });
}

/**
 * Message when the board's flash chip is smaller than the image set needs.
 * @param builtForBytes the flash size the build states, if it states one.
 */
export function flashTooSmallMessage(path: string, boardBytes: number, neededBytes: number, builtForBytes: number | undefined): string {
  const need =
    builtForBytes !== undefined ? say("flash.too_small.built_for", { size: formatSize(builtForBytes) }) : say("flash.too_small.files_need", { size: formatSize(neededBytes) });
  return say("flash.too_small", { path, board_size: formatSize(boardBytes), need });
}

/** What was done before a failure, for the unplug and no-reply messages. */
export interface FlashProgressNote {
  /** Regions written and verified, as `name at 0xOFFSET`. */
  verified: readonly string[];
  /** The region in progress, as `name at 0xOFFSET`, if any. */
  inProgress?: string;
  /** Share of the region in progress sent, 0..100. */
  percentSent?: number;
}

function progressLines(note: FlashProgressNote): string {
  const done = note.verified.length ? note.verified.join(", ") : say("flash.progress.nothing");
  const now = note.inProgress
    ? say("flash.progress.in_progress", { region: note.inProgress, sent: note.percentSent === undefined ? "" : say("flash.progress.sent", { percent: note.percentSent }) }) + "\n"
    : "";
  return say("flash.progress.verified", { done }) + `\n${now}`;
}

/** Message when the board disappeared mid-job. */
export function unpluggedMessage(path: string, note: FlashProgressNote): string {
  return say("flash.unplugged", { path }) + "\n" + progressLines(note) + say("flash.unplugged.advice");
}

/** Message when the board stopped answering mid-job (after the retries). */
export function noReplyMessage(path: string, note: FlashProgressNote, detail: string, baud: number): string {
  const slower = baud > 115200 ? say("flash.no_reply.slower") + "\n" : "";
  return say("flash.no_reply", { path, detail }) + "\n" + progressLines(note) + say("flash.no_reply.safe") + "\n" + slower + say("flash.no_reply.again");
}

/** Message when a region's MD5 did not match, after its retry. */
export function verifyMessage(path: string, region: string, attempts: number, fileMd5: string, flashMd5: string): string {
  return say("flash.verify", { region, path, attempts, file_md5: fileMd5, flash_md5: flashMd5 });
}

/** `1,048,576 bytes` / `4 MB` style sizes for messages. */
export function formatSize(bytes: number): string {
  const MIB = 1024 * 1024;
  if (bytes >= MIB && bytes % MIB === 0) return `${bytes / MIB} MB`;
  return `${bytes.toLocaleString("en-US")} bytes`;
}
