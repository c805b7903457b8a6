import test from "ava";
import fc from "fast-check";
import { haObjectId, HomeAssistantDiscovery } from "../../tools/mqtt/discovery.ts";
import { PostTopics } from "../../tools/mqtt/topics.ts";

test("Home Assistant configs: one alarm (safety) and one link (connectivity) per caller, all behind the bridge's availability", (t) => {
  const d = new HomeAssistantDiscovery({ topics: new PostTopics({ post: "xuanpho" }), softwareVersion: "0.1.0" });
  const [alarm, link] = d.forCaller("bank", "Ngân hàng").map((m) => ({ topic: m.topic, config: JSON.parse(m.payload) }));
  t.is(alarm!.topic, "homeassistant/binary_sensor/wb_xuanpho/caller_bank_alarm/config");
  t.like(alarm!.config, {
    unique_id: "wb_xuanpho_caller_bank_alarm",
    device_class: "safety",
    state_topic: "warning-bell/xuanpho/caller/bank/state",
    json_attributes_topic: "warning-bell/xuanpho/caller/bank/state",
    availability_topic: "warning-bell/xuanpho/bridge/availability",
    payload_available: "online",
    payload_not_available: "offline",
    qos: 1,
    origin: { name: "warning-bell", sw: "0.1.0" },
    device: { identifiers: ["warning_bell_xuanpho_bank"], name: "Ngân hàng", via_device: "warning_bell_xuanpho" },
  });
  t.like(link!.config, { device_class: "connectivity", entity_category: "diagnostic", value_template: "{{ 'ON' if value_json.link == 'online' else 'OFF' }}" });
  const post = d.forPost().map((m) => JSON.parse(m.payload));
  t.deepEqual(post.map((c) => c.device_class), ["safety", "problem", "problem", undefined]);
  t.deepEqual(post[3].event_types, ["incident_opened", "incident_acknowledged", "incident_resolved"]);
  t.is(d.statusTopic, "homeassistant/status");
  t.is(new HomeAssistantDiscovery({ topics: new PostTopics({ post: "x" }), prefix: "ha" }).forPost()[0]!.topic, "ha/binary_sensor/wb_x/post_alarm/config");
  t.throws(() => new HomeAssistantDiscovery({ topics: new PostTopics({ post: "x" }), prefix: "a/b" }), { instanceOf: RangeError, message: /prefix/ });
});

test("property: distinct caller ids never share an object id, and object ids use HA's alphabet", (t) => {
  const id = fc.string({ minLength: 1, maxLength: 12, unit: fc.constantFrom("a", "_", "5", "f", "-", ".", " ", "ư", "😀") });
  t.notThrows(() =>
    fc.assert(
      fc.property(id, id, (a, b) => {
        const x = haObjectId(a);
        return /^[a-zA-Z0-9_-]+$/.test(x) && (a === b) === (x === haObjectId(b)) && !["post_alarm", "post_fault"].includes(`caller_${x}_alarm`);
      }),
    ),
  );
});
