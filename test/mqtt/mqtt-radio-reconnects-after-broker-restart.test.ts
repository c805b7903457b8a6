import { brokerTest, Mosquitto } from "../support/mosquitto.ts";
import { MqttRecorder } from "../support/mqtt-recorder.ts";
import { RadioProbe } from "../support/mqtt-radio-probe.ts";

brokerTest("MQTT radios reconnect after the broker restarts, re-announce themselves and exchange frames again", async (t) => {
  const broker = await Mosquitto.start();
  const a = new RadioProbe({ brokerUrl: broker.url, post: "p1", address: "clinic" });
  const b = new RadioProbe({ brokerUrl: broker.url, post: "p1", address: "post" });
  let recorder: MqttRecorder | undefined;
  try {
    await Promise.all([a.connected(), b.connected()]);
    a.radio.send("post", Uint8Array.of(1));
    await b.until(() => b.received.length === 1, 5_000, "frame before the restart");
    const attemptsBefore = a.radio.stats.attempts + b.radio.stats.attempts;

    await broker.restart(); // same port; retained messages are gone (persistence false)
    await Promise.all([a.connected(2, 15_000), b.connected(2, 15_000)]);
    const attempts = a.radio.stats.attempts + b.radio.stats.attempts - attemptsBefore;
    t.log(`reconnect attempts of both radios across the restart: ${attempts}`);
    t.true(attempts <= 20, `backoff keeps attempts few (${attempts})`);

    await a.until(() => !a.radio.busy, 5_000, "radio a free");
    a.radio.send("post", Uint8Array.of(2));
    b.radio.send("clinic", Uint8Array.of(3));
    await b.until(() => b.received.length === 2, 5_000, "frame a → b after the restart");
    await a.until(() => a.received.length === 1, 5_000, "frame b → a after the restart");
    t.deepEqual([...b.received[1]!.payload!], [2]);
    t.deepEqual([...a.received[0]!.payload!], [3]);

    recorder = await MqttRecorder.connect(broker.url, ["warning-bell/p1/node/+/availability"]);
    await recorder.until(() => recorder!.messages.length >= 2, 5_000, "retained availability of both radios");
    t.deepEqual(
      recorder.messages.map((m) => [m.topic, m.payload.toString(), m.retain]).sort(),
      [
        ["warning-bell/p1/node/clinic/availability", "online", true],
        ["warning-bell/p1/node/post/availability", "online", true],
      ],
      "the restarted broker lost retained state; the radios published `online` again",
    );
  } finally {
    await recorder?.close();
    await Promise.all([a.close(), b.close()]);
    await broker.dispose();
  }
});
