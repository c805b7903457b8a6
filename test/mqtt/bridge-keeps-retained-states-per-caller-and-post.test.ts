import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Bridge } from "../../tools/mqtt/bridge.ts";
import { brokerTest, Mosquitto } from "../support/mosquitto.ts";
import { MqttRecorder } from "../support/mqtt-recorder.ts";

const P = "warning-bell/xuanpho";

brokerTest("the bridge keeps a retained state per caller and per post, which a late subscriber sees", async (t) => {
  const broker = await Mosquitto.start();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wb-bridge-"));
  let bridge = new Bridge({ brokerUrl: broker.url, post: "xuanpho", queueDir: dir, reconnectMinMs: 20, reconnectMaxMs: 200, discovery: false });
  let late: MqttRecorder | undefined;
  try {
    const events = [
      { event: "incident_opened", caller: "clinic", incident: 1, name: "Trạm y tế" },
      { event: "incident_acknowledged", caller: "clinic", incident: 1 },
      { event: "incident_opened", caller: "bank", incident: 5, name: "Ngân hàng" },
      { event: "incident_resolved", caller: "bank", incident: 5 },
      { event: "caller_offline", caller: "cafe", name: "Quán cà phê" },
      { event: "caller_online", caller: "shop" },
      { event: "siren", on: true, pattern: "alarm" },
    ];
    for (const e of events) bridge.ingest(e);
    t.true(await bridge.whenIdle(10_000));
    late = await MqttRecorder.connect(broker.url, [`${P}/state`, `${P}/caller/+/state`, `${P}/bridge/availability`]);
    await late.until(() => late!.messages.length >= 6, 5_000, "retained states and availability");
    t.true(late.messages.every((m) => m.retain), "all retained");
    const state = (topic: string) => late!.json(topic).at(-1);
    t.like(state(`${P}/caller/clinic/state`), { state: "acknowledged", link: "online", name: "Trạm y tế", incidents: [{ incident: 1, acknowledged: true }] });
    t.like(state(`${P}/caller/bank/state`), { state: "online", incidents: [] });
    t.like(state(`${P}/caller/cafe/state`), { state: "offline", link: "offline" });
    t.like(state(`${P}/caller/shop/state`), { state: "online" });
    t.like(state(`${P}/state`), { state: "acknowledged", open_incidents: 1, unacknowledged: 0, callers: 4, offline: ["cafe"], siren: "alarm" });
    t.deepEqual(late.texts(`${P}/bridge/availability`), ["online"]);

    // A restarted bridge resumes from its saved model; a broker restart loses retained
    // messages (persistence off) and the bridge publishes them again on reconnecting.
    await bridge.close();
    await late.close();
    await broker.restart();
    bridge = new Bridge({ brokerUrl: broker.url, post: "xuanpho", queueDir: dir, reconnectMinMs: 20, reconnectMaxMs: 200, discovery: false });
    bridge.ingest({ event: "incident_resolved", caller: "clinic", incident: 1 });
    t.true(await bridge.whenIdle(10_000));
    late = await MqttRecorder.connect(broker.url, [`${P}/state`, `${P}/caller/+/state`]);
    await late.until(() => late!.messages.length >= 5, 5_000, "retained states after both restarts");
    t.like(state(`${P}/caller/clinic/state`), { state: "online", incidents: [] });
    t.like(state(`${P}/caller/cafe/state`), { state: "offline" });
    t.like(state(`${P}/state`), { state: "fault", open_incidents: 0, offline: ["cafe"] });
  } finally {
    await bridge.close();
    await late?.close();
    await broker.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
