import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { connectAsync } from "mqtt/mqtt";
import { mosquittoAcl } from "../../tools/mqtt/acl.ts";
import { Bridge } from "../../tools/mqtt/bridge.ts";
import { brokerTest, Mosquitto } from "../support/mosquitto.ts";
import { MqttRecorder } from "../support/mqtt-recorder.ts";
import { RadioProbe } from "../support/mqtt-radio-probe.ts";

const USERS = ["xuanpho-bridge", "xuanpho.post", "xuanpho.clinic", "xuanpho-viewer", "other.post"];
const auth = (username: string) => ({ username, password: `pw-${username}` });

brokerTest("with the generated ACL the bridge and radios work, a radio cannot forge a sender or read another post", async (t) => {
  const acl = mosquittoAcl({ post: "xuanpho", radios: ["post", "clinic"] }) + mosquittoAcl({ post: "other", radios: ["post"] });
  const broker = await Mosquitto.start({ users: Object.fromEntries(USERS.map((u) => [u, auth(u).password])), acl });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wb-acl-"));
  const viewer = await MqttRecorder.connect(broker.url, ["warning-bell/xuanpho/#", "homeassistant/+/wb_xuanpho/#"], auth("xuanpho-viewer"));
  const bridge = new Bridge({ brokerUrl: broker.url, post: "xuanpho", queueDir: dir, reconnectMinMs: 20, reconnectMaxMs: 200, ...auth("xuanpho-bridge") });
  const post = new RadioProbe({ brokerUrl: broker.url, post: "xuanpho", address: "post", ...auth("xuanpho.post") });
  const clinic = new RadioProbe({ brokerUrl: broker.url, post: "xuanpho", address: "clinic", ...auth("xuanpho.clinic") });
  try {
    bridge.ingest({ event: "incident_opened", caller: "clinic", incident: 1 });
    t.true(await bridge.whenIdle(10_000), "the bridge's publishes are all allowed");
    await viewer.until(
      () => ["incident", "state", "caller/clinic/state", "bridge/availability"].every((s) => viewer.on(`warning-bell/xuanpho/${s}`).length > 0) &&
        viewer.messages.some((m) => m.topic.endsWith("/config")),
      5_000,
      "incident, states, availability and discovery at the viewer",
    );

    await Promise.all([post.connected(), clinic.connected()]);
    // A forged sender, then a genuine frame: same client, so the broker handles them in order.
    const forger = await connectAsync(broker.url, { protocolVersion: 4, ...auth("xuanpho.clinic"), clientId: "forger" });
    await forger.publishAsync("warning-bell/xuanpho/radio/post/bank", Buffer.from([6, 6, 6]), { qos: 1 });
    await forger.publishAsync("warning-bell/xuanpho/radio/post/clinic", Buffer.from([1]), { qos: 1 });
    await post.until(() => post.received.length >= 1, 5_000, "the genuine frame");
    t.deepEqual(post.received.map((e) => e.from), ["clinic"], "the forged sender was dropped by the broker");

    // Another post's radio may subscribe to this post's inbox (mosquitto checks reads per
    // message), but receives nothing from it; its own marker frame shows the queue was flushed.
    const outsider = await connectAsync(broker.url, { protocolVersion: 4, ...auth("other.post"), clientId: "outsider" });
    const seen: string[] = [];
    outsider.on("message", (topic) => seen.push(topic));
    await outsider.subscribeAsync(["warning-bell/xuanpho/radio/post/+", "warning-bell/other/radio/post/+"], { qos: 1 });
    clinic.radio.send("post", Uint8Array.of(2));
    await post.until(() => post.received.length >= 2, 5_000, "a second frame to post");
    const marker = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("marker not received")), 5_000);
      outsider.on("message", () => seen.includes("warning-bell/other/radio/post/post") && (clearTimeout(timer), resolve()));
    });
    await outsider.publishAsync("warning-bell/other/radio/post/post", Buffer.from([0]), { qos: 1 });
    await marker;
    t.deepEqual(seen, ["warning-bell/other/radio/post/post"], "nothing of post xuanpho reached another post's client");
    await Promise.all([forger.endAsync(), outsider.endAsync()]);

    // No credentials, no connection.
    await t.throwsAsync(connectAsync(broker.url, { protocolVersion: 4, reconnectPeriod: 0, connectTimeout: 5_000 }), { message: /Not authorized|Connection refused/ });
  } finally {
    await bridge.close();
    await Promise.all([post.close(), clinic.close()]);
    await viewer.close();
    await broker.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
