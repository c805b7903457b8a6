import type { Direction } from "../support/fault-proxy.ts";
import { FaultProxy } from "../support/fault-proxy.ts";
import { brokerTest, Mosquitto } from "../support/mosquitto.ts";
import { RadioProbe } from "../support/mqtt-radio-probe.ts";

/** Each row arms one fault on radio a's connection before every 5th frame (or throughout). */
const rows: { fault: string; arm: (proxy: FaultProxy, i: number) => void }[] = [
  { fault: "every packet split at every byte boundary", arm: (p) => void (p.splitEveryByte = true) },
  { fault: "cut in the middle of a PUBLISH from a", arm: cutEvery("up", "publish") },
  { fault: "cut in the middle of a PUBLISH to a", arm: cutEvery("down", "publish") },
  { fault: "cut in the middle of a PUBACK to a", arm: cutEvery("down", "puback") },
  { fault: "PUBACKs to a delayed 150 ms", arm: (p) => void (p.pubackDelayMs = 150) },
  { fault: "PUBACKs to a dropped", arm: (p, i) => void (p.dropPubacks = i % 5 === 0 ? 1 : 0) },
];

function cutEvery(direction: Direction, cmd: "publish" | "puback") {
  return (proxy: FaultProxy, i: number) => {
    if (i % 5 === 0) proxy.cutNext(direction, cmd);
  };
}

const FRAMES = 20;

function frame(i: number): Uint8Array {
  return Uint8Array.from({ length: 10 + i * 7 }, (_, k) => (i * 13 + k) & 0xff);
}

const same = (x: Uint8Array | undefined, y: Uint8Array) => x !== undefined && x.length === y.length && x.every((v, k) => v === y[k]);

/** Sends until the peer has the frame, as the link would (new attempt after a failure or 1 s). */
async function deliver(from: RadioProbe, to: RadioProbe, bytes: Uint8Array): Promise<number> {
  for (let attempt = 1; attempt <= 10; attempt++) {
    await from.until(() => from.radio.connected && to.radio.connected, 10_000, "both radios connected");
    from.radio.abandon();
    const sentBefore = from.sent.length;
    from.radio.send(to.radio.address, bytes);
    const arrived = () => to.received.some((e) => same(e.payload, bytes));
    const failed = () => from.sent.length > sentBefore && from.sent.at(-1)!.ok === false;
    // Whichever comes first: the frame at the peer, a failed send, or 1 s (the link's ack timeout).
    await Promise.race([to.until(arrived, 1_000, "arrival"), from.until(failed, 1_000, "failure")]).catch(() => undefined);
    if (!arrived() && failed()) await to.until(arrived, 200, "late arrival").catch(() => undefined);
    if (arrived()) return attempt;
  }
  throw new Error(`frame of ${bytes.length} bytes not delivered in 10 attempts`);
}

for (const row of rows) {
  brokerTest(`MQTT radios deliver every frame intact and recover when ${row.fault}`, async (t) => {
    const broker = await Mosquitto.start();
    const proxy = await FaultProxy.start(broker.port);
    const a = new RadioProbe({ brokerUrl: proxy.url, post: "p1", address: "clinic", sendTimeoutMs: 500 });
    const b = new RadioProbe({ brokerUrl: broker.url, post: "p1", address: "post" });
    try {
      await Promise.all([a.connected(), b.connected()]);
      let retries = 0;
      for (let i = 0; i < FRAMES; i++) {
        row.arm(proxy, i);
        const [from, to] = i % 2 === 0 ? [a, b] : [b, a];
        const n = await deliver(from, to, frame(i)); if (n > 1) t.log(`frame ${i} took ${n} attempts; a connects ${a.connects}`); retries += n - 1;
      }
      for (let i = 0; i < FRAMES; i++) {
        const to = i % 2 === 0 ? b : a;
        t.true(to.received.some((e) => same(e.payload, frame(i))), `frame ${i} intact`);
      }
      const extra = a.received.length + b.received.length - FRAMES;
      t.true(a.received.concat(b.received).every((e) => Array.from({ length: FRAMES }, (_, i) => frame(i)).some((f) => same(e.payload, f))), "nothing but sent frames arrived");
      t.log(
        `${row.fault}: ${FRAMES} frames delivered; ${retries} resends; ${extra} duplicate arrivals; ` +
          `radio a connected ${a.connects}×; proxy: ${JSON.stringify(proxy.stats)}`,
      );
    } finally {
      await Promise.all([a.close(), b.close()]);
      await proxy.close();
      await broker.dispose();
    }
  });
}
