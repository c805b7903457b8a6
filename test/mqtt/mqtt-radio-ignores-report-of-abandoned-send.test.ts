import { FaultProxy } from "../support/fault-proxy.ts";
import { brokerTest, Mosquitto } from "../support/mosquitto.ts";
import { RadioProbe } from "../support/mqtt-radio-probe.ts";

brokerTest("after abandon() an MQTT radio is free at once and the late PUBACK reports nothing", async (t) => {
  const broker = await Mosquitto.start();
  const proxy = await FaultProxy.start(broker.port);
  const a = new RadioProbe({ brokerUrl: proxy.url, post: "p1", address: "clinic" });
  const b = new RadioProbe({ brokerUrl: broker.url, post: "p1", address: "post" });
  try {
    await Promise.all([a.connected(), b.connected()]);
    proxy.pubackDelayMs = 200;
    a.radio.send("post", Uint8Array.of(1));
    a.radio.abandon();
    t.false(a.radio.busy);
    a.radio.send("post", Uint8Array.of(2));
    await a.until(() => a.sent.length >= 1, 5_000, "onSent of the second frame");
    await b.until(() => b.received.length === 2, 5_000, "both frames at the peer");
    t.true(proxy.stats.delayedPubacks >= 2, "both PUBACKs came back (in order, so the first before the second)");
    t.is(a.sent.length, 1, "only the second send is reported");
    t.deepEqual(b.received.map((e) => [...e.payload!]), [[1], [2]]);
  } finally {
    await Promise.all([a.close(), b.close()]);
    await proxy.close();
    await broker.dispose();
  }
});
