/**
 * Claim (issue 14): the Moddable hal gives the receiver `openModemSerial` exactly when the board
 * maps both modem UART pins (`modem_tx`, `modem_rx`; manifests/boards/) and the target has
 * `device.io.Serial`: UART 2 at 115200 8N1 on those pins. A board with one modem pin and not the
 * other is refused naming the missing one. A port the SDK refuses (pin or port in use) does not
 * stop the receiver: the console says why, and the modem is then one that never answers, which
 * the modem supervision reports as a fault (`not_answering`) on the screen and in the log.
 */
import test from "ava";
import { createModdableHal } from "../../firmware/moddable/hal.ts";
import type { SerialClass } from "../../firmware/moddable/serial.ts";
import { FakeRunLoop, fakeEsp32Serial } from "./fake-esp32-uart.ts";
import { fakeSdk } from "./fake-moddable.ts";

const noRadio = () => {
  throw new Error("no radio in this test");
};
const POST_PINS = { button: 27, led: 2, siren: 26, acknowledge: 32, reset: 33 };

function halWith(pins: Record<string, number>, Serial?: SerialClass) {
  const fake = fakeSdk({ pins });
  const sdk = Serial === undefined ? fake.sdk : { ...fake.sdk, Serial };
  return { fake, hal: createModdableHal({ sdk, deviceId: "post", openRadio: noRadio, outputsLowAtBoot: ["siren"] }) };
}

test("a board with modem_tx and modem_rx gives openModemSerial: UART 2, 115200, format buffer, bytes both ways", (t) => {
  const loop = new FakeRunLoop();
  const { Serial, wire } = fakeEsp32Serial(loop);
  const { hal } = halWith({ ...POST_PINS, modem_tx: 17, modem_rx: 16 }, Serial as unknown as SerialClass);
  t.is(wire.opened.length, 0, "nothing is opened before the app asks");
  const got: number[] = [];
  const serial = hal.openModemSerial!({ onReceive: (bytes) => got.push(...bytes) });
  const o = wire.opened[0]!.options;
  t.deepEqual([o.port, o.transmit, o.receive, o.baud, o.format], [2, 17, 16, 115200, "buffer"]);
  serial.write(Uint8Array.of(0x41, 0x54, 0x0d));
  loop.run();
  t.deepEqual([...wire.drain()], [0x41, 0x54, 0x0d]);
  wire.deliver(Uint8Array.of(0x4f, 0x4b));
  loop.run();
  t.deepEqual(got, [0x4f, 0x4b]);
});

test("a board without modem pins, or a target without device.io.Serial, has no openModemSerial", (t) => {
  const { Serial } = fakeEsp32Serial(new FakeRunLoop());
  t.is(halWith(POST_PINS, Serial as unknown as SerialClass).hal.openModemSerial, undefined);
  t.is(halWith({ ...POST_PINS, modem_tx: 17, modem_rx: 16 }).hal.openModemSerial, undefined);
});

for (const [given, missing] of [["modem_tx", "modem_rx"], ["modem_rx", "modem_tx"]] as const) {
  test(`a board with ${given} and no ${missing} is refused naming ${missing}`, (t) => {
    const { Serial } = fakeEsp32Serial(new FakeRunLoop());
    t.throws(() => halWith({ ...POST_PINS, [given]: 17 }, Serial as unknown as SerialClass), {
      instanceOf: RangeError,
      message: new RegExp(`^config\\.pins\\.${missing}: `),
    });
  });
}

test("a modem port the SDK refuses keeps the receiver up: the console names the port and the error, writes are dropped", (t) => {
  class Refusing {
    constructor() {
      throw new RangeError("port in use");
    }
  }
  const { hal, fake } = halWith({ ...POST_PINS, modem_tx: 17, modem_rx: 16 }, Refusing as unknown as SerialClass);
  const serial = hal.openModemSerial!({ onReceive: () => t.fail("no bytes can come") });
  t.notThrows(() => serial.write(Uint8Array.of(0x41)));
  const said = fake.traces.filter((line) => /modem UART/.test(line));
  t.is(said.length, 1);
  t.regex(said[0]!, /UART 2 \(TX GPIO 17, RX GPIO 16\).*RangeError: port in use/);
});
