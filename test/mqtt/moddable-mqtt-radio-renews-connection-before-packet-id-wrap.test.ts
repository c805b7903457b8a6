import test from "ava";
import { randomBytes } from "node:crypto";
import type { Scheduler } from "../../firmware/hal/clock.ts";
import { ModdableMqttRadio } from "../../firmware/moddable/mqtt-radio.ts";
import { Condition } from "../support/condition.ts";
import { createdClients, FakeLegacyMqttClient } from "../support/moddable-mqtt-client.ts";
import { brokerTest, Mosquitto } from "../support/mosquitto.ts";
import { RadioProbe } from "../support/mqtt-radio-probe.ts";

const scheduler: Scheduler = { schedule: (cb, ms) => setTimeout(cb, ms), cancel: (h) => clearTimeout(h as NodeJS.Timeout) };

brokerTest("the device's MQTT radio renews its connection before the legacy client's packet ids would wrap to 0", async (t) => {
  const broker = await Mosquitto.start();
  const host = new RadioProbe({ brokerUrl: broker.url, post: "p1", address: "post" });
  const changed = new Condition();
  const sent: boolean[] = [];
  const first = createdClients.length;
  const device = new ModdableMqttRadio({
    Client: FakeLegacyMqttClient,
    scheduler,
    random: () => randomBytes(4).readUInt32LE(0),
    host: "127.0.0.1",
    port: broker.port,
    post: "p1",
    address: "clinic",
    maxPacketsPerConnection: 6, // subscribe + online + 4 frames per connection
    reconnectMinMs: 20,
    reconnectMaxMs: 100,
    onConnectionChange: () => changed.notify(),
    handlers: {
      onReceive: () => undefined,
      onSent: (ok) => {
        sent.push(ok);
        changed.notify();
      },
    },
  });
  try {
    await host.connected();
    let frames = 0;
    for (let attempt = 0; frames < 12 && attempt < 40; attempt++) {
      await changed.until(() => device.connected, 10_000, "connected");
      const before = sent.length;
      device.send("post", Uint8Array.of(frames));
      await changed.until(() => sent.length > before, 5_000, "report");
      if (sent.at(-1)) frames++; // a refused send (renewal) is retried, as the link would
    }
    await host.until(() => host.received.length >= 12, 5_000, "12 frames");
    t.deepEqual(host.received.map((e) => e.payload![0]), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    const clients = createdClients.slice(first);
    t.true(clients.length >= 3, `renewed (${clients.length} connections)`);
    t.true(clients.every((c) => c.packetIds.length <= 7 && !c.packetIds.includes(0)), "at most 6 packets (+ the offline) per connection, never id 0");
    t.is(sent.filter((ok) => !ok).length, clients.length - 1, "one refused send per renewal");
  } finally {
    device.close();
    await host.close();
    await broker.dispose();
  }
});

test("the device's MQTT radio refuses bad options and sends naming the field", (t) => {
  const base = { Client: FakeLegacyMqttClient, scheduler, random: () => 0, host: "127.0.0.1", port: 9, post: "p1", address: "clinic", reconnectMinMs: 60_000 };
  const handlers = { onReceive: () => undefined, onSent: () => undefined };
  const rows: [Record<string, unknown>, RegExp][] = [
    [{ port: 0 }, /port/],
    [{ keepaliveMs: 10 }, /keepaliveMs/],
    [{ maxPacketsPerConnection: 65_535 }, /maxPacketsPerConnection/],
    [{ reconnectMaxMs: 5 }, /reconnectMaxMs/],
    [{ post: "" }, /post/],
    [{ root: "a/#" }, /root/],
    [{ host: "" }, /host/],
    [{ random: "x" }, /random/],
    [{ Client: "x" }, /Client/],
  ];
  for (const [patch, message] of rows) {
    t.throws(() => new ModdableMqttRadio({ ...base, ...patch, handlers } as never), { message }, JSON.stringify(patch));
  }
  const radio = new ModdableMqttRadio({ ...base, handlers });
  try {
    t.throws(() => radio.send("post", new Uint8Array(251)), { instanceOf: RangeError });
    t.throws(() => radio.send("", Uint8Array.of(1)), { instanceOf: RangeError, message: /to/ });
    radio.send("post", Uint8Array.of(1));
    t.throws(() => radio.send("post", Uint8Array.of(1)), { message: /busy/ });
  } finally {
    radio.close();
  }
  t.throws(() => radio.send("post", Uint8Array.of(1)), { message: /closed/ });
});
