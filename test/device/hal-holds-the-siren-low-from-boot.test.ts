import test from "ava";
import { createModdableHal } from "../../firmware/moddable/hal.ts";
import { fakeSdk } from "./fake-moddable.ts";
import type { UntypedEventSink } from "../../firmware/hal/events.ts";

const noRadio = () => {
  throw new Error("no radio in this test");
};

test("the siren is opened low when the hal is built, and the app gets that same pin", (t) => {
  const fake = fakeSdk();
  const hal = createModdableHal({ sdk: fake.sdk, deviceId: "post", openRadio: noRadio, outputsLowAtBoot: ["siren"] });
  t.is(fake.pins.opened.length, 1);
  t.deepEqual([fake.pins.opened[0].options.pin, fake.pins.opened[0].options.initialValue], [26, 0]);
  const siren = hal.openOutput("siren", 0);
  t.is(fake.pins.opened.length, 1, "no second open of the siren pin (Moddable would throw \"in use\")");
  siren.write(1);
  t.deepEqual(fake.pins.opened[0].writes, [0, 1]);
});

test("a second open after the app closed the siren opens the pin again", (t) => {
  const fake = fakeSdk();
  const hal = createModdableHal({ sdk: fake.sdk, deviceId: "post", openRadio: noRadio, outputsLowAtBoot: ["siren"] });
  hal.openOutput("siren", 0).close();
  hal.openOutput("siren", 0);
  t.is(fake.pins.opened.length, 2);
});

test("without outputsLowAtBoot nothing is opened until the app asks", (t) => {
  const fake = fakeSdk();
  const hal = createModdableHal({ sdk: fake.sdk, deviceId: "clinic", openRadio: noRadio });
  t.is(fake.pins.opened.length, 0);
  hal.openInput("button", () => {});
  hal.openOutput("led", 0);
  t.deepEqual(
    fake.pins.opened.map((p) => p.options.pin),
    [27, 2],
  );
});

test("the hal's events, store and wall time come from the SDK fakes", (t) => {
  const fake = fakeSdk();
  const hal = createModdableHal({ sdk: fake.sdk, deviceId: "clinic", openRadio: noRadio });
  (hal.events as UntypedEventSink).emit("press"); // a bare name: the sink prints what it is given
  t.deepEqual(JSON.parse(fake.traces[0]), { t: 1000, device: "clinic", event: "press" }); // the fake Time.ticks, ms since boot
  hal.store.set("x", 1);
  t.deepEqual(fake.prefs.writes, [{ domain: "bell", key: "x", value: 1 }]);
  t.is(hal.wallTime?.(), undefined);
});
