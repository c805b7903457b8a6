/**
 * Issue 6, end to end: a press at a simulated MQTT caller reaches the receiver through a real
 * mosquitto broker (the receiver also serves an ESP-NOW caller on the simulated medium) and
 * comes back out of the bridge as one incident event and a retained `alarm` caller state.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Bridge } from "../../tools/mqtt/bridge.ts";
import { PostTopics } from "../../tools/mqtt/topics.ts";
import { runWithMqtt } from "../../tools/sim/mqtt-run.ts";
import type { SimEvent } from "../../tools/sim/run.ts";
import { parseScenario } from "../../tools/sim/scenario.ts";
import { brokerTest, Mosquitto } from "../support/mosquitto.ts";
import { MqttRecorder } from "../support/mqtt-recorder.ts";

const POST = "post";

function scenario(broker: string) {
  return parseScenario({
    name: "mqtt caller and espnow caller",
    seed: 6,
    duration_ms: 2_500,
    mqtt: { broker, post: POST },
    devices: [
      { id: POST, role: "receiver", name: "Công an xã Xuân Phổ" },
      { id: "shop", role: "caller", name: "Tiệm vàng" },
      { id: "clinic", role: "caller", name: "Trạm y tế", transport: "mqtt" },
    ],
    inputs: [
      { at_ms: 300, device: "clinic", press_ms: 200 },
      { at_ms: 400, device: "shop", press_ms: 200 },
    ],
  });
}

brokerTest("a press at an MQTT caller reaches the receiver through mosquitto and leaves the bridge as one incident and a retained alarm", async (t) => {
  const broker = await Mosquitto.start();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wb-sim-mqtt-"));
  const topics = new PostTopics({ post: POST });
  const incidents = await MqttRecorder.connect(broker.url, [topics.incident()]);
  const bridge = new Bridge({ brokerUrl: broker.url, post: POST, queueDir: dir, discovery: false, reconnectMinMs: 20, reconnectMaxMs: 200 });
  let late: MqttRecorder | undefined;
  const events: SimEvent[] = [];
  const wallAt = new Map<SimEvent, number>();
  try {
    const result = await runWithMqtt({
      scenario: scenario(broker.url),
      connectTimeoutMs: 10_000,
      onEvent: (e) => {
        events.push(e);
        wallAt.set(e, performance.now());
        if (e.device === POST) bridge.ingest(e);
      },
    });
    const at = (device: string, event: string) => events.filter((e) => e.device === device && e.event === event);
    const opened = at(POST, "incident_opened");
    t.deepEqual(opened.map((e) => e.caller).sort(), ["clinic", "shop"], "exactly one incident_opened per caller");
    t.is(at("clinic", "alarm_delivered").length, 1, "the MQTT caller's alarm was acknowledged through the broker");
    t.is(at("shop", "alarm_delivered").length, 1, "the ESP-NOW caller's too");
    t.is(result.summary.counts.frame_rejected ?? 0, 0);

    const press = at("clinic", "press")[0]!;
    const open = opened.find((e) => e.caller === "clinic")!;
    t.log(`press → incident_opened through mosquitto: ${open.t - press.t} ms virtual (paced), ${(wallAt.get(open)! - wallAt.get(press)!).toFixed(1)} ms wall`);
    t.true(open.t >= press.t);

    t.true(await bridge.whenIdle(10_000), "the bridge delivered everything");
    const topic = topics.incident();
    await incidents.until(() => incidents.on(topic).length >= 2, 5_000, "two incident events");
    const published = incidents.json<{ id: string; event: string; caller: string }>(topic).filter((m) => m.event === "incident_opened");
    t.deepEqual(
      published.map((m) => m.caller).sort(),
      ["clinic", "shop"],
      "one incident_opened per caller on the incident topic",
    );
    t.is(new Set(published.map((m) => m.id)).size, 2, "distinct ids");

    late = await MqttRecorder.connect(broker.url, [topics.callerState("clinic")]);
    await late.until(() => late!.on(topics.callerState("clinic")).length >= 1, 5_000, "the retained state of clinic");
    const state = late.on(topics.callerState("clinic"))[0]!;
    t.true(state.retain, "a late subscriber gets it as retained");
    t.like(JSON.parse(state.payload.toString()), { state: "alarm" });
  } finally {
    await late?.close();
    await bridge.close();
    await incidents.close();
    await broker.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
