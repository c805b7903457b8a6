import test from "ava";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { BellChild } from "../support/bell-child.ts";
import { brokerTest, freePort, Mosquitto } from "../support/mosquitto.ts";
import { MqttRecorder } from "../support/mqtt-recorder.ts";

brokerTest("`bell bridge` reports each bad event line with file and line, delivers the rest, and exits 2", async (t) => {
  const broker = await Mosquitto.start();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wb-bridge-"));
  const input = path.join(dir, "in.jsonl");
  fs.writeFileSync(
    input,
    [
      "I (312) boot: ESP-IDF v5.1 2nd stage bootloader",
      JSON.stringify({ t: 5, device: "post", event: "incident_opened", caller: "clinic", incident: 3 }),
      '{"t": 6, "event": "incident_acknowledged", "caller": "clinic"',
      JSON.stringify({ t: 7, device: "post", event: "incident_resolved", caller: "clinic" }),
      JSON.stringify({ t: 8, device: "post", event: "incident_resolved", caller: "clinic", incident: 3 }),
    ].join("\n") + "\n",
  );
  const recorder = await MqttRecorder.connect(broker.url, ["warning-bell/p1/incident"]);
  try {
    const bell = new BellChild(["bridge", "--broker", broker.url, "--post", "p1", "--input", input, "--queue", path.join(dir, "q"), "--no-discovery"]);
    t.is(await bell.exit(30_000), 2);
    t.regex(bell.stderr, new RegExp(`${input}:3: E_BRIDGE_EVENT not JSON`));
    t.regex(bell.stderr, new RegExp(`${input}:4: E_BRIDGE_EVENT "incident" must be an integer`));
    t.regex(bell.stderr, /2 input lines were not valid events/);
    t.deepEqual(bell.lines.filter((l) => l.startsWith("delivered")), ["delivered p1/clinic/3/incident_opened", "delivered p1/clinic/3/incident_resolved"]);
    t.regex(bell.lines.at(-1)!, /5 lines \(1 not events\), 2 incident messages queued, 2 delivered/);
    await recorder.until(() => recorder.messages.length >= 2, 5_000, "the two valid incidents");
  } finally {
    await recorder.close();
    await broker.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("`bell bridge` refuses bad usage with exit 2 and keeps undelivered events on disk with exit 1", async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wb-bridge-"));
  const input = path.join(dir, "in.jsonl");
  fs.writeFileSync(input, JSON.stringify({ event: "incident_opened", caller: "c", incident: 1 }) + "\n");
  const nobody = `mqtt://127.0.0.1:${await freePort()}`;
  const q = path.join(dir, "q");
  try {
    const rows: [string[], number | string, RegExp][] = [
      [["--broker", "http://x", "--post", "p", "--input", input, "--queue", q], 2, /brokerUrl scheme/],
      [["--broker", nobody, "--post", "", "--input", input, "--queue", q], 2, /post must be 1…64 characters/],
      [["--broker", nobody, "--post", "p", "--input", path.join(dir, "missing.jsonl"), "--queue", q], 2, /missing\.jsonl: cannot read the input: no such file or folder/],
      [["--broker", nobody, "--post", "p", "--input", input, "--queue", q, "--drain-timeout-ms", "x"], 2, /--drain-timeout-ms must be a whole number/],
      [["--broker", nobody, "--post", "p", "--input", input, "--queue", q, "--drain-timeout-ms", "300"], 1, /did not take everything within 300 ms: 1 incident messages stay queued/],
    ];
    for (const [args, status, message] of rows) {
      const bell = new BellChild(["bridge", ...args]);
      t.is(await bell.exit(30_000), status, args.join(" "));
      t.regex(bell.stderr, message, args.join(" "));
    }
    t.is(fs.readFileSync(path.join(q, "events.jsonl"), "utf8").split("\n").filter(Boolean).length, 1, "the undelivered incident is on disk");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
