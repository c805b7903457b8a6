import test from "ava";
import { parseScenario } from "../../tools/sim/scenario.ts";
import { provision } from "../../tools/sim/provision.ts";

const devices = [
  { id: "post", role: "receiver" },
  { id: "shop", role: "caller" },
  { id: "clinic", role: "caller", transport: "mqtt" },
];

test("a caller on MQTT without the top-level mqtt broker is refused, naming devices[i].transport", (t) => {
  const err = t.throws(() => parseScenario({ duration_ms: 1000, devices }));
  t.regex(err!.message, /devices\[2\]\.transport: .*"mqtt": \{"broker"/);
  t.is((err as { id?: string }).id, "E_SCENARIO");
});

test("the receiver takes no transport; a broker URL must be mqtt:// or mqtts://", (t) => {
  const broker = { broker: "mqtt://127.0.0.1:1883" };
  t.throws(() => parseScenario({ duration_ms: 1000, mqtt: broker, devices: [{ ...devices[0], transport: "espnow" }, devices[1]] }), { message: /devices\[0\]\.transport/ });
  t.throws(() => parseScenario({ duration_ms: 1000, mqtt: { broker: "tcp://x" }, devices }), { message: /mqtt\.broker/ });
});

test("with a broker: MQTT callers get mqtt:<id> addresses and know the receiver by mqtt:<receiver id>; others keep MACs", (t) => {
  const scenario = parseScenario({ duration_ms: 1000, mqtt: { broker: "mqtt://127.0.0.1:1883" }, devices });
  t.deepEqual(scenario.mqtt, { broker: "mqtt://127.0.0.1:1883", post: "post", root: undefined });
  const [post, shop, clinic] = provision(scenario.devices, 1);
  t.regex(post!.identity.address, /^02:/);
  t.is(clinic!.identity.address, "mqtt:clinic");
  t.is(clinic!.role === "caller" && clinic!.config.receiver.address, "mqtt:post");
  t.is(shop!.role === "caller" && shop!.config.receiver.address, post!.identity.address);
  t.deepEqual(post!.role === "receiver" && post!.config.callers.map((c) => c.address), [shop!.identity.address, "mqtt:clinic"]);
});
