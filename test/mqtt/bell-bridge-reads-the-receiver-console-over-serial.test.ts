import test from "ava";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { BellChild } from "../support/bell-child.ts";
import { findMosquitto, Mosquitto, MOSQUITTO_MISSING } from "../support/mosquitto.ts";
import { MqttRecorder } from "../support/mqtt-recorder.ts";
import { hasSocat, NO_SOCAT_REASON, ptyPair } from "../support/pty.ts";

const ready = hasSocat && findMosquitto() !== undefined;
const title = "`bell bridge --serial` reads the receiver's USB console (a real tty), skips boot noise, and stops cleanly when it is unplugged";

(ready ? test : test.skip)(ready ? title : `${title} [skipped: ${hasSocat ? MOSQUITTO_MISSING : NO_SOCAT_REASON}]`, async (t) => {
  const broker = await Mosquitto.start();
  const pair = await ptyPair();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wb-bridge-"));
  const recorder = await MqttRecorder.connect(broker.url, ["warning-bell/p1/incident", "warning-bell/p1/caller/+/state"]);
  const bell = new BellChild(["bridge", "--broker", broker.url, "--post", "p1", "--serial", pair.b, "--queue", dir, "--no-discovery"]);
  try {
    await bell.until(() => bell.stderr.includes("connected to"), 20_000, "the bridge connected");
    const board = fs.openSync(pair.a, "w");
    fs.writeSync(board, "ets Jun  8 2016 00:22:57\r\nrst:0x1 (POWERON_RESET)\r\n");
    fs.writeSync(board, JSON.stringify({ t: 900, device: "post", event: "incident_opened", caller: "bank", incident: 4, name: "Ngân hàng" }) + "\r\n");
    fs.writeSync(board, JSON.stringify({ t: 950, device: "post", event: "incident_acknowledged", caller: "bank", incident: 4 }) + "\n");
    await bell.until(() => bell.lines.filter((l) => l.startsWith("delivered")).length === 2, 20_000, "two deliveries");
    await recorder.until(() => recorder.json("warning-bell/p1/caller/bank/state").at(-1)?.state === "acknowledged", 5_000, "the caller's state");
    t.deepEqual(recorder.json("warning-bell/p1/incident").map((m) => m.id), ["p1/bank/4/incident_opened", "p1/bank/4/incident_acknowledged"]);
    t.is(recorder.json("warning-bell/p1/incident")[0]!.name, "Ngân hàng", "UTF-8 across the tty");
    fs.closeSync(board);
    pair.unplug();
    t.is(await bell.exit(20_000), 0, bell.stderr);
    t.regex(bell.lines.at(-1)!, /2 not events\), 2 incident messages queued, 2 delivered/);
  } finally {
    await bell.kill();
    await recorder.close();
    await pair.close();
    await broker.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
