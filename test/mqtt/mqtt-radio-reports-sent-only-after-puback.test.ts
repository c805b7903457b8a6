import { FaultProxy } from "../support/fault-proxy.ts";
import { brokerTest, Mosquitto } from "../support/mosquitto.ts";
import { RadioProbe } from "../support/mqtt-radio-probe.ts";

brokerTest("an MQTT radio stays busy until the broker's PUBACK, then reports onSent(true) (broker has it, not delivery)", async (t) => {
  const broker = await Mosquitto.start();
  const proxy = await FaultProxy.start(broker.port);
  const a = new RadioProbe({ brokerUrl: proxy.url, post: "p1", address: "clinic" });
  const b = new RadioProbe({ brokerUrl: broker.url, post: "p1", address: "post" });
  try {
    await Promise.all([a.connected(), b.connected()]);
    proxy.pubackDelayMs = 300;
    a.onSent = () => t.false(a.radio.busy, "not busy any more inside onSent: the app may send the next frame");
    a.radio.send("post", Uint8Array.of(1, 2, 3));
    t.true(a.radio.busy, "busy right after send");
    t.throws(() => a.radio.send("post", Uint8Array.of(4)), { message: /busy/ }, "a second send while one is outstanding throws");
    await b.until(() => b.received.length === 1, 5_000, "the frame at the peer");
    t.is(a.sent.length, 0, "the peer has the frame, yet no onSent: the PUBACK is still held");
    t.true(a.radio.busy, "still busy while the PUBACK is held");
    await a.until(() => a.sent.length === 1, 5_000, "onSent");
    t.deepEqual(a.sent.map((e) => e.ok), [true]);
    t.is(proxy.stats.delayedPubacks, 1);
  } finally {
    await Promise.all([a.close(), b.close()]);
    await proxy.close();
    await broker.dispose();
  }
});
