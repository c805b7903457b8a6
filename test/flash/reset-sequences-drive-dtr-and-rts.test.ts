// The reset sequences reach the serial lines exactly: classic DTR/RTS reset for USB-UART bridges,
// the USB-Serial/JTAG sequence for Espressif native USB, longer IO0 holds in the second connect
// round, and the hard reset after flashing. Recorded on SerialPortMock (a pty has no DTR/RTS).
// Each call sends both lines (node-serialport would otherwise assert the one not given).
import test from "ava";
import { ESPLoader, Transport } from "esptool-js";
import { SerialPortMock } from "serialport";
import { JobError } from "../../tools/errors.ts";
import { flashImageSet, HARD_RESET_SEQUENCE } from "../../tools/flash/flash.ts";
import { NodeWebSerialPort } from "../../tools/flash/web-serial.ts";
import { makeFakeBuild } from "../support/flash-images.ts";
import { mockPortFactory, recordingBinding, type SignalChange } from "../support/recording-binding.ts";

/** [DTR, RTS] pairs as asked, true = asserted. */
const lines = (changes: SignalChange[]) => changes.map((c) => [c.dtr, c.rts]);

const T = true;
const F = false;

/** esptool-js ClassicReset: EN low (RTS) with IO0 high, then EN high with IO0 low (DTR), then release. */
const CLASSIC = [
  [F, T],
  [T, F],
  [F, F],
];

/** esptool-js UsbJtagSerialReset through Transport.setRTS/setDTR (setRTS re-sends DTR). */
const USB_JTAG = [
  [T, F], // setRTS(false); DTR still as the OS left it after open (asserted)
  [F, F], // … its re-send of DTR (false)
  [F, F], // setDTR(false)
  [T, F], // setDTR(true)
  [T, F], // setRTS(false)
  [T, F], // … re-send DTR
  [T, T], // setRTS(true)
  [T, T], // … re-send DTR
  [F, T], // setDTR(false)
  [F, T], // setRTS(true)
  [F, T], // … re-send DTR
  [F, F], // setRTS(false)
  [F, F], // … re-send DTR
  [F, F], // setDTR(false)
];

const build = makeFakeBuild({ appBytes: 4096 });
test.after.always(() => build.remove());

async function connectWithoutAnswer(
  t: { timeout(ms: number): void },
  portPath: string,
  usb: { usbVendorId?: number; usbProductId?: number },
  rounds: { attempts: number; extraHoldMs: number }[],
): Promise<{ changes: SignalChange[]; error: unknown }> {
  t.timeout(30_000);
  SerialPortMock.binding.createPort(portPath); // a board that never answers
  const changes: SignalChange[] = [];
  const error = await flashImageSet({
    port: { path: portPath, description: "mock", ...usb },
    images: build.images,
    connectRounds: rounds,
    createPort: mockPortFactory(recordingBinding(changes)),
  }).then(
    () => undefined,
    (e: unknown) => e,
  );
  return { changes, error };
}

test("a USB-UART bridge gets the classic reset, 50 ms then 550 ms IO0 holds", async (t) => {
  const { changes, error } = await connectWithoutAnswer(t, "/dev/ttyUSB-classic", { usbVendorId: 0x10c4, usbProductId: 0xea60 }, [
    { attempts: 2, extraHoldMs: 0 },
  ]);
  t.true(error instanceof JobError);
  t.deepEqual(lines(changes), [...CLASSIC, ...CLASSIC]);
  t.true(changes.every((c) => c.brk === false));
  // IO0 is held low from [T,F] to [F,F]: at least 50 ms, then at least 550 ms
  t.true(changes[2]!.atMs - changes[1]!.atMs >= 49);
  t.true(changes[5]!.atMs - changes[4]!.atMs >= 549);
});

test("the second connect round holds IO0 low longer", async (t) => {
  const extraHoldMs = 300;
  const { changes } = await connectWithoutAnswer(t, "/dev/ttyUSB-longer", { usbVendorId: 0x1a86, usbProductId: 0x7523 }, [
    { attempts: 1, extraHoldMs: 0 },
    { attempts: 1, extraHoldMs },
  ]);
  t.deepEqual(lines(changes), [...CLASSIC, ...CLASSIC]);
  const firstHold = changes[2]!.atMs - changes[1]!.atMs;
  const secondHold = changes[5]!.atMs - changes[4]!.atMs;
  t.true(firstHold >= 49);
  t.true(secondHold >= 50 + extraHoldMs - 1);
});

test("Espressif USB-Serial/JTAG (303a:1001) gets the USB-JTAG reset sequence", async (t) => {
  const { changes, error } = await connectWithoutAnswer(t, "/dev/ttyACM-jtag", { usbVendorId: 0x303a, usbProductId: 0x1001 }, [
    { attempts: 1, extraHoldMs: 0 },
  ]);
  t.true(error instanceof JobError);
  t.deepEqual(lines(changes), USB_JTAG);
});

test("with --no-reset-hold the lines are left alone", async (t) => {
  t.timeout(30_000);
  const portPath = "/dev/ttyUSB-nohold";
  SerialPortMock.binding.createPort(portPath);
  const changes: SignalChange[] = [];
  const error = await flashImageSet({
    port: { path: portPath, description: "mock", usbVendorId: 0x10c4, usbProductId: 0xea60 },
    images: build.images,
    resetHold: false,
    connectRounds: [{ attempts: 1, extraHoldMs: 0 }],
    createPort: mockPortFactory(recordingBinding(changes)),
  }).then(
    () => undefined,
    (e: unknown) => e,
  );
  t.true(error instanceof JobError);
  t.deepEqual(changes, []);
});

test("the hard reset after flashing pulls EN low through RTS with IO0 high", async (t) => {
  const portPath = "/dev/ttyUSB-hard";
  SerialPortMock.binding.createPort(portPath);
  const changes: SignalChange[] = [];
  const device = new NodeWebSerialPort({ path: portPath, createPort: mockPortFactory(recordingBinding(changes)) });
  const transport = new Transport(device as unknown as ConstructorParameters<typeof Transport>[0]);
  await transport.connect(115200);
  const loader = new ESPLoader({ transport, baudrate: 115200, terminal: { clean() {}, write() {}, writeLine() {} } });
  await loader.after("custom_reset", false, HARD_RESET_SEQUENCE);
  await device.close();
  t.deepEqual(lines(changes), [
    [F, T], // D0 (RTS still asserted as after open: the chip is held in reset with IO0 high)
    [F, T], // R1
    [F, T], // … re-send DTR
    [F, F], // R0: EN high, the chip boots the new firmware
    [F, F], // … re-send DTR
  ]);
  t.true(changes[3]!.atMs - changes[1]!.atMs >= 99);
});
