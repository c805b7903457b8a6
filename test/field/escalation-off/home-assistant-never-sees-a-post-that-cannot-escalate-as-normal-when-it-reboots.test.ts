/**
 * Claim (docs/mqtt.md §2.3: the post state is `fault` while the post cannot reach the duty
 * phones; "the receiver's next boot clears it" and the receiver says `escalation_off` again right
 * after every boot while it applies): a post with that fault that reboots — once, or in a loop
 * (a brownout from the modem's 2 A bursts) — never shows as `normal` in Home Assistant: every
 * retained post state published across the reboots is `fault` with `escalation`.
 *
 * The console stream of each boot is fed as `bell bridge` reads it, line by line: `boot`, then
 * `escalation_off` (with `caller_listed` lines between, as a real receiver prints them).
 *
 * FAILED on break14 (1099a87) and until branch esc8 (11872a0): the bridge published at once on
 * `boot` (PostModel cleared `escalation`, the state was `normal`), so Home Assistant got `normal`
 * at every boot before the `fault` that followed: an automation on "post back to normal" fired at
 * each reboot. Now the bridge keeps the last stated reason across the boot, marked
 * `escalation_unconfirmed`, until the receiver states its escalation again (`escalation_off`, or
 * `escalation_ok` when it can).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Bridge } from "../../../tools/mqtt/bridge.ts";
import test from "ava";
import { findMosquitto, Mosquitto, MOSQUITTO_MISSING } from "../../support/mosquitto.ts";
import { MqttRecorder } from "../../support/mqtt-recorder.ts";

const P = "warning-bell/xuanpho";
const BOOT = [
  { event: "boot", role: "receiver", open: 0, name: "Công an xã Xuân Phổ" },
  { event: "caller_listed", caller: "clinic", name: "Trạm y tế" },
  { event: "escalation_off", why: "no_duty_list" },
];

const brokerTest: typeof test = ((title: string, implementation: Parameters<typeof test>[1]) =>
  findMosquitto() ? test(title, implementation as never) : test.skip(`${title} [skipped: ${MOSQUITTO_MISSING}]`, implementation as never)) as never;

brokerTest("three reboots of a post without a duty list: Home Assistant sees fault throughout", async (t) => {
  const broker = await Mosquitto.start();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wb-b14-"));
  const bridge = new Bridge({ brokerUrl: broker.url, post: "xuanpho", queueDir: dir, reconnectMinMs: 20, reconnectMaxMs: 200, discovery: false });
  let rec: MqttRecorder | undefined;
  try {
    for (const e of BOOT) bridge.ingest(e);
    t.true(await bridge.whenIdle(10_000));
    rec = await MqttRecorder.connect(broker.url, [`${P}/state`]);
    await rec.until(() => rec!.messages.length >= 1, 5_000, "the retained post state");
    t.like(rec.json(`${P}/state`).at(-1), { state: "fault", escalation: "no_duty_list" }, "before the reboots");
    for (let k = 0; k < 3; k++) {
      for (const e of BOOT) bridge.ingest(e);
      t.true(await bridge.whenIdle(10_000));
    }
    // a sentinel: an alarm after the reboots; once its state is in, every earlier one is (QoS 1, one publisher, in order)
    bridge.ingest({ event: "incident_opened", caller: "clinic", incident: 1, name: "Trạm y tế" });
    t.true(await bridge.whenIdle(10_000));
    await rec.until(() => rec!.json(`${P}/state`).some((s) => (s as { state?: string }).state === "alarm"), 5_000, "the sentinel alarm state");
    const states = rec.json(`${P}/state`).filter((s) => (s as { state: string }).state !== "alarm").map((s) => (s as { state: string; escalation?: string }).state + "/" + ((s as { escalation?: string }).escalation ?? "-"));
    t.deepEqual(states.filter((s) => s !== "fault/no_duty_list"), [], `post states seen: ${states.join(", ")}`);
  } finally {
    await bridge.close();
    await rec?.close();
    await broker.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

brokerTest("the installer provisions a duty list during the reboot: fault, unconfirmed, until the post says escalation_ok, then normal", async (t) => {
  const broker = await Mosquitto.start();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wb-b14-"));
  const bridge = new Bridge({ brokerUrl: broker.url, post: "xuanpho", queueDir: dir, reconnectMinMs: 20, reconnectMaxMs: 200, discovery: false });
  let rec: MqttRecorder | undefined;
  try {
    for (const e of BOOT) bridge.ingest(e);
    t.true(await bridge.whenIdle(10_000));
    rec = await MqttRecorder.connect(broker.url, [`${P}/state`]);
    await rec.until(() => rec!.messages.length >= 1, 5_000, "the retained post state");
    // the post reboots with its new identity; the module has not answered yet
    bridge.ingest(BOOT[0]);
    bridge.ingest(BOOT[1]);
    t.true(await bridge.whenIdle(10_000));
    await rec.until(() => rec!.json(`${P}/state`).length >= 2, 5_000, "the state after the boot");
    t.like(rec.json(`${P}/state`).at(-1), { state: "fault", escalation: "no_duty_list", escalation_unconfirmed: true }, "kept, marked unconfirmed");
    bridge.ingest({ event: "escalation_ok", phones: 3 });
    t.true(await bridge.whenIdle(10_000));
    await rec.until(() => (rec!.json(`${P}/state`).at(-1) as { state?: string }).state === "normal", 5_000, "normal once confirmed");
    const last = rec.json(`${P}/state`).at(-1) as Record<string, unknown>;
    t.is(last.escalation, undefined);
    t.is(last.escalation_unconfirmed, undefined);
    t.deepEqual(rec.json(`${P}/state`).map((s) => (s as { state: string }).state), ["fault", "fault", "normal"]);
  } finally {
    await bridge.close();
    await rec?.close();
    await broker.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

brokerTest("a bridge started without its saved model keeps the fault an older bridge left retained, until the post says escalation_ok", async (t) => {
  const broker = await Mosquitto.start();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wb-b14-"));
  let bridge: Bridge | undefined;
  let rec: MqttRecorder | undefined;
  try {
    rec = await MqttRecorder.connect(broker.url, [`${P}/state`]);
    // what an older bridge (no escalation_unconfirmed) left retained
    const older = { post: "xuanpho", state: "fault", open_incidents: 0, unacknowledged: 0, callers: 1, offline: [], escalation: "no_duty_list", since: "2026-01-01T00:00:00.000Z" };
    await rec.client.publishAsync(`${P}/state`, JSON.stringify(older), { qos: 1, retain: true });
    await rec.until(() => rec!.messages.length >= 1, 5_000, "the older bridge's state");
    bridge = new Bridge({ brokerUrl: broker.url, post: "xuanpho", queueDir: dir, reconnectMinMs: 20, reconnectMaxMs: 200, discovery: false });
    t.true(await bridge.whenIdle(10_000));
    bridge.ingest({ event: "caller_listed", caller: "clinic", name: "Trạm y tế" }); // a caller event first: still nothing said of the escalation
    t.true(await bridge.whenIdle(10_000));
    await rec.until(() => rec!.json(`${P}/state`).length >= 2, 5_000, "the new bridge's state");
    t.like(rec.json(`${P}/state`).at(-1), { state: "fault", escalation: "no_duty_list", escalation_unconfirmed: true });
    bridge.ingest({ event: "boot", role: "receiver", open: 0, name: "Công an xã Xuân Phổ" });
    bridge.ingest({ event: "escalation_ok", phones: 3 });
    t.true(await bridge.whenIdle(10_000));
    await rec.until(() => (rec!.json(`${P}/state`).at(-1) as { state?: string }).state === "normal", 5_000, "normal once confirmed");
    const states = rec.json(`${P}/state`).map((s) => (s as { state: string }).state);
    t.deepEqual(states.slice(0, states.indexOf("normal")).filter((s) => s !== "fault"), [], states.join(", "));
  } finally {
    await bridge?.close();
    await rec?.close();
    await broker.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
