/**
 * What `bell flash` tells the user when something goes wrong: the stable error ids
 * (documented in docs/flashing.md), the classification of serial-port open failures, and the
 * troubleshooting text. The people who flash boards are often not developers, so every message
 * says what happened and exactly what to do next.
 *
 * Usage problems (exit 2) are raised as `UsageError`, job failures (exit 1) as `JobError`
 * (tools/errors.ts).
 */
import { readFileSync, statSync } from "node:fs";

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
  const text = err instanceof Error ? err.message : String(err);
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
    super(`cannot open ${path}: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

/** The board disappeared: the port closed or failed under us (USB unplugged, cable fault). */
export class PortLostError extends Error {
  override get name() {
    return "PortLostError";
  }
  /** @param path the port's path; @param cause what node-serialport reported. */
  constructor(readonly path: string, override readonly cause: unknown) {
    super(`${path} disappeared: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

/** Appends the stable id to the first line of a message: `first line (E_ID)\n  rest`. */
export function withId(id: string, message: string): string {
  const nl = message.indexOf("\n");
  return nl < 0 ? `${message} (${id})` : `${message.slice(0, nl)} (${id})${message.slice(nl)}`;
}

/** Message for a port another program holds (EBUSY, or a lock). */
export function portBusyMessage(path: string, attempts: number): string {
  return (
    `${path} is in use by another program (tried ${attempts} times).\n` +
    "  Close the program that has it open, then run the same command again. Programs that often do:\n" +
    "    - a serial monitor: bell monitor, screen, minicom, picocom, the Arduino IDE or PlatformIO monitor;\n" +
    "    - ModemManager, which probes new USB serial devices for a few seconds after they are plugged in\n" +
    "      (wait 10 seconds and try again, or stop it: sudo systemctl stop ModemManager);\n" +
    "    - another bell flash that is still running.\n" +
    `  To see which program has it: sudo fuser -v ${path}`
  );
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
  return (
    `permission denied opening ${path}: your user may not use serial ports yet.\n` +
    `  Add yourself to the ${group} group (once per computer):\n` +
    `    sudo usermod -a -G ${group} $USER\n` +
    "  then log out and log in again (or restart the computer) so it takes effect,\n" +
    "  and run the same command again."
  );
}

/** Message for an open failure we cannot classify. */
export function portOpenMessage(path: string, cause: unknown): string {
  const why = cause instanceof Error ? cause.message : String(cause);
  return (
    `cannot open ${path}: ${why}\n` +
    "  Unplug the board, plug it in again, and run the same command again.\n" +
    "  If it keeps failing, try another USB socket or cable."
  );
}

/** How bell tried to get the board into download mode before it gave up. */
export type ResetTried = "reset" | "no-reset-hold" | "no-lines";

/** Message when the ROM bootloader never answered: put the board in download mode by hand. */
export function noSyncMessage(path: string, tries: number, lastError: string, tried: ResetTried): string {
  const how = {
    reset: "  bell tried to reset it into download mode, with longer and longer holds, and it did not enter it.\n",
    "no-reset-hold": "  bell did not reset it (--no-reset-hold), and it was not in download mode.\n",
    "no-lines": "  This port has no DTR/RTS lines, so bell could not reset it, and it was not in download mode.\n",
  }[tried];
  return (
    `the board on ${path} did not answer (${tries} connection attempts): it is not in download mode.\n` +
    how +
    "  Put it in download mode by hand:\n" +
    "    1. Run the same command again.\n" +
    '    2. When "Connecting" appears, hold down the BOOT button (also labelled IO0 or FLASH),\n' +
    "       press and release the EN button (also labelled RST or RESET), then release BOOT.\n" +
    "  Also check: the cable carries data (not a charge-only cable), and nothing is wired to GPIO0,\n" +
    "  GPIO2 or GPIO12 that could hold them at the wrong level during reset.\n" +
    (lastError ? `  (What bell saw: ${lastError}.)` : "")
  ).trimEnd();
}

/** Message when the chip is not the one the firmware was built for. */
export function wrongChipMessage(path: string, boardChip: string, builtFor: string): string {
  return (
    `the board on ${path} is an ${boardChip}, but this firmware was built for ${builtFor}.\n` +
    "  Nothing was written. Build the firmware for this board (the mcconfig -p platform), or flash\n" +
    "  a board with the right chip."
  );
}

/**
 * Message when the board's flash chip is smaller than the image set needs.
 * @param builtForBytes the flash size the build states, if it states one.
 */
export function flashTooSmallMessage(path: string, boardBytes: number, neededBytes: number, builtForBytes: number | undefined): string {
  const need =
    builtForBytes !== undefined ? `this firmware was built for ${formatSize(builtForBytes)}` : `the files need ${formatSize(neededBytes)}`;
  return (
    `the board on ${path} has ${formatSize(boardBytes)} of flash, but ${need}.\n` +
    "  Nothing was written. Build the firmware for this flash size, or use a board with more flash."
  );
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
  const done = note.verified.length ? note.verified.join(", ") : "nothing yet";
  const now = note.inProgress
    ? `  It was writing ${note.inProgress}${note.percentSent === undefined ? "" : ` (${note.percentSent}% sent)`}; that part is incomplete.\n`
    : "";
  return `  Written and verified before that: ${done}.\n${now}`;
}

/** Message when the board disappeared mid-job. */
export function unpluggedMessage(path: string, note: FlashProgressNote): string {
  return (
    `the board on ${path} was disconnected during flashing.\n` +
    progressLines(note) +
    "  The board is safe: its ROM bootloader cannot be overwritten, so it can always be flashed again.\n" +
    "  Plug it back in (a short data cable, directly on the computer rather than a hub) and run the\n" +
    "  same command again; it writes everything from the start."
  );
}

/** Message when the board stopped answering mid-job (after the retries). */
export function noReplyMessage(path: string, note: FlashProgressNote, detail: string, baud: number): string {
  const slower = baud > 115200 ? "    - try a lower speed: add --baud 115200 to the command;\n" : "";
  return (
    `the board on ${path} stopped answering during flashing (${detail}).\n` +
    progressLines(note) +
    "  The board is safe and can be flashed again. Then:\n" +
    "    - use a short data cable, directly on the computer rather than through a hub;\n" +
    slower +
    "    - run the same command again."
  );
}

/** Message when a region's MD5 did not match, after its retry. */
export function verifyMessage(path: string, region: string, attempts: number, fileMd5: string, flashMd5: string): string {
  return (
    `${region} did not verify on the board on ${path} after ${attempts} attempts.\n` +
    `  The file's MD5 is ${fileMd5}; the board read back ${flashMd5}.\n` +
    "  The board is safe and can be flashed again. Run the same command again; if it fails again,\n" +
    "  try another USB socket or cable (a weak power supply corrupts writes), then another board:\n" +
    "  the flash chip of this one may be failing."
  );
}

/** `1,048,576 bytes` / `4 MB` style sizes for messages. */
export function formatSize(bytes: number): string {
  const MIB = 1024 * 1024;
  if (bytes >= MIB && bytes % MIB === 0) return `${bytes / MIB} MB`;
  return `${bytes.toLocaleString("en-US")} bytes`;
}
