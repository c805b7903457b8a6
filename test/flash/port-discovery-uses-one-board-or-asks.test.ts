// Port discovery uses the one ESP32 board it sees, and otherwise asks for --port with a list of
// what it saw (never guessing); a system without udev gets advice instead of a stack trace.
import test from "ava";
import { UsageError } from "../../tools/errors.ts";
import { decidePort, findPort, type PortListingResult, type SerialPortListing } from "../../tools/flash/ports.ts";

const cp210x: SerialPortListing = { path: "/dev/ttyUSB0", vendorId: "10c4", productId: "ea60", manufacturer: "Silicon Labs" };
const ch340: SerialPortListing = { path: "/dev/ttyUSB1", vendorId: "1A86", productId: "7523" }; // Windows-style case
const jtag: SerialPortListing = { path: "/dev/ttyACM0", vendorId: "303a", productId: "1001", manufacturer: "Espressif" };
const ttyS0: SerialPortListing = { path: "/dev/ttyS0" };
const prolific: SerialPortListing = { path: "/dev/ttyUSB3", vendorId: "067b", productId: "2303", manufacturer: "Prolific" };

/** What spawn() rejects with when udevadm is not installed (node-serialport's Linux list()). */
function udevMissing(): Error {
  return Object.assign(new Error("spawn udevadm ENOENT"), { code: "ENOENT", syscall: "spawn udevadm", path: "udevadm" });
}

const listed = (...ports: SerialPortListing[]): PortListingResult => ({ ok: true, ports });

interface Row {
  name: string;
  listing: PortListingResult;
  requested?: string;
  use?: string;
  ask?: string;
  says?: string[];
}

const rows: Row[] = [
  { name: "no port at all", listing: listed(), ask: "E_FLASH_NO_BOARD", says: ["no ESP32 board found", "No serial port at all", "data cable"] },
  {
    name: "built-in serial port only",
    listing: listed(ttyS0),
    ask: "E_FLASH_NO_BOARD",
    says: ["/dev/ttyS0     no USB id", "belong to the computer itself", "unusual USB chip"],
  },
  { name: "one CP210x", listing: listed(cp210x), use: "/dev/ttyUSB0" },
  { name: "one CH340 next to non-ESP ports", listing: listed(ttyS0, ch340, prolific), use: "/dev/ttyUSB1" },
  { name: "one native USB-JTAG", listing: listed(jtag), use: "/dev/ttyACM0" },
  {
    name: "two boards",
    listing: listed(cp210x, jtag),
    ask: "E_FLASH_MANY_BOARDS",
    says: ["2 ESP32 boards found", "/dev/ttyUSB0", "Silicon Labs CP210x USB-UART, 10c4:ea60", "/dev/ttyACM0", "Espressif USB-Serial/JTAG, 303a:1001", "bell flash --port /dev/ttyUSB0 --build build/caller"],
  },
  {
    name: "non-ESP devices only",
    listing: listed(ttyS0, prolific),
    ask: "E_FLASH_NO_BOARD",
    says: ["/dev/ttyS0", "no USB id", "/dev/ttyUSB3", "Prolific, 067b:2303", "bell flash --port /dev/ttyUSB3 --build build/caller"],
  },
  {
    name: "list() rejects: no udev",
    listing: { ok: false, error: udevMissing(), deviceFiles: ["/dev/ttyUSB0"] },
    ask: "E_FLASH_NO_UDEV",
    says: ["no udev", "bell flash --port /dev/ttyUSB0 --build build/caller", "Serial devices present: /dev/ttyUSB0", "apt-get install udev"],
  },
  { name: "--port that is listed", listing: listed(cp210x, jtag), requested: "/dev/ttyACM0", use: "/dev/ttyACM0" },
  {
    name: "--port that does not exist",
    listing: listed(cp210x, ttyS0),
    requested: "/dev/ttyUSB7",
    ask: "E_FLASH_PORT_MISSING",
    says: ["/dev/ttyUSB7 does not exist", "/dev/ttyUSB0", "/dev/ttyS0"],
  },
];

for (const row of rows) {
  test(`decision: ${row.name}`, (t) => {
    const decision = decidePort(row.listing, row.requested, "--build build/caller");
    if (row.use !== undefined) {
      t.is(decision.kind, "use");
      if (decision.kind === "use") t.is(decision.port.path, row.use);
      return;
    }
    t.is(decision.kind, "ask");
    if (decision.kind !== "ask") return;
    t.is(decision.id as string, row.ask ?? "(a decision to use a port)");
    for (const text of row.says ?? []) t.true(decision.message.includes(text), `message should say "${text}":\n${decision.message}`);
    t.false(/\n\s+at /.test(decision.message), "no stack trace in the message");
  });
}

test("findPort turns udev's absence into a usage error (exit 2) with the advice", async (t) => {
  const error = await t.throwsAsync(
    findPort({ list: () => Promise.reject(udevMissing()), deviceFiles: () => [], exists: () => false }),
    { instanceOf: UsageError },
  );
  t.is(error?.id, "E_FLASH_NO_UDEV");
  t.regex(error?.message ?? "", /--port/);
  t.regex(error?.message ?? "", /\(E_FLASH_NO_UDEV\)/);
});

test("findPort uses an existing --port even when udev cannot describe it", async (t) => {
  const port = await findPort({ requested: "/tmp/pty-a", list: () => Promise.reject(udevMissing()), deviceFiles: () => [], exists: () => true });
  t.deepEqual(port, { path: "/tmp/pty-a", description: "given with --port" });
});

test("findPort passes the USB ids of a listed --port on (the reset method depends on them)", async (t) => {
  const port = await findPort({ requested: "/dev/ttyACM0", list: async () => [jtag], exists: () => true });
  t.is(port.usbVendorId, 0x303a);
  t.is(port.usbProductId, 0x1001);
});

test("a missing --port never suggests the computer's own serial port (issue 16)", (t) => {
  const decision = decidePort(listed(ttyS0), "/dev/ttyUSB0", "", "bell monitor");
  t.is(decision.kind, "ask");
  if (decision.kind !== "ask") return;
  t.is(decision.id, "E_FLASH_PORT_MISSING");
  t.false(/--port \/dev\/ttyS0/.test(decision.message), decision.message);
  t.is(
    decision.message,
    "/dev/ttyUSB0 does not exist. Is the board plugged in?\n" +
      "  No USB serial port (/dev/ttyUSB*, /dev/ttyACM*) is present: no board is connected.\n" +
      "  (/dev/ttyS0 belongs to the computer itself, not to a board.)\n" +
      "  Plug the board in with a data cable (a charge-only cable powers the board but carries\n" +
      "  no data) and run the same command again.",
  );
});
