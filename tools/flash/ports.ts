/**
 * Finding the ESP32 board to flash: which serial port, decided from the USB vendor/product ids
 * the operating system reports. With exactly one ESP32-looking port we use it; with none or
 * several we list what we saw and ask for `--port` (we never guess). A `--port` that does not
 * exist is refused with the list of ports that do.
 *
 * The decision ({@link decidePort}) is a pure function of a port listing, so it is tested as a
 * table; {@link findPort} does the I/O around it (SerialPort.list(), /dev, existence checks).
 */
import { existsSync, readdirSync } from "node:fs";
import { UsageError } from "../errors.ts";
import { say } from "../lang.ts";
import { FLASH_ERROR_IDS, withId } from "./errors.ts";
import { errorText } from "../../firmware/core/error-text.ts";

/** One serial port as node-serialport's `SerialPort.list()` reports it (the fields we use). */
export interface SerialPortListing {
  /** Device path, e.g. `/dev/ttyUSB0`, `/dev/ttyACM0`, `COM3`. */
  path: string;
  /** USB vendor id as hex text without `0x` (udev gives `10c4`; Windows may give `10C4`). */
  vendorId?: string;
  /** USB product id as hex text without `0x`. */
  productId?: string;
  /** Manufacturer string from the USB descriptor, if any. */
  manufacturer?: string;
  /** USB serial number, if any. */
  serialNumber?: string;
}

/** One known USB-serial chip or native USB interface found on ESP32 boards. */
export interface UsbSerialKind {
  /** USB vendor id. */
  readonly vendorId: number;
  /** USB product id; `undefined` matches any product of this vendor. */
  readonly productId?: number;
  /** What to call it in messages. */
  readonly name: string;
}

/**
 * USB ids of the serial interfaces ESP32 boards carry. Sources: the vendors' published ids
 * (Silicon Labs CP210x 10c4:ea60; WCH CH340 1a86:7523, CH9102 1a86:55d4; FTDI FT232R 0403:6001,
 * FT2232 6010, FT232H 6014, FT-X 6015) and Espressif's own vendor id 0x303a (USB-Serial/JTAG is
 * 303a:1001, esptool-js `USB_JTAG_SERIAL_PID`; other 303a products are the chips' USB-OTG modes).
 * The more specific row (with a product id) comes first.
 */
export const ESP_USB_SERIAL_KINDS: readonly UsbSerialKind[] = [
  { vendorId: 0x10c4, productId: 0xea60, name: "Silicon Labs CP210x USB-UART" },
  { vendorId: 0x1a86, productId: 0x7523, name: "WCH CH340 USB-UART" },
  { vendorId: 0x1a86, productId: 0x55d4, name: "WCH CH9102 USB-UART" },
  { vendorId: 0x0403, productId: 0x6001, name: "FTDI FT232R USB-UART" },
  { vendorId: 0x0403, productId: 0x6010, name: "FTDI FT2232 USB-UART" },
  { vendorId: 0x0403, productId: 0x6014, name: "FTDI FT232H USB-UART" },
  { vendorId: 0x0403, productId: 0x6015, name: "FTDI FT-X USB-UART" },
  { vendorId: 0x303a, productId: 0x1001, name: "Espressif USB-Serial/JTAG" },
  { vendorId: 0x303a, name: "Espressif native USB" },
] as const;

/** A port we may flash, with what we know about it. */
export interface ChosenPort {
  /** Device path to open. */
  path: string;
  /** USB vendor id, when the system reported one (esptool-js uses it to pick the reset method). */
  usbVendorId?: number;
  /** USB product id, when the system reported one. */
  usbProductId?: number;
  /** Human description, e.g. `Silicon Labs CP210x USB-UART, 10c4:ea60`. */
  description: string;
}

/** What the system told us about its serial ports. */
export type PortListingResult =
  | { readonly ok: true; readonly ports: readonly SerialPortListing[] }
  | { readonly ok: false; readonly error: unknown; readonly deviceFiles: readonly string[] };

/** The outcome of {@link decidePort}: a port to use, or a question for the user (a usage error). */
export type PortDecision =
  | { readonly kind: "use"; readonly port: ChosenPort }
  | { readonly kind: "ask"; readonly id: string; readonly message: string };

/** Parses a hex id as listed (`"10c4"`, `"0x10C4"`); `undefined` when absent or not hex. */
function parseUsbId(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const m = /^(?:0x)?([0-9a-f]{1,4})$/i.exec(text.trim());
  return m ? Number.parseInt(m[1]!, 16) : undefined;
}

/** Formats a vendor:product pair as `10c4:ea60`. */
export function formatUsbId(vendorId: number, productId: number | undefined): string {
  const hex = (n: number) => n.toString(16).padStart(4, "0");
  return productId === undefined ? hex(vendorId) : `${hex(vendorId)}:${hex(productId)}`;
}

/** The ESP32 serial interface a listed port is, or `undefined` for anything else. */
export function identifyBoard(port: SerialPortListing): UsbSerialKind | undefined {
  const vid = parseUsbId(port.vendorId);
  if (vid === undefined) return undefined;
  const pid = parseUsbId(port.productId);
  return ESP_USB_SERIAL_KINDS.find((k) => k.vendorId === vid && (k.productId === undefined || k.productId === pid));
}

/** A listed port as a {@link ChosenPort} (description from the table, else from the listing). */
export function describePort(port: SerialPortListing): ChosenPort {
  const vid = parseUsbId(port.vendorId);
  const pid = parseUsbId(port.productId);
  const kind = identifyBoard(port);
  const ids = vid === undefined ? "no USB id" : formatUsbId(vid, pid);
  const what = kind?.name ?? port.manufacturer;
  return {
    path: port.path,
    ...(vid === undefined ? {} : { usbVendorId: vid }),
    ...(pid === undefined ? {} : { usbProductId: pid }),
    description: what ? `${what}, ${ids}` : ids,
  };
}

/** True when `err` is node-serialport's failure to run `udevadm` (a system without udev). */
export function isMissingUdev(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as NodeJS.ErrnoException).code;
  return /udevadm/.test(err.message) && (code === "ENOENT" || /ENOENT/.test(err.message));
}

/** `<command> --port P <the rest of the user's arguments>` (command default `bell flash`), ready to copy. */
function exampleFor(path: string, rest: string, command = "bell flash"): string {
  return `${command} --port ${path}${rest ? ` ${rest}` : ""}`;
}

function portLines(ports: readonly SerialPortListing[]): string {
  return ports.map((p) => `    ${p.path.padEnd(14)} ${describePort(p).description}`).join("\n");
}

/**
 * Decides which port to flash, or what to ask the user, from a port listing.
 *
 * @param listing what `SerialPort.list()` returned (or how it failed, with the serial device
 *   files found in /dev so the message can name them).
 * @param requested the `--port` value, if given; it must be in the listing (or exist, see
 *   {@link findPort}) to be used.
 * @param restOfCommand the user's other arguments (e.g. `--build build/caller`), used to print
 *   a ready-to-copy example command.
 * @param command the command in that example (default `bell flash`; e.g. `bell monitor`).
 * @returns `use` with the port, or `ask` with a stable error id and the message to print.
 */
export function decidePort(listing: PortListingResult, requested: string | undefined, restOfCommand = "", command = "bell flash"): PortDecision {
  const exampleCommand = (path: string, rest: string) => exampleFor(path, rest, command);
  const use = command === "bell flash" ? "flash" : "use";
  const builtInNote = (ports: readonly string[]) => say(ports.length === 1 ? "port.built_in.one" : "port.built_in.many", { ports: ports.join(", ") });
  if (requested !== undefined) {
    const known = listing.ok ? listing.ports.find((p) => p.path === requested) : undefined;
    if (known) return { kind: "use", port: describePort(known) };
    // Only USB ports can be a board: ports without a USB id (/dev/ttyS0…) belong to the computer
    // itself, so they are never offered as the example to copy.
    const usb = listing.ok ? listing.ports.filter((p) => parseUsbId(p.vendorId) !== undefined).map((p) => p.path) : [...listing.deviceFiles];
    const builtIn = listing.ok ? listing.ports.filter((p) => parseUsbId(p.vendorId) === undefined).map((p) => p.path) : [];
    return {
      kind: "ask",
      id: FLASH_ERROR_IDS.portMissing,
      message:
        say("port.missing", { path: requested }) +
        "\n" +
        (usb.length
          ? `${say("port.missing.usb_ports")}\n${usb.map((p) => `    ${p}`).join("\n")}\n` +
            say("port.missing.example", { command: exampleCommand(usb[0]!, restOfCommand) }) +
            (builtIn.length ? `\n${builtInNote(builtIn)}` : "")
          : `${say("port.missing.none")}\n` + (builtIn.length ? `${builtInNote(builtIn)}\n` : "") + say("port.plug_in")),
    };
  }
  if (!listing.ok) {
    if (isMissingUdev(listing.error)) {
      const files = listing.deviceFiles;
      return {
        kind: "ask",
        id: FLASH_ERROR_IDS.noUdev,
        message:
          say("port.no_udev", { command: exampleCommand(files[0] ?? "/dev/ttyUSB0", restOfCommand) }) +
          "\n" +
          (files.length ? say("port.no_udev.files", { files: files.join(", ") }) : say("port.no_udev.no_files")) +
          "\n" +
          say("port.no_udev.install"),
      };
    }
    const why = errorText(listing.error);
    return {
      kind: "ask",
      id: FLASH_ERROR_IDS.listFailed,
      message: say("port.list_failed", { why, command: exampleCommand(listing.deviceFiles[0] ?? "/dev/ttyUSB0", restOfCommand) }),
    };
  }
  const boards = listing.ports.filter((p) => identifyBoard(p) !== undefined);
  if (boards.length === 1) return { kind: "use", port: describePort(boards[0]!) };
  if (boards.length === 0) {
    const others = listing.ports;
    const usbOthers = others.filter((p) => parseUsbId(p.vendorId) !== undefined);
    const onlyBuiltIn = others.length > 0 && usbOthers.length === 0;
    return {
      kind: "ask",
      id: FLASH_ERROR_IDS.noBoard,
      message:
        say("port.no_board") +
        "\n" +
        (others.length ? `${say("port.no_board.seen")}\n${portLines(others)}\n` : say("port.no_board.none") + "\n") +
        (onlyBuiltIn ? say("port.no_board.built_in") + "\n" : "") +
        say("port.no_board.check") +
        "\n" +
        (usbOthers.length ? say("port.no_board.name_it", { command: exampleCommand(usbOthers[0]!.path, restOfCommand) }) : say("port.no_board.unusual")),
    };
  }
  return {
    kind: "ask",
    id: FLASH_ERROR_IDS.manyBoards,
    message:
      say(`port.many_boards.${use}`, { count: boards.length }) +
      `\n${portLines(boards)}\n` +
      say("port.many_boards.choose", { command: exampleCommand(boards[0]!.path, restOfCommand) }) +
      "\n" +
      say(`port.many_boards.unplug.${use}`),
  };
}

/** Serial device files a USB board shows up as on Linux, found by name in `dir` (sorted). */
export function listSerialDeviceFiles(dir = "/dev"): string[] {
  try {
    return readdirSync(dir)
      .filter((n) => /^tty(USB|ACM)\d+$/.test(n))
      .sort()
      .map((n) => `${dir}/${n}`);
  } catch {
    return []; // not Linux, or /dev unreadable: the message then simply names no files
  }
}

/** What {@link findPort} needs from the system; every field has a real default. */
export interface FindPortOptions {
  /** The `--port` value, if given. */
  requested?: string;
  /** The user's other arguments, for the example command in messages. */
  restOfCommand?: string;
  /** The command in example lines (default `bell flash`; `bell monitor`, `bell provision device clinic`). */
  command?: string;
  /** Lists serial ports; default node-serialport's `SerialPort.list()` (needs udev on Linux). */
  list?: () => Promise<SerialPortListing[]>;
  /** Serial device files present, for messages when list() fails; default scans /dev. */
  deviceFiles?: () => string[];
  /** Whether a path exists; default `fs.existsSync`. */
  exists?: (path: string) => boolean;
}

async function defaultList(): Promise<SerialPortListing[]> {
  const { SerialPort } = await import("serialport");
  return SerialPort.list();
}

/**
 * Finds the port to flash: lists the system's serial ports and applies {@link decidePort}.
 * A `--port` that exists is used even when the listing cannot name it (a pty, a port udev
 * does not describe, or a system without udev).
 *
 * @throws UsageError (exit 2) with an `E_FLASH_*` id when it must ask the user: no board,
 *   several boards, a `--port` that does not exist, or no udev to list ports with.
 */
export async function findPort(options: FindPortOptions = {}): Promise<ChosenPort> {
  const list = options.list ?? defaultList;
  const deviceFiles = options.deviceFiles ?? (() => listSerialDeviceFiles());
  const exists = options.exists ?? existsSync;
  let listing: PortListingResult;
  try {
    listing = { ok: true, ports: await list() };
  } catch (error) {
    listing = { ok: false, error, deviceFiles: deviceFiles() };
  }
  const { requested } = options;
  if (requested !== undefined && exists(requested)) {
    const known = listing.ok ? listing.ports.find((p) => p.path === requested) : undefined;
    return known ? describePort(known) : { path: requested, description: "given with --port" };
  }
  const decision = decidePort(listing, requested, options.restOfCommand, options.command);
  if (decision.kind === "use") return decision.port;
  throw new UsageError(decision.id, withId(decision.id, decision.message));
}
