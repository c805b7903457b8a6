// A port that will not open is explained: another program holds it (which programs usually do),
// or the user lacks permission (how to join the dialout group). Busy ports are retried a bounded
// number of times. Open errors are produced on SerialPortMock.
import test from "ava";
import { SerialPortMock } from "serialport";
import { JobError } from "../../tools/errors.ts";
import { classifyOpenError, type PortOpenFailure } from "../../tools/flash/errors.ts";
import { flashImageSet } from "../../tools/flash/flash.ts";
import { makeFakeBuild } from "../support/flash-images.ts";
import { failingOpenBinding, mockPortFactory } from "../support/recording-binding.ts";

const build = makeFakeBuild({ appBytes: 4096 });
test.after.always(() => build.remove());

const errno = (message: string, code: string) => Object.assign(new Error(message), { code });

const classifications: [string, Error, PortOpenFailure][] = [
  ["EBUSY text (exclusive mode)", new Error("Error: Resource busy, cannot open /dev/ttyUSB0"), "busy"],
  ["flock held by another program", new Error("Error Resource temporarily unavailable Cannot lock port"), "busy"],
  ["mock binding lock", new Error("Port is locked cannot open"), "busy"],
  ["EBUSY code", errno("open failed", "EBUSY"), "busy"],
  ["EACCES text", new Error("Error: Permission denied, cannot open /dev/ttyUSB0"), "permission"],
  ["EACCES code", errno("open failed", "EACCES"), "permission"],
  ["ENOENT text", new Error("Error: No such file or directory, cannot open /dev/ttyUSB9"), "missing"],
  ["something else", new Error("Error: Input/output error, cannot open /dev/ttyUSB0"), "other"],
];

for (const [name, error, expected] of classifications) {
  test(`classify: ${name}`, (t) => {
    t.is(classifyOpenError(error), expected);
  });
}

async function flashFailure(portPath: string, createPort = mockPortFactory(), openAttempts = 3) {
  return flashImageSet({
    port: { path: portPath, description: "mock" },
    images: build.images,
    openAttempts,
    openRetryDelayMs: 0,
    connectRounds: [{ attempts: 1, extraHoldMs: 0 }],
    createPort,
  }).then(
    () => undefined,
    (e: unknown) => e,
  );
}

test("a port another program holds: retried, then the busy advice (exit 1)", async (t) => {
  t.timeout(20_000);
  const portPath = "/dev/ttyUSB-busy";
  SerialPortMock.binding.createPort(portPath);
  const other = new SerialPortMock({ path: portPath, baudRate: 115200 }); // e.g. a serial monitor
  await new Promise<void>((resolve, reject) => other.on("open", () => resolve()).on("error", reject));
  let opens = 0;
  const countingFactory = mockPortFactory();
  const error = await flashFailure(portPath, (o) => {
    opens += 1;
    return countingFactory(o);
  });
  t.true(error instanceof JobError);
  const e = error as JobError;
  t.is(e.id, "E_FLASH_PORT_BUSY");
  t.is(opens, 3); // bounded: openAttempts
  for (const text of [`${portPath} is in use by another program (tried 3 times). (E_FLASH_PORT_BUSY)`, "serial monitor", "ModemManager", "another bell flash", `sudo fuser -v ${portPath}`]) {
    t.true(e.message.includes(text), `message should say "${text}":\n${e.message}`);
  }
  await new Promise<void>((resolve) => other.close(() => resolve()));
});

test("EBUSY from the OS gives the busy advice", async (t) => {
  const error = await flashFailure("/dev/ttyUSB-ebusy", mockPortFactory(failingOpenBinding(new Error("Error: Resource busy, cannot open /dev/ttyUSB-ebusy"))));
  t.is((error as JobError).id, "E_FLASH_PORT_BUSY");
});

test("EACCES gives the dialout advice (exit 1)", async (t) => {
  const portPath = "/dev/ttyUSB-denied";
  const error = await flashFailure(portPath, mockPortFactory(failingOpenBinding(errno(`Error: Permission denied, cannot open ${portPath}`, "EACCES"))), 2);
  t.true(error instanceof JobError);
  const e = error as JobError;
  t.is(e.id, "E_FLASH_PERMISSION");
  for (const text of [`permission denied opening ${portPath}`, "sudo usermod -a -G dialout $USER", "log out and log in again"]) {
    t.true(e.message.includes(text), `message should say "${text}":\n${e.message}`);
  }
});

test("an open failure of another kind is reported as it is, not retried", async (t) => {
  let opens = 0;
  const factory = mockPortFactory(failingOpenBinding(new Error("Error: Input/output error, cannot open /dev/ttyUSB-eio")));
  const error = await flashFailure("/dev/ttyUSB-eio", (o) => {
    opens += 1;
    return factory(o);
  });
  t.is((error as JobError).id, "E_FLASH_PORT_OPEN");
  t.is(opens, 1);
  t.regex((error as JobError).message, /Input\/output error/);
});
