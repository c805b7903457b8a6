/**
 * Home Assistant MQTT discovery for a post (HA `mqtt` integration docs,
 * home-assistant.io `source/_integrations/mqtt.markdown`; facts in alarm-field-facts.md §5).
 *
 * Per caller, one HA device with two entities:
 * - **Alarm**: `binary_sensor`, `device_class: safety` (on = unsafe), on while the caller has an
 *   open incident (`alarm` or `acknowledged`), attributes = the caller's JSON state.
 *   Why a binary sensor and not a device trigger: HA recommends device triggers for stateless
 *   button presses, but an incident is not stateless. It lasts from `incident_opened` to
 *   `incident_resolved`, and it is published as a retained state. So a dashboard or HA that
 *   starts during an alarm still shows it, where a trigger sent while HA was down is lost.
 *   Automations can still fire on off → on. Every transition also goes out as a
 *   non-retained incident message with an id (`<prefix>/incident`) for anyone who needs each event.
 * - **Link**: `binary_sensor`, `device_class: connectivity`, `entity_category: diagnostic`,
 *   on while the receiver's supervision hears the caller.
 * Per post, one device with **Alarm** (`safety`, any open incident) and **Caller fault**
 * (`problem`, a caller offline).
 *
 * Every entity's `availability_topic` is the bridge's availability (its Last Will), so when
 * the bridge or its broker link dies, HA shows the entities unavailable rather than a stale "safe".
 * Configs are **not retained**: they are sent on every connect and again whenever HA publishes
 * `online` on `<discovery prefix>/status` (its birth message), the approach HA documents as
 * better. A retained config would outlive a post that is taken out of service.
 * Topics: `<discovery prefix>/binary_sensor/wb_<post>/<object id>/config`, so a post's configs
 * sit under one node id that a broker ACL can grant (`homeassistant/+/wb_<post>/#`).
 */
import { AVAILABILITY, type PostTopics } from "./topics.ts";

/** Defaults of `HomeAssistantDiscovery`. */
export const DISCOVERY_DEFAULTS = {
  /** HA's default discovery prefix. */
  prefix: "homeassistant",
} as const;

/** One discovery message: retained = false, QoS 1. */
export interface DiscoveryMessage {
  topic: string;
  /** JSON config. */
  payload: string;
}

/**
 * Turns an id into HA's `[a-zA-Z0-9_-]` alphabet, injectively: letters, digits and `-` pass;
 * every other UTF-16 unit (and `_` itself) becomes `_<hex code>_`. Object ids are then
 * `caller_<id>_alarm`, `caller_<id>_link`, `post_alarm`, `post_fault`: never equal for two ids.
 */
export function haObjectId(id: string): string {
  return id.replace(/[^a-zA-Z0-9-]/g, (c) => `_${c.charCodeAt(0).toString(16)}_`);
}

/** Options of `HomeAssistantDiscovery`. */
export interface HomeAssistantDiscoveryOptions {
  /** The post's topics (state and availability topics come from here). */
  topics: PostTopics;
  /** Discovery prefix, default `homeassistant`: one topic level, no wildcards. */
  prefix?: string;
  /** Version reported in `origin.sw` (e.g. package.json's). */
  softwareVersion?: string;
}

/** See the file comment. */
export class HomeAssistantDiscovery {
  readonly prefix: string;
  readonly #topics: PostTopics;
  readonly #version: string | undefined;
  readonly #node: string;

  /** @throws RangeError if `prefix` is not one plain topic level. */
  constructor(options: HomeAssistantDiscoveryOptions) {
    const prefix = options.prefix ?? DISCOVERY_DEFAULTS.prefix;
    if (typeof prefix !== "string" || !/^[^/+#\u0000$][^/+#\u0000]*$/.test(prefix)) {
      throw new RangeError(`prefix must be one topic level (e.g. "homeassistant"), got ${JSON.stringify(prefix)}`);
    }
    this.prefix = prefix;
    this.#topics = options.topics;
    this.#version = options.softwareVersion;
    this.#node = `wb_${haObjectId(options.topics.post)}`;
  }

  /** Where HA publishes its birth (`online`) and last will (`offline`). */
  get statusTopic(): string {
    return `${this.prefix}/status`;
  }

  /** The two configs of one caller's device. @param name the caller's place, if known. */
  forCaller(caller: string, name?: string): DiscoveryMessage[] {
    const id = haObjectId(caller);
    const state = this.#topics.callerState(caller);
    const device = {
      identifiers: [`warning_bell_${haObjectId(this.#topics.post)}_${id}`],
      name: name ? `${name} (${caller})` : caller,
      manufacturer: "warning-bell",
      model: "panic-alarm caller",
      via_device: this.#postDeviceId,
    };
    return [
      this.#config(`caller_${id}_alarm`, {
        name: "Alarm",
        device_class: "safety",
        state_topic: state,
        value_template: "{{ 'ON' if value_json.state in ('alarm', 'acknowledged') else 'OFF' }}",
        json_attributes_topic: state,
        device,
      }),
      this.#config(`caller_${id}_link`, {
        name: "Link",
        device_class: "connectivity",
        entity_category: "diagnostic",
        state_topic: state,
        value_template: "{{ 'ON' if value_json.link == 'online' else 'OFF' }}",
        device,
      }),
    ];
  }

  /** The configs of the post's own device. */
  forPost(): DiscoveryMessage[] {
    const state = this.#topics.postState();
    const device = { identifiers: [this.#postDeviceId], name: `Police post ${this.#topics.post}`, manufacturer: "warning-bell", model: "receiver + bridge" };
    return [
      this.#config("post_alarm", {
        name: "Alarm",
        device_class: "safety",
        state_topic: state,
        value_template: "{{ 'ON' if value_json.state in ('alarm', 'acknowledged') else 'OFF' }}",
        json_attributes_topic: state,
        device,
      }),
      this.#config("post_fault", {
        name: "Caller fault",
        device_class: "problem",
        state_topic: state,
        value_template: "{{ 'ON' if value_json.offline | length > 0 else 'OFF' }}",
        device,
      }),
    ];
  }

  get #postDeviceId(): string {
    return `warning_bell_${haObjectId(this.#topics.post)}`;
  }

  #config(objectId: string, fields: Record<string, unknown>): DiscoveryMessage {
    const payload = {
      unique_id: `${this.#node}_${objectId}`,
      ...fields,
      availability_topic: this.#topics.bridgeAvailability(),
      payload_available: AVAILABILITY.online,
      payload_not_available: AVAILABILITY.offline,
      qos: 1,
      origin: { name: "warning-bell", ...(this.#version ? { sw: this.#version } : {}) },
    };
    return { topic: `${this.prefix}/binary_sensor/${this.#node}/${objectId}/config`, payload: JSON.stringify(payload) };
  }
}
