import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Bridge } from "../../tools/mqtt/bridge.ts";
import { brokerTest, Mosquitto } from "../support/mosquitto.ts";
import { MqttRecorder } from "../support/mqtt-recorder.ts";

brokerTest("the bridge sends Home Assistant discovery for the post and each caller, and again on HA's birth message", async (t) => {
  const broker = await Mosquitto.start();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wb-bridge-"));
  const ha = await MqttRecorder.connect(broker.url, ["homeassistant/#"]);
  const bridge = new Bridge({ brokerUrl: broker.url, post: "xuanpho", queueDir: dir, reconnectMinMs: 20, reconnectMaxMs: 200 });
  try {
    bridge.ingest({ event: "incident_opened", caller: "clinic", incident: 1, name: "Trạm y tế" });
    bridge.ingest({ event: "caller_offline", caller: "bank" });
    t.true(await bridge.whenIdle(10_000));
    const configs = () => ha.messages.filter((m) => m.topic.endsWith("/config"));
    await ha.until(() => configs().length >= 7, 5_000, "7 configs");
    const byTopic = new Map(configs().map((m) => [m.topic, JSON.parse(m.payload.toString()) as Record<string, any>]));
    t.deepEqual([...byTopic.keys()].sort(), [
      "homeassistant/binary_sensor/wb_xuanpho/caller_bank_alarm/config",
      "homeassistant/binary_sensor/wb_xuanpho/caller_bank_link/config",
      "homeassistant/binary_sensor/wb_xuanpho/caller_clinic_alarm/config",
      "homeassistant/binary_sensor/wb_xuanpho/caller_clinic_link/config",
      "homeassistant/binary_sensor/wb_xuanpho/post_alarm/config",
      "homeassistant/binary_sensor/wb_xuanpho/post_duty_phones/config",
      "homeassistant/binary_sensor/wb_xuanpho/post_fault/config",
      "homeassistant/event/wb_xuanpho/post_incident/config",
    ]);
    const alarm = byTopic.get("homeassistant/binary_sensor/wb_xuanpho/caller_clinic_alarm/config")!;
    t.like(alarm, {
      device_class: "safety",
      state_topic: "warning-bell/xuanpho/caller/clinic/state",
      availability_topic: "warning-bell/xuanpho/bridge/availability",
      device: { name: "Trạm y tế", via_device: "warning_bell_xuanpho" },
    });
    t.like(byTopic.get("homeassistant/binary_sensor/wb_xuanpho/caller_bank_link/config"), { device_class: "connectivity", entity_category: "diagnostic" });
    t.is(new Set([...byTopic.values()].map((c) => c.unique_id)).size, 8, "unique ids are unique");
    t.true(configs().every((m) => !m.retain), "discovery is not retained");

    const before = configs().length;
    await ha.client.publishAsync("homeassistant/status", "online", { qos: 1 }); // HA (re)started
    await ha.until(() => configs().length >= before + 7, 5_000, "discovery sent again");
    t.is(configs().length, before + 7);
  } finally {
    await bridge.close();
    await ha.close();
    await broker.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
