import { FaultProxy } from "../support/fault-proxy.ts";
import { brokerTest, Mosquitto } from "../support/mosquitto.ts";
import { MqttRecorder } from "../support/mqtt-recorder.ts";
import { RadioProbe } from "../support/mqtt-radio-probe.ts";

brokerTest("an MQTT radio's retained availability: online on connect, offline by Last Will when cut, offline on close", async (t) => {
  const broker = await Mosquitto.start();
  const proxy = await FaultProxy.start(broker.port);
  const topic = "warning-bell/p1/node/clinic/availability";
  const recorder = await MqttRecorder.connect(broker.url, [topic]);
  const a = new RadioProbe({ brokerUrl: proxy.url, post: "p1", address: "clinic" });
  try {
    await a.connected();
    await recorder.until(() => recorder.texts(topic).length >= 1, 5_000, "online");
    proxy.blocked = true;
    proxy.cutAll(); // no DISCONNECT: the broker publishes the Will
    await recorder.until(() => recorder.texts(topic).length >= 2, 5_000, "the Last Will");
    proxy.blocked = false;
    await a.connected(2);
    await recorder.until(() => recorder.texts(topic).length >= 3, 5_000, "online again");
    await a.close();
    await recorder.until(() => recorder.texts(topic).length >= 4, 5_000, "offline on close");
    t.deepEqual(recorder.texts(topic), ["online", "offline", "online", "offline"]);
    const late = await MqttRecorder.connect(broker.url, [topic]);
    await late.until(() => late.messages.length === 1, 5_000, "the retained availability");
    t.deepEqual([late.messages[0]!.payload.toString(), late.messages[0]!.retain], ["offline", true]);
    await late.close();
  } finally {
    await recorder.close();
    await a.close();
    await proxy.close();
    await broker.dispose();
  }
});
