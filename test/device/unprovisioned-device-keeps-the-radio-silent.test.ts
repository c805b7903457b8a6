import test from "ava";
import type { DeviceApp } from "../../firmware/hal/device.ts";
import { boot } from "../../firmware/moddable/boot.ts";
import { IDENTITY_DOMAIN, readCallerIdentity, readReceiverIdentity } from "../../firmware/stack/identity.ts";
import { eventLines, fakeSdk } from "./fake-moddable.ts";
import { callerIdentityEntries } from "./provisioning-layout.ts";

const neverStart = (): DeviceApp => {
  throw new Error("the app must not start");
};

test("an unprovisioned receiver holds the siren low, says so, and never starts Wi-Fi or ESP-NOW", (t) => {
  const fake = fakeSdk();
  const app = boot(fake.sdk, {
    role: "receiver",
    readIdentity: readReceiverIdentity,
    peers: (config) => config.callers,
    start: neverStart,
    outputsLowAtBoot: ["siren"],
  });
  t.is(app, undefined);
  t.deepEqual(fake.calls, ["stationAddress"]);
  t.deepEqual([fake.pins.opened[0].options.pin, fake.pins.opened[0].options.initialValue], [26, 0]);
  t.like(eventLines(fake.traces)[0], { device: "unprovisioned", event: "unprovisioned", role: "receiver", domain: IDENTITY_DOMAIN });
  t.true(fake.traces.some((line) => line.includes("not provisioned") && line.includes("bell provision")));
});

test("a caller provisioned as a receiver reports provisioning_error naming the key and stays silent", (t) => {
  const fake = fakeSdk({ preference: { [IDENTITY_DOMAIN]: { ...callerIdentityEntries(), role: "receiver" } } });
  const app = boot(fake.sdk, { role: "caller", readIdentity: readCallerIdentity, peers: (config) => [config.receiver], start: neverStart });
  t.is(app, undefined);
  t.deepEqual(fake.calls, ["stationAddress"]);
  t.like(eventLines(fake.traces)[0], { device: "clinic", event: "provisioning_error", key: "role" });
});
