import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { BellChild } from "../support/bell-child.ts";
import { FaultProxy } from "../support/fault-proxy.ts";
import { brokerTest, Mosquitto } from "../support/mosquitto.ts";
import { MqttRecorder } from "../support/mqtt-recorder.ts";

const INCIDENTS = 60;

brokerTest("`bell bridge` killed mid-run and started again on the same input delivers every incident, each id once", async (t) => {
  const broker = await Mosquitto.start();
  const proxy = await FaultProxy.start(broker.port);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wb-bridge-"));
  const input = path.join(dir, "receiver.jsonl");
  const ids: string[] = [];
  const text = ["rst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)"]; // console noise
  for (let i = 0; i < INCIDENTS; i++) {
    text.push(JSON.stringify({ t: 1000 * i, device: "post", event: "incident_opened", caller: `c${i}`, incident: 1 }));
    ids.push(`xuanpho/c${i}/1/incident_opened`);
  }
  fs.writeFileSync(input, text.join("\n") + "\n");
  const recorder = await MqttRecorder.connect(broker.url, ["warning-bell/xuanpho/incident"]);
  const args = ["bridge", "--broker", proxy.url, "--post", "xuanpho", "--input", input, "--queue", path.join(dir, "queue"), "--no-discovery", "--reconnect-min-ms", "50"];
  try {
    proxy.pubackDelayMs = 30; // slow the broker down so the kill lands mid-run
    const first = new BellChild(args);
    await first.until(() => first.lines.filter((l) => l.startsWith("delivered")).length >= 20, 30_000, "20 deliveries");
    await first.kill("SIGKILL");
    const deliveredFirst = first.lines.filter((l) => l.startsWith("delivered")).map((l) => l.slice("delivered ".length));
    t.true(deliveredFirst.length < INCIDENTS, `killed mid-run (${deliveredFirst.length} delivered)`);

    proxy.pubackDelayMs = 0;
    const second = new BellChild(args); // the same input again: its lines replay
    t.is(await second.exit(30_000), 0, second.stderr);
    const deliveredSecond = second.lines.filter((l) => l.startsWith("delivered")).map((l) => l.slice("delivered ".length));
    t.deepEqual([...new Set([...deliveredFirst, ...deliveredSecond])].sort(), [...ids].sort(), "between them the runs delivered everything");
    t.regex(second.lines.at(-1)!, /0 pending on disk/);

    await recorder.until(() => new Set(recorder.json("warning-bell/xuanpho/incident").map((m) => m.id)).size >= INCIDENTS, 10_000, "every id");
    const received = recorder.json("warning-bell/xuanpho/incident").map((m) => m.id as string);
    const firstArrivals = received.filter((id, k) => received.indexOf(id) === k);
    t.deepEqual(firstArrivals, ids, "every incident arrived, in order");
    t.true(received.length - INCIDENTS <= 1, `at most the one message in flight at the kill repeats (${received.length - INCIDENTS})`);
    t.log(`killed after ${deliveredFirst.length} deliveries; second run delivered ${deliveredSecond.length}; ${received.length - INCIDENTS} repeated deliveries (same id)`);
  } finally {
    await recorder.close();
    await proxy.close();
    await broker.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
