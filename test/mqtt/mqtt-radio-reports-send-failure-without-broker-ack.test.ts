import { FaultProxy } from "../support/fault-proxy.ts";
import { brokerTest, Mosquitto } from "../support/mosquitto.ts";
import { RadioProbe } from "../support/mqtt-radio-probe.ts";

/** Each row: a way the PUBACK never comes, and whether the peer still got the frame. */
const rows = [
  { fault: "no connection when sending", peerGetsIt: false },
  { fault: "PUBACK dropped (send timeout)", peerGetsIt: true },
  { fault: "connection cut in the middle of the PUBLISH", peerGetsIt: false },
  { fault: "connection cut in the middle of the PUBACK", peerGetsIt: true },
] as const;

for (const row of rows) {
  brokerTest(`an MQTT radio reports onSent(false) on a later turn when ${row.fault}`, async (t) => {
    const broker = await Mosquitto.start();
    const proxy = await FaultProxy.start(broker.port);
    const a = new RadioProbe({ brokerUrl: proxy.url, post: "p1", address: "clinic", sendTimeoutMs: 400, reconnectMinMs: 2_000, reconnectMaxMs: 2_000 });
    const b = new RadioProbe({ brokerUrl: broker.url, post: "p1", address: "post" });
    try {
      await Promise.all([a.connected(), b.connected()]);
      if (row.fault === "no connection when sending") {
        proxy.blocked = true;
        proxy.cutAll();
        await a.until(() => !a.radio.connected, 5_000, "the radio to notice the cut");
      }
      if (row.fault === "PUBACK dropped (send timeout)") proxy.dropPubacks = 1;
      if (row.fault === "connection cut in the middle of the PUBLISH") proxy.cutNext("up", "publish");
      if (row.fault === "connection cut in the middle of the PUBACK") proxy.cutNext("down", "puback");
      a.radio.send("post", Uint8Array.of(9, 8, 7));
      t.is(a.sent.length, 0, "never reported inside send");
      await a.until(() => a.sent.length === 1, 5_000, "onSent");
      t.deepEqual(a.sent.map((e) => e.ok), [false]);
      t.false(a.radio.busy, "not busy after the report");
      if (row.peerGetsIt) await b.until(() => b.received.length === 1, 5_000, "the frame at the peer");
      t.is(b.received.length, row.peerGetsIt ? 1 : 0, row.peerGetsIt ? "onSent(false) is no proof of loss" : "nothing arrived");
    } finally {
      await Promise.all([a.close(), b.close()]);
      await proxy.close();
      await broker.dispose();
    }
  });
}
