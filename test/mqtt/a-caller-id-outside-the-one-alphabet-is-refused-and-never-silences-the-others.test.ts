/**
 * Issue 16: a caller id with a control character (the firmware accepted any 1–32 characters,
 * the bridge 1–64) made mosquitto drop the bridge on every publish: a reconnect loop that
 * silenced every entity of the post. Ids now follow one alphabet everywhere (DEVICE_ID_RULE):
 * the device config and console provisioning refuse them, and the bridge refuses the line and
 * keeps serving the other callers.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import test from "ava";
import { checkConfig, ConfigError, DEVICE_ID_RULE, isDeviceId, SETTINGS_DEFAULTS } from "../../firmware/core/config.ts";
import { IdentityFieldError, parseIdentity } from "../../firmware/stack/identity-writer.ts";
import { Bridge } from "../../tools/mqtt/bridge.ts";
import { brokerTest, Mosquitto } from "../support/mosquitto.ts";
import { MqttRecorder } from "../support/mqtt-recorder.ts";

const BAD = ["a\u0001b", "clinic\n", "x/y", "tr\u1ea1m", "a b", "#", "+", "", "x".repeat(33)];
const GOOD = ["clinic", "bank-2", "Cafe_Sen", "0", "x".repeat(32)];

test("the one alphabet: letters, digits, '-' and '_', 1…32 characters", (t) => {
  for (const id of BAD) t.false(isDeviceId(id), JSON.stringify(id));
  for (const id of GOOD) t.true(isDeviceId(id), JSON.stringify(id));
});

test("a device config with a control character in an id is refused, naming the field", (t) => {
  const peer = (id: string, nodeId: number) => ({ id, nodeId, address: `aa:bb:cc:dd:ee:0${nodeId}`, name: id });
  const config = { self: peer("post", 1), callers: [{ ...peer("a\u0001b", 2), key: new Uint8Array(16) }], settings: SETTINGS_DEFAULTS };
  const err = t.throws(() => checkConfig(config), { instanceOf: ConfigError });
  t.is(err?.message, `callers[0].id: ${DEVICE_ID_RULE.words}, got "a\\u0001b"`);
});

test("console provisioning refuses a caller id outside the alphabet, naming the field", (t) => {
  const key = "00".repeat(16);
  const identity = {
    role: "receiver", id: "post", name: "Công an xã", node: 1, channel: 1,
    callers: [{ id: "clinic\u0007", node: 2, mac: "24:6f:28:00:00:02", name: "Trạm y tế", key }],
  };
  const err = t.throws(() => parseIdentity(identity), { instanceOf: IdentityFieldError });
  t.is(err?.path, "callers[0].id");
});

brokerTest("the bridge refuses a bad caller id, stays connected, and the other callers are served", async (t) => {
  const broker = await Mosquitto.start();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wb-bad-id-"));
  const recorder = await MqttRecorder.connect(broker.url, ["warning-bell/#"]);
  const bridge = new Bridge({ brokerUrl: broker.url, post: "xuanpho", queueDir: dir, reconnectMinMs: 20, reconnectMaxMs: 100 });
  try {
    t.true(await bridge.whenIdle(10_000));
    const before = bridge.sessionStats.connects;
    for (const id of BAD.filter((x) => x !== "")) {
      const r = bridge.ingest({ event: "incident_opened", caller: id, incident: 1 });
      t.is(r.kind, "invalid", JSON.stringify(id));
      if (r.kind === "invalid") t.regex(r.reason, /"caller" must be 1…32 letters/);
    }
    t.is(bridge.ingest({ event: "incident_opened", caller: "clinic", incident: 1 }).kind, "queued");
    t.true(await bridge.whenIdle(10_000));
    await recorder.until(() => recorder.messages.some((m) => m.topic === "warning-bell/xuanpho/caller/clinic/state"), 5_000, "the clinic's state");
    t.is(bridge.sessionStats.connects, before, "never reconnected");
    t.is(bridge.sessionStats.disconnects, 0);
    t.true(recorder.messages.every((m) => !/[\u0000-\u001f\u007f-\u009f]/.test(m.topic)), "no control character reached a topic");
  } finally {
    await bridge.close();
    await recorder.close();
    await broker.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
