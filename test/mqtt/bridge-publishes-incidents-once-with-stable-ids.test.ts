import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Bridge } from "../../tools/mqtt/bridge.ts";
import { brokerTest, Mosquitto } from "../support/mosquitto.ts";
import { MqttRecorder } from "../support/mqtt-recorder.ts";

const lines = [
  { t: 1000, device: "post", event: "incident_opened", caller: "clinic", incident: 7, name: "Trạm y tế" },
  { t: 1200, device: "post", event: "siren", on: true, pattern: "alarm" },
  { t: 8000, device: "post", event: "incident_acknowledged", caller: "clinic", incident: 7 },
  { t: 9000, device: "post", event: "incident_resolved", caller: "clinic", incident: 7 },
  { t: 9500, device: "post", event: "press" },
  { t: 12000, device: "post", event: "incident_opened", caller: 4242, incident: 1, name: "Quán cà phê" },
];

brokerTest("the bridge publishes each incident event once, QoS 1, not retained, with an id from post, caller, number and event", async (t) => {
  const broker = await Mosquitto.start();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wb-bridge-"));
  const recorder = await MqttRecorder.connect(broker.url, ["warning-bell/xuanpho/incident"]);
  const bridge = new Bridge({ brokerUrl: broker.url, post: "xuanpho", queueDir: dir, reconnectMinMs: 20, reconnectMaxMs: 200 });
  try {
    const results = lines.map((l) => bridge.ingest(l).kind);
    t.deepEqual(results, ["queued", "state", "queued", "queued", "ignored", "queued"]);
    t.true(await bridge.whenIdle(10_000), "everything acknowledged");
    const replay = lines.map((l) => bridge.ingest(l).kind); // the console line repeated, e.g. a re-read file
    t.deepEqual(replay, ["duplicate", "state", "duplicate", "duplicate", "ignored", "duplicate"]);
    t.true(await bridge.whenIdle(10_000));
    await recorder.until(() => recorder.messages.length >= 4, 5_000, "four incident messages");
    const got = recorder.json<Record<string, unknown>>("warning-bell/xuanpho/incident");
    t.deepEqual(
      got.map((m) => m.id),
      ["xuanpho/clinic/7/incident_opened", "xuanpho/clinic/7/incident_acknowledged", "xuanpho/clinic/7/incident_resolved", "xuanpho/4242/1/incident_opened"],
    );
    t.like(got[0], { event: "incident_opened", post: "xuanpho", caller: "clinic", incident: 7, name: "Trạm y tế", t: 1000, device: "post" });
    t.like(got[3], { caller: "4242", name: "Quán cà phê" });
    t.true(got.every((m) => typeof m.bridged_at === "string"));
    t.true(recorder.messages.every((m) => !m.retain), "incidents are not retained");
    t.is(bridge.stats.duplicates, 4);
  } finally {
    await bridge.close();
    await recorder.close();
    await broker.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
