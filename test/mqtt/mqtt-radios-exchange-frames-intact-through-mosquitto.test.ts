import { brokerTest, Mosquitto } from "../support/mosquitto.ts";
import { RadioProbe } from "../support/mqtt-radio-probe.ts";

/** Every byte value and every length 1…250, in 200 frames (a fixed pattern, so failures repeat). */
function frame(i: number): Uint8Array {
  const length = 1 + ((i * 53) % 250);
  const bytes = new Uint8Array(length);
  for (let k = 0; k < length; k++) bytes[k] = (i * 31 + k * 7) & 0xff;
  return bytes;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

brokerTest("two MQTT radios exchange 200 frames of 1…250 bytes intact, sender named, through mosquitto", async (t) => {
  const broker = await Mosquitto.start();
  const a = new RadioProbe({ brokerUrl: broker.url, post: "xuanpho", address: "aa:bb:cc:00:00:01" });
  const b = new RadioProbe({ brokerUrl: broker.url, post: "xuanpho", address: "post" });
  try {
    await Promise.all([a.connected(), b.connected()]);
    const latencies: number[] = [];
    const lengths = new Set<number>();
    for (let i = 0; i < 200; i++) {
      const bytes = frame(i);
      lengths.add(bytes.length);
      const started = performance.now();
      const [to, from] = i % 2 === 0 ? [b, a] : [a, b];
      const before = to.received.length;
      from.radio.send(to.radio.address, bytes);
      await to.until(() => to.received.length > before, 5_000, `frame ${i}`);
      const got = to.received.at(-1)!;
      latencies.push(got.at - started);
      t.deepEqual(got.payload, bytes, `frame ${i} bytes`);
      t.is(got.from, from.radio.address, `frame ${i} sender`);
      await from.until(() => !from.radio.busy, 5_000, `PUBACK of frame ${i}`);
    }
    t.is(a.received.length + b.received.length, 200, "no frame arrived twice");
    t.true(lengths.has(1) && lengths.has(250), "lengths 1 and 250 both exercised");
    t.true([...a.sent, ...b.sent].every((e) => e.ok === true), "every publish acknowledged by the broker");
    latencies.sort((x, y) => x - y);
    t.log(`delivery latency through mosquitto over 200 frames: p50 ${percentile(latencies, 0.5).toFixed(2)} ms, p99 ${percentile(latencies, 0.99).toFixed(2)} ms, max ${latencies.at(-1)!.toFixed(2)} ms`);
  } finally {
    await Promise.all([a.close(), b.close()]);
    await broker.dispose();
  }
});
