import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Bridge } from "../../tools/mqtt/bridge.ts";
import { FaultProxy } from "../support/fault-proxy.ts";
import { brokerTest, Mosquitto } from "../support/mosquitto.ts";
import { MqttRecorder } from "../support/mqtt-recorder.ts";

/** Each row injects one kind of fault between the bridge and mosquitto, several times a run. */
const rows: { fault: string; every?: (proxy: FaultProxy) => void; setup?: (proxy: FaultProxy) => void }[] = [
  { fault: "the connection is cut in the middle of a PUBLISH", every: (p) => p.cutNext("up", "publish") },
  { fault: "the connection is cut in the middle of a PUBACK", every: (p) => p.cutNext("down", "puback") },
  { fault: "every packet is split at every byte boundary", setup: (p) => void (p.splitEveryByte = true) },
  { fault: "PUBACKs are delayed 100 ms", setup: (p) => void (p.pubackDelayMs = 100) },
  { fault: "PUBACKs are dropped (ack timeout, reconnect, resend)", every: (p) => void (p.dropPubacks = 1) },
];

const INCIDENTS = 40;
const FAULT_EVERY = 8;

for (const row of rows) {
  brokerTest(`no incident is lost and none is duplicated by id when ${row.fault}`, async (t) => {
    const broker = await Mosquitto.start();
    const proxy = await FaultProxy.start(broker.port);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wb-bridge-"));
    const recorder = await MqttRecorder.connect(broker.url, ["warning-bell/xuanpho/incident"]);
    row.setup?.(proxy);
    let faults = 0;
    const bridge = new Bridge({
      brokerUrl: proxy.url,
      post: "xuanpho",
      queueDir: dir,
      reconnectMinMs: 20,
      reconnectMaxMs: 200,
      // Short, so dropped PUBACKs are noticed fast; but well above the 100 ms delay row, so a
      // loaded machine does not turn a delay into a timeout (which the row says must not happen).
      ackTimeoutMs: row.every ? 400 : 3000,
      discovery: false,
      onDelivered: () => {
        if (row.every && bridge.stats.delivered % FAULT_EVERY === 0 && bridge.stats.delivered < INCIDENTS) {
          faults++;
          row.every!(proxy);
        }
      },
    });
    try {
      const ids: string[] = [];
      for (let i = 1; i <= INCIDENTS; i++) {
        const r = bridge.ingest({ event: i % 2 ? "incident_opened" : "incident_resolved", caller: `c${(i - 1) >> 1}`, incident: 100 + ((i - 1) >> 1) });
        if (r.kind === "queued") ids.push(r.id);
      }
      t.is(ids.length, INCIDENTS);
      t.true(await bridge.whenIdle(60_000), "all delivered");
      await recorder.until(() => new Set(recorder.json("warning-bell/xuanpho/incident").map((m) => m.id)).size >= INCIDENTS, 10_000, "every id");
      const received = recorder.json("warning-bell/xuanpho/incident").map((m) => m.id as string);
      const firstArrivals = received.filter((id, k) => received.indexOf(id) === k);
      t.deepEqual(firstArrivals, ids, "every incident arrived, in order");
      const repeats = received.length - firstArrivals.length;
      // Each lost connection may repeat the one message in flight: the injected faults, and on a
      // loaded machine also an ack timeout the bridge took for a dead link (it reconnects too).
      const lost = bridge.sessionStats.connects - 1;
      t.true(lost >= faults, `every injected fault cost a connection (${lost} lost, ${faults} injected)`);
      t.true(repeats <= lost, `repeats (${repeats}) only for messages in flight when a connection was lost (${lost}; ${faults} injected, ${bridge.stats.ackTimeouts} ack timeouts)`);
      if (!row.every) t.is(repeats, 0, "no repeat without a lost connection");
      t.log(
        `${row.fault}: ${INCIDENTS} incidents, ${faults} faults injected, ${repeats} repeated deliveries (same id), ` +
          `${bridge.sessionStats.connects} connections, ${bridge.stats.ackTimeouts} ack timeouts; proxy ${JSON.stringify(proxy.stats)}`,
      );
    } finally {
      await bridge.close();
      await recorder.close();
      await proxy.close();
      await broker.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}
