import test from "ava";
import { MqttRadio } from "../../tools/mqtt/radio.ts";

const handlers = { onReceive: () => undefined, onSent: () => undefined };

test("an MQTT radio refuses empty and over-250-byte payloads, bad addresses and bad options", async (t) => {
  // No broker listens on port 9 (discard): the radio simply keeps failing to connect.
  const radio = new MqttRadio({ brokerUrl: "mqtt://127.0.0.1:9", post: "p1", address: "clinic", reconnectMinMs: 10_000, handlers });
  try {
    t.is(radio.maxPayload, 250);
    t.throws(() => radio.send("post", new Uint8Array(0)), { instanceOf: RangeError });
    t.throws(() => radio.send("post", new Uint8Array(251)), { instanceOf: RangeError });
    t.false(radio.busy, "a refused send leaves the radio free");
    t.throws(() => radio.send("", Uint8Array.of(1)), { instanceOf: RangeError, message: /to/ });
    radio.send("post", new Uint8Array(250));
    t.throws(() => radio.send("post", Uint8Array.of(1)), { message: /busy/ });
  } finally {
    await radio.closeAsync();
  }
  t.throws(() => radio.send("post", Uint8Array.of(1)), { message: /closed/ });
  const bad = [
    [{ brokerUrl: "http://x" }, /brokerUrl/],
    [{ brokerUrl: "not a url" }, /brokerUrl/],
    [{ sendTimeoutMs: 0 }, /sendTimeoutMs/],
    [{ keepaliveS: 70_000 }, /keepaliveS/],
    [{ post: "" }, /post/],
    [{ address: "x".repeat(65) }, /address/],
    [{ reconnectMinMs: 0 }, /minDelayMs/],
  ] as const;
  for (const [patch, message] of bad) {
    t.throws(() => new MqttRadio({ brokerUrl: "mqtt://127.0.0.1:9", post: "p1", address: "a", handlers, ...patch }), { message }, JSON.stringify(patch));
  }
});
