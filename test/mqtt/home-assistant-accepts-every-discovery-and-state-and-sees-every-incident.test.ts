/**
 * Issue 16: every discovery message and every state payload the bridge publishes, checked
 * against Home Assistant's rules as HA's source states them (`support/home-assistant-rules.ts`),
 * with every template rendered against the real payloads (`support/ha-template.ts`):
 * - callers the post lists at boot are discovered before any alarm;
 * - an acknowledged alarm is told apart in HA (`alarm_state`; HA drops an attribute named `state`);
 * - an incident that opens and closes while the broker is unreachable still reaches HA as
 *   events (HA's `event` platform), in order;
 * - names read as HA shows them: "<place>", "<place> Link", the post's real name;
 * - `origin.sw` is the package version.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Bridge } from "../../tools/mqtt/bridge.ts";
import { FaultProxy } from "../support/fault-proxy.ts";
import { brokerTest, Mosquitto } from "../support/mosquitto.ts";
import { MqttRecorder, type Received } from "../support/mqtt-recorder.ts";
import { renderTemplate } from "./support/ha-template.ts";
import { HA_ATTRIBUTES_BLOCKED, discoveryProblems, haFriendlyName, topicProblems } from "./support/home-assistant-rules.ts";

const VERSION = (JSON.parse(fs.readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;

brokerTest("Home Assistant accepts every config and state, sees callers before any alarm, and every incident as an event", async (t) => {
  const broker = await Mosquitto.start();
  const proxy = await FaultProxy.start(broker.port);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wb-ha-"));
  const ha = await MqttRecorder.connect(broker.url, ["homeassistant/#", "warning-bell/#"]);
  const bridge = new Bridge({ brokerUrl: proxy.url, post: "xuanpho", queueDir: dir, reconnectMinMs: 20, reconnectMaxMs: 100, softwareVersion: VERSION, lang: "en" });
  try {
    // The receiver boots: its name, then its callers. No alarm yet.
    bridge.ingest({ t: 0, device: "post", event: "boot", role: "receiver", open: 0, name: "Công an xã Xuân Phổ" });
    for (const [caller, name] of [["clinic", "Trạm y tế"], ["bank", "Phòng giao dịch ngân hàng"], ["cafe", "Quán cà phê Sen"]]) {
      bridge.ingest({ t: 0, device: "post", event: "caller_listed", caller, name });
    }
    t.true(await bridge.whenIdle(10_000));
    const configs = () => ha.messages.filter((m) => m.topic.startsWith("homeassistant/") && m.topic.endsWith("/config"));
    await ha.until(() => configs().length >= 9, 5_000, "9 configs");
    const latest = new Map<string, Received>();
    for (const m of configs()) latest.set(m.topic, m);
    t.is(latest.size, 10, "4 per post + 2 per caller, before any alarm");

    const names: string[] = [];
    const checked: Array<{ component: string; config: Record<string, unknown> }> = [];
    for (const m of latest.values()) {
      const r = discoveryProblems(m.topic, m.payload.toString(), m.retain);
      t.deepEqual(r.problems, [], m.topic);
      checked.push({ component: r.component!, config: r.config! });
      names.push(haFriendlyName(r.config!, r.component!));
      t.is((r.config!.origin as { sw?: string }).sw, VERSION);
    }
    t.deepEqual(names.sort(), [
      "Công an xã Xuân Phổ",
      "Công an xã Xuân Phổ Caller fault",
      "Công an xã Xuân Phổ Duty phones fault",
      "Công an xã Xuân Phổ Incident",
      "Phòng giao dịch ngân hàng",
      "Phòng giao dịch ngân hàng Link",
      "Quán cà phê Sen",
      "Quán cà phê Sen Link",
      "Trạm y tế",
      "Trạm y tế Link",
    ]);

    // An alarm at the clinic; an officer acknowledges it. Then the broker becomes unreachable,
    // and a second alarm at the bank opens and closes before it returns.
    bridge.ingest({ t: 1, device: "post", event: "incident_opened", caller: "clinic", incident: 1, name: "Trạm y tế" });
    t.true(await bridge.whenIdle(10_000)); // retained states give only the latest: let "alarm" go out first
    bridge.ingest({ t: 2, device: "post", event: "incident_acknowledged", caller: "clinic", incident: 1 });
    t.true(await bridge.whenIdle(10_000));
    proxy.blocked = true;
    proxy.cutAll();
    await proxy.until(() => !bridge.connected, 10_000, "bridge disconnected");
    bridge.ingest({ t: 3, device: "post", event: "incident_opened", caller: "bank", incident: 7, name: "Phòng giao dịch ngân hàng" });
    bridge.ingest({ t: 4, device: "post", event: "incident_acknowledged", caller: "bank", incident: 7 });
    bridge.ingest({ t: 5, device: "post", event: "incident_resolved", caller: "bank", incident: 7 });
    proxy.blocked = false;
    t.true(await bridge.whenIdle(15_000), "delivered after the broker returns");

    // Every state payload ever published: valid topic, and every template renders on it.
    const byStateTopic = new Map<string, Array<{ component: string; config: Record<string, unknown> }>>();
    for (const c of checked) {
      for (const key of ["state_topic", "json_attributes_topic"] as const) {
        const topic = c.config[key];
        if (typeof topic === "string") byStateTopic.set(topic, [...(byStateTopic.get(topic) ?? []), c]);
      }
    }
    const states = ha.messages.filter((m) => m.topic.endsWith("/state"));
    t.true(states.length >= 4, "states were published");
    let clinicAttributes: Array<Record<string, unknown>> = [];
    for (const m of states) {
      t.deepEqual(topicProblems(m.topic, true), [], m.topic);
      const value_json = JSON.parse(m.payload.toString()) as unknown;
      for (const { config } of byStateTopic.get(m.topic) ?? []) {
        if (typeof config.value_template === "string" && config.state_topic === m.topic) {
          t.true(["ON", "OFF"].includes(renderTemplate(config.value_template, { value_json })), `${m.topic} value_template`);
        }
        if (typeof config.json_attributes_template === "string" && config.json_attributes_topic === m.topic) {
          const attributes = JSON.parse(renderTemplate(config.json_attributes_template, { value_json })) as Record<string, unknown>;
          t.deepEqual(Object.keys(attributes).filter((k) => HA_ATTRIBUTES_BLOCKED.has(k)), [], `${m.topic}: attributes HA would drop`);
          if (m.topic.endsWith("/caller/clinic/state")) clinicAttributes.push(attributes);
        }
      }
    }
    t.true(states.every((m) => byStateTopic.has(m.topic) || !m.topic.includes("/caller/")), "every caller state has an entity");
    t.deepEqual(clinicAttributes.map((a) => a.alarm_state).filter((s, i, all) => s !== all[i - 1]), ["online", "alarm", "acknowledged"], "HA tells an acknowledged alarm from a new one");

    // The incident topic, as HA's event entity reads it: non-retained JSON with an event_type in its list.
    const event = checked.find((c) => c.component === "event")!.config;
    const incidents = ha.messages.filter((m) => m.topic === event.state_topic);
    const seen = incidents.map((m) => {
      t.false(m.retain, "HA ignores retained events");
      const payload = JSON.parse(m.payload.toString()) as { event_type: string; caller: string; incident: number };
      t.true((event.event_types as string[]).includes(payload.event_type));
      return `${payload.caller}#${payload.incident} ${payload.event_type}`;
    });
    t.deepEqual(seen, [
      "clinic#1 incident_opened",
      "clinic#1 incident_acknowledged",
      "bank#7 incident_opened",
      "bank#7 incident_acknowledged",
      "bank#7 incident_resolved",
    ], "the alarm that opened and closed while the broker was away still reaches HA's automations");
  } finally {
    await bridge.close();
    await ha.close();
    await proxy.close();
    await broker.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
