import test from "ava";
import mqttPacket from "mqtt-packet";
import net from "node:net";
import { Condition } from "../support/condition.ts";
import { FaultProxy } from "../support/fault-proxy.ts";

/** A raw TCP "broker" recording what arrives, and a raw client: the proxy between them. */
async function rig() {
  const changed = new Condition();
  const atServer: Buffer[] = [];
  const atClient: Buffer[] = [];
  let serverSide: net.Socket | undefined;
  const server = net.createServer((s) => {
    serverSide = s;
    s.on("data", (c) => {
      atServer.push(c);
      changed.notify();
    });
    s.on("error", () => undefined);
    s.on("close", () => changed.notify());
    changed.notify();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const proxy = await FaultProxy.start((server.address() as net.AddressInfo).port);
  const client = net.connect({ port: proxy.port, host: "127.0.0.1", noDelay: true });
  client.on("data", (c) => {
    atClient.push(c);
    changed.notify();
  });
  client.on("error", () => undefined);
  client.on("close", () => changed.notify());
  await new Promise<void>((r) => client.once("connect", r));
  await changed.until(() => serverSide !== undefined, 5_000, "the proxied connection");
  return {
    changed, atServer, atClient, proxy, client, server: () => serverSide!,
    close: async () => {
      client.destroy();
      await proxy.close();
      server.close();
    },
  };
}

const publish = mqttPacket.generate({ cmd: "publish", topic: "warning-bell/p1/radio/post/clinic", payload: Buffer.from([1, 2, 3, 4, 5]), qos: 1, messageId: 7, retain: false, dup: false });
const puback = mqttPacket.generate({ cmd: "puback", messageId: 7 });
const total = (chunks: Buffer[]) => Buffer.concat(chunks);

test("the fault proxy forwards a packet one byte per write when splitting, bytes unchanged", async (t) => {
  const r = await rig();
  try {
    r.proxy.splitEveryByte = true;
    r.client.write(Buffer.concat([publish, publish]));
    await r.changed.until(() => total(r.atServer).length === publish.length * 2, 5_000, "both packets");
    t.deepEqual(total(r.atServer), Buffer.concat([publish, publish]));
    t.is(r.proxy.stats.byteWrites, publish.length * 2);
    t.true(r.atServer.length > publish.length, `the peer read ${r.atServer.length} separate chunks`);
    t.is(r.proxy.stats.packets.up, 2, "packet boundaries found by mqtt-packet's parser");
  } finally {
    await r.close();
  }
});

test("the fault proxy cuts in the middle of the chosen packet, and drops or delays PUBACKs", async (t) => {
  let r = await rig();
  try {
    r.proxy.cutNext("up", "publish");
    r.client.write(publish);
    await r.changed.until(() => r.client.destroyed || r.client.closed, 5_000, "the cut");
    await r.changed.until(() => total(r.atServer).length > 0, 5_000, "the first half");
    t.deepEqual(total(r.atServer), publish.subarray(0, publish.length >> 1), "exactly the first half arrived");
  } finally {
    await r.close();
  }
  r = await rig();
  try {
    r.proxy.dropPubacks = 1;
    r.proxy.pubackDelayMs = 100;
    r.server().write(Buffer.concat([puback, puback]));
    const sent = performance.now();
    await r.changed.until(() => total(r.atClient).length === puback.length, 5_000, "the second PUBACK");
    t.true(performance.now() - sent >= 90, "held about 100 ms");
    t.deepEqual(total(r.atClient), puback);
    t.like(r.proxy.stats, { droppedPubacks: 1, delayedPubacks: 1 });
  } finally {
    await r.close();
  }
});
