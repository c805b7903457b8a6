import test from "ava";
import type { CallerConfig } from "../../firmware/core/config.ts";
import type { DeviceHal } from "../../firmware/hal/device.ts";
import { boot } from "../../firmware/moddable/boot.ts";
import { IDENTITY_DOMAIN, readCallerIdentity, readReceiverIdentity } from "../../firmware/stack/identity.ts";
import { eventLines, fakeSdk } from "./fake-moddable.ts";
import { callerIdentityEntries, receiverIdentityEntries } from "./provisioning-layout.ts";

test("a provisioned caller starts Wi-Fi, then the app, whose radio is ESP-NOW on its channel with the receiver as peer", (t) => {
  const fake = fakeSdk({ preference: { [IDENTITY_DOMAIN]: callerIdentityEntries() } });
  let started: CallerConfig | undefined;
  const app = boot(fake.sdk, {
    role: "caller",
    readIdentity: readCallerIdentity,
    peers: (config) => [config.receiver],
    start: (hal: DeviceHal, config: CallerConfig) => {
      fake.calls.push("start");
      started = config;
      hal.openRadio({ onReceive: () => {}, onSent: () => {} });
      return { stop() {} };
    },
  });
  t.truthy(app);
  t.is(started?.self.address, "24:0a:c4:00:00:01");
  t.deepEqual(fake.calls, ["stationAddress", "startStation", "start", "openEspNow(channel 6)", "addPeer(24:0a:c4:aa:bb:cc)"]);
  t.like(eventLines(fake.traces).at(-1), { device: "clinic", event: "radio_ready", channel: 6, peers: 1 });
});

test("a provisioned receiver adds every caller as a peer", (t) => {
  const fake = fakeSdk({ preference: { [IDENTITY_DOMAIN]: receiverIdentityEntries(5) } });
  boot(fake.sdk, {
    role: "receiver",
    readIdentity: readReceiverIdentity,
    peers: (config) => config.callers,
    start: (hal) => (hal.openRadio({ onReceive: () => {}, onSent: () => {} }), { stop() {} }),
    outputsLowAtBoot: ["siren"],
  });
  t.deepEqual(fake.radios[0].peers, [0, 1, 2, 3, 4].map((i) => `24:0a:c4:00:01:${(i + 16).toString(16)}`));
  t.is(fake.radios[0].options.channel, 11);
});

test("the radio handlers the app gives are the ones ESP-NOW calls", (t) => {
  t.plan(2);
  const fake = fakeSdk({ preference: { [IDENTITY_DOMAIN]: callerIdentityEntries() } });
  boot(fake.sdk, {
    role: "caller",
    readIdentity: readCallerIdentity,
    peers: (config) => [config.receiver],
    start: (hal) => {
      hal.openRadio({ onReceive: (payload, from) => t.deepEqual([payload.length, from], [3, "24:0a:c4:aa:bb:cc"]), onSent: (ok) => t.true(ok) });
      return { stop() {} };
    },
  });
  fake.radios[0].options.onReceive(new Uint8Array(3), "24:0a:c4:aa:bb:cc", -60);
  fake.radios[0].options.onSent(true);
});

test("when a peer cannot be added the radio is closed and the error reaches the app", (t) => {
  const fake = fakeSdk({ preference: { [IDENTITY_DOMAIN]: callerIdentityEntries() } });
  const original = fake.sdk.openEspNow;
  fake.sdk.openEspNow = (options) => {
    const radio = original(options);
    radio.addPeer = () => {
      throw new RangeError("espnow: cannot add: the peer list is full");
    };
    return radio;
  };
  boot(fake.sdk, {
    role: "caller",
    readIdentity: readCallerIdentity,
    peers: (config) => [config.receiver],
    start: (hal) => {
      t.throws(() => hal.openRadio({ onReceive: () => {}, onSent: () => {} }), { message: /peer list is full/ });
      return { stop() {} };
    },
  });
  t.true(fake.radios[0].closed);
});

test("an app that throws at start is reported as boot_error and rethrown", (t) => {
  const fake = fakeSdk({ preference: { [IDENTITY_DOMAIN]: callerIdentityEntries() } });
  t.throws(
    () =>
      boot(fake.sdk, {
        role: "caller",
        readIdentity: readCallerIdentity,
        peers: (config) => [config.receiver],
        start: () => {
          throw new Error("broken app");
        },
      }),
    { message: "broken app" },
  );
  t.like(eventLines(fake.traces).at(-1), { event: "boot_error", error: "broken app" });
});
