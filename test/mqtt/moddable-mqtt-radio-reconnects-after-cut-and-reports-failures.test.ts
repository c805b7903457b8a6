import { randomBytes } from "node:crypto";
import type { Scheduler } from "../../firmware/hal/clock.ts";
import { ModdableMqttRadio } from "../../firmware/moddable/mqtt-radio.ts";
import { Condition } from "../support/condition.ts";
import { FaultProxy } from "../support/fault-proxy.ts";
import { FakeLegacyMqttClient } from "../support/moddable-mqtt-client.ts";
import { brokerTest, Mosquitto } from "../support/mosquitto.ts";
import { MqttRecorder } from "../support/mqtt-recorder.ts";
import { RadioProbe } from "../support/mqtt-radio-probe.ts";

const scheduler: Scheduler = { schedule: (cb, ms) => setTimeout(cb, ms), cancel: (h) => clearTimeout(h as NodeJS.Timeout) };
const AVAILABILITY = "warning-bell/p1/node/clinic/availability";

brokerTest("the device's MQTT radio reports onSent(false) while cut off, is marked offline by its Will, and reconnects", async (t) => {
  const broker = await Mosquitto.start();
  const proxy = await FaultProxy.start(broker.port);
  const recorder = await MqttRecorder.connect(broker.url, [AVAILABILITY]);
  const host = new RadioProbe({ brokerUrl: broker.url, post: "p1", address: "post" });
  const changed = new Condition();
  const sent: boolean[] = [];
  const connections: boolean[] = [];
  const device = new ModdableMqttRadio({
    Client: FakeLegacyMqttClient,
    scheduler,
    random: () => randomBytes(4).readUInt32LE(0),
    host: "127.0.0.1",
    port: proxy.port,
    post: "p1",
    address: "clinic",
    reconnectMinMs: 50,
    reconnectMaxMs: 200,
    onConnectionChange: (up) => {
      connections.push(up);
      changed.notify();
    },
    handlers: {
      onReceive: () => undefined,
      onSent: (ok) => {
        sent.push(ok);
        changed.notify();
      },
    },
  });
  try {
    await Promise.all([host.connected(), changed.until(() => device.connected, 10_000, "connected")]);
    await recorder.until(() => recorder.texts(AVAILABILITY).at(-1) === "online", 5_000, "online");
    proxy.blocked = true;
    proxy.cutAll();
    await changed.until(() => !device.connected, 5_000, "the cut noticed");
    await recorder.until(() => recorder.texts(AVAILABILITY).at(-1) === "offline", 5_000, "the Will");
    await proxy.until(() => proxy.stats.refused >= 2, 10_000, "two refused reconnects");
    device.send("post", Uint8Array.of(1, 2, 3));
    t.is(sent.length, 0, "not inside send");
    await changed.until(() => sent.length === 1, 5_000, "the report");
    t.deepEqual(sent, [false], "no connection: onSent(false)");

    proxy.blocked = false;
    await changed.until(() => device.connected, 10_000, "reconnected");
    await recorder.until(() => recorder.texts(AVAILABILITY).at(-1) === "online", 5_000, "online again");
    device.send("post", Uint8Array.of(4, 5, 6));
    await host.until(() => host.received.length === 1, 5_000, "a frame after the reconnect");
    t.deepEqual([...host.received[0]!.payload!], [4, 5, 6]);
    t.deepEqual(connections, [true, false, true]);
    t.deepEqual(recorder.texts(AVAILABILITY), ["online", "offline", "online"]);
  } finally {
    device.close();
    await host.close();
    await recorder.close();
    await proxy.close();
    await broker.dispose();
  }
});
