import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Bridge } from "../../tools/mqtt/bridge.ts";
import { FaultProxy } from "../support/fault-proxy.ts";
import { brokerTest, Mosquitto } from "../support/mosquitto.ts";
import { MqttRecorder } from "../support/mqtt-recorder.ts";

brokerTest("the bridge keeps events on disk while the broker is unreachable and delivers them in order afterwards", async (t) => {
  const broker = await Mosquitto.start();
  const proxy = await FaultProxy.start(broker.port);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wb-bridge-"));
  const recorder = await MqttRecorder.connect(broker.url, ["warning-bell/xuanpho/incident"]);
  proxy.blocked = true; // the post's internet is down from the start
  const bridge = new Bridge({ brokerUrl: proxy.url, post: "xuanpho", queueDir: dir, reconnectMinMs: 20, reconnectMaxMs: 100, discovery: false });
  try {
    const ids: string[] = [];
    for (let i = 1; i <= 30; i++) {
      const r = bridge.ingest({ event: "incident_opened", caller: `c${i % 4}`, incident: i });
      if (r.kind === "queued") ids.push(r.id);
    }
    t.is(ids.length, 30);
    await proxy.until(() => proxy.stats.refused >= 3, 10_000, "three refused connection attempts");
    t.false(bridge.connected);
    t.is(bridge.pending, 30, "nothing could be delivered");
    t.is(fs.readFileSync(path.join(dir, "events.jsonl"), "utf8").split("\n").filter(Boolean).length, 30, "all 30 on disk");
    t.is(recorder.messages.length, 0);

    proxy.blocked = false;
    t.true(await bridge.whenIdle(15_000), "delivered once the broker is reachable");
    await recorder.until(() => recorder.messages.length >= 30, 5_000, "30 incidents");
    t.deepEqual(recorder.json("warning-bell/xuanpho/incident").map((m) => m.id), ids, "all, in order, once");
    t.is(bridge.pending, 0);
  } finally {
    await bridge.close();
    await recorder.close();
    await proxy.close();
    await broker.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
