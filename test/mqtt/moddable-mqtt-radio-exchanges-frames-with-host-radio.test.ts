import { randomBytes } from "node:crypto";
import type { Scheduler } from "../../firmware/hal/clock.ts";
import { ModdableMqttRadio } from "../../firmware/moddable/mqtt-radio.ts";
import { Condition } from "../support/condition.ts";
import { FakeLegacyMqttClient } from "../support/moddable-mqtt-client.ts";
import { brokerTest, Mosquitto } from "../support/mosquitto.ts";
import { MqttRecorder } from "../support/mqtt-recorder.ts";
import { RadioProbe } from "../support/mqtt-radio-probe.ts";

const scheduler: Scheduler = { schedule: (cb, ms) => setTimeout(cb, ms), cancel: (h) => clearTimeout(h as NodeJS.Timeout) };
const ADDRESS = "a/b clinic"; // an id with a reserved character: both sides must encode it alike
const AVAILABILITY = "warning-bell/p1/node/a%2Fb clinic/availability";

brokerTest("the device's MQTT radio (legacy Moddable client) and the host's exchange frames intact on the shared topic layout", async (t) => {
  const broker = await Mosquitto.start();
  const recorder = await MqttRecorder.connect(broker.url, ["warning-bell/p1/node/+/availability"]);
  const host = new RadioProbe({ brokerUrl: broker.url, post: "p1", address: "post" });
  const changed = new Condition();
  const received: { payload: Uint8Array; from: string }[] = [];
  const sent: boolean[] = [];
  let insideSend = false;
  const device = new ModdableMqttRadio({
    Client: FakeLegacyMqttClient,
    scheduler,
    random: () => randomBytes(4).readUInt32LE(0),
    host: "127.0.0.1",
    port: broker.port,
    post: "p1",
    address: ADDRESS,
    onConnectionChange: () => changed.notify(),
    handlers: {
      onReceive: (payload, from) => {
        received.push({ payload, from });
        changed.notify();
      },
      onSent: (ok) => {
        t.false(insideSend, "never reported inside send");
        sent.push(ok);
        changed.notify();
      },
    },
  });
  try {
    await host.connected();
    await changed.until(() => device.connected, 10_000, "the device connected");
    await recorder.until(() => recorder.texts(AVAILABILITY).includes("online"), 5_000, "the device online (retained)");
    for (let i = 0; i < 20; i++) {
      const bytes = Uint8Array.from({ length: 1 + i * 13 }, (_, k) => (k * 7 + i) & 0xff);
      insideSend = true;
      device.send("post", bytes);
      insideSend = false;
      t.true(device.busy, "busy until the report");
      await changed.until(() => sent.length === i + 1, 5_000, `report of frame ${i}`);
      t.false(device.busy);
      t.true(sent[i], "onSent(true): handed to the socket");
      await host.until(() => host.received.length === i + 1, 5_000, `device → host frame ${i}`);
      t.deepEqual(host.received[i]!.payload, bytes);
      t.is(host.received[i]!.from, ADDRESS);

      host.radio.send(ADDRESS, bytes);
      await changed.until(() => received.length === i + 1, 5_000, `host → device frame ${i}`);
      t.deepEqual(received[i]!.payload, bytes);
      t.is(received[i]!.from, "post");
      await host.until(() => !host.radio.busy, 5_000, "host PUBACK");
    }
    device.close();
    await recorder.until(() => recorder.texts(AVAILABILITY).at(-1) === "offline", 5_000, "offline on close");
    t.deepEqual(recorder.texts(AVAILABILITY), ["online", "offline"]);
  } finally {
    device.close();
    await host.close();
    await recorder.close();
    await broker.dispose();
  }
});
