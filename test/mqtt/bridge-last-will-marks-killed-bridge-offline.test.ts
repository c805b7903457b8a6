import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { BellChild } from "../support/bell-child.ts";
import { brokerTest, Mosquitto } from "../support/mosquitto.ts";
import { MqttRecorder } from "../support/mqtt-recorder.ts";

const AVAILABILITY = "warning-bell/xuanpho/bridge/availability";

brokerTest("a killed `bell bridge` is marked offline (retained) by its Last Will; a stopped one says offline itself", async (t) => {
  const broker = await Mosquitto.start();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wb-bridge-"));
  const recorder = await MqttRecorder.connect(broker.url, [AVAILABILITY, "warning-bell/xuanpho/incident"]);
  const args = ["bridge", "--broker", broker.url, "--post", "xuanpho", "--queue", dir, "--no-discovery"];
  try {
    const bridge = new BellChild(args, "pipe");
    bridge.child.stdin!.write(JSON.stringify({ event: "incident_opened", caller: "clinic", incident: 1 }) + "\n");
    await bridge.until(() => bridge.stdout.includes("delivered xuanpho/clinic/1/incident_opened"), 20_000, "the incident delivered");
    t.deepEqual(recorder.texts(AVAILABILITY), ["online"]);
    await bridge.kill("SIGKILL"); // no DISCONNECT: the broker publishes the Will
    await recorder.until(() => recorder.texts(AVAILABILITY).length >= 2, 5_000, "the Last Will");
    t.deepEqual(recorder.texts(AVAILABILITY), ["online", "offline"]);

    const again = new BellChild(args, "pipe");
    await recorder.until(() => recorder.texts(AVAILABILITY).length >= 3, 20_000, "online after restart");
    again.child.stdin!.end(); // end of input: drain, say offline, disconnect
    t.is(await again.exit(20_000), 0, again.stderr);
    await recorder.until(() => recorder.texts(AVAILABILITY).length >= 4, 5_000, "offline on a clean stop");
    t.deepEqual(recorder.texts(AVAILABILITY), ["online", "offline", "online", "offline"]);
    const late = await MqttRecorder.connect(broker.url, [AVAILABILITY]);
    await late.until(() => late.messages.length === 1, 5_000, "retained availability");
    t.deepEqual([late.messages[0]!.payload.toString(), late.messages[0]!.retain], ["offline", true]);
    await late.close();
  } finally {
    await recorder.close();
    await broker.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
