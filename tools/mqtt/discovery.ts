/**
 * Home Assistant MQTT discovery for a post (HA `mqtt` integration docs,
 * home-assistant.io `source/_integrations/mqtt.markdown`; facts in alarm-field-facts.md §5).
 *
 * Names follow HA's entity naming (`has_entity_name`: HA shows "<device name> <entity name>"):
 * a caller's device is named by its place ("Trạm y tế"), the post's by the post's place name
 * once its receiver's `boot` gave it; each device's main entity has no name of its own (HA then
 * shows the device's name), the others are named in the reader's language (message catalogue,
 * `ha.*`).
 *
 * Per caller, one HA device with two entities:
 * - **Alarm**: `binary_sensor`, `device_class: safety` (on = unsafe), on while the caller has an
 *   open incident (`alarm` or `acknowledged`), attributes from the caller's JSON state through
 *   `CALLER_ATTRIBUTES_TEMPLATE` (`alarm_state` tells an acknowledged alarm from a new one).
 *   Why a binary sensor and not a device trigger: HA recommends device triggers for stateless
 *   button presses, but an incident is not stateless. It lasts from `incident_opened` to
 *   `incident_resolved`, and it is published as a retained state. So a dashboard or HA that
 *   starts during an alarm still shows it, where a trigger sent while HA was down is lost.
 *   Automations can still fire on off → on. Every transition also goes out as a
 *   non-retained incident message with an id (`<prefix>/incident`) for anyone who needs each event.
 * - **Link**: `binary_sensor`, `device_class: connectivity`, `entity_category: diagnostic`,
 *   on while the receiver's supervision hears the caller.
 * Per post, one device with **Alarm** (`safety`, any open incident), **Caller fault**
 * (`problem`, a caller offline) and **Incident**: an `event` entity on the incident topic, so that
 * every incident opened, acknowledged or resolved reaches HA's automations, even one that opened
 * and closed while the broker was unreachable (the queued messages follow in order on
 * reconnect; the retained states only give the latest).
 *
 * Every entity's `availability_topic` is the bridge's availability (its Last Will), so when
 * the bridge or its broker link dies, HA shows the entities unavailable rather than a stale "safe".
 * Configs are **not retained**: they are sent on every connect and again whenever HA publishes
 * `online` on `<discovery prefix>/status` (its birth message), the approach HA documents as
 * better. A retained config would outlive a post that is taken out of service.
 * Topics: `<discovery prefix>/<binary_sensor|event>/wb_<post>/<object id>/config`, so a post's configs
 * sit under one node id that a broker ACL can grant (`homeassistant/+/wb_<post>/#`).
 */
import { message, type Lang, type MessageId } from "../../firmware/core/messages/index.ts";
import { AVAILABILITY, type PostTopics } from "./topics.ts";
import { ESCALATION_OFF_REASONS, escalationOffIsFault } from "../../firmware/core/escalation/unavailable.ts";

/** Defaults of `HomeAssistantDiscovery`. */
export const DISCOVERY_DEFAULTS = {
  /** HA's default discovery prefix. */
  prefix: "homeassistant",
  /** `origin.sw` when no version was given (HA shows it in the device's "MQTT info"). */
  unknownVersion: "unknown",
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
 * `caller_<id>_alarm`, `caller_<id>_link`, `post_alarm`, `post_fault`, `post_duty_phones`: never equal for two ids.
 */
export function haObjectId(id: string): string {
  return id.replace(/[^a-zA-Z0-9-]/g, (c) => `_${c.charCodeAt(0).toString(16)}_`);
}

/**
 * Attributes for HA from a caller's state payload. HA silently drops attributes named in its
 * `MQTT_ATTRIBUTES_BLOCKED` (`state`, and `name` in older releases, `friendly_name` in newer:
 * `homeassistant/components/mqtt/entity.py`), so they are renamed here: an acknowledged alarm
 * shows `alarm_state: acknowledged`, not a bare "on" that looks like a new alarm.
 */
export const CALLER_ATTRIBUTES_TEMPLATE =
  "{{ {'alarm_state': value_json.state, 'place': value_json.get('name', value_json.caller), 'link': value_json.link, " +
  "'open_incidents': value_json.incidents | length, 'since': value_json.since} | tojson }}";

/**
 * Attributes for HA from the post's state payload (see `CALLER_ATTRIBUTES_TEMPLATE`):
 * `escalation` (why the duty phones cannot be reached, or null) and `escalation_unconfirmed`
 * (true while that is the last word from before the receiver's reboot: field finding 8), read with
 * `.get` so a payload without them (a post that can escalate, an older bridge's) still renders.
 */
export const POST_ATTRIBUTES_TEMPLATE =
  "{{ {'post_state': value_json.state, 'open_incidents': value_json.open_incidents, 'unacknowledged': value_json.unacknowledged, " +
  "'offline_callers': value_json.offline, 'escalation': value_json.get('escalation', none), " +
  "'escalation_unconfirmed': value_json.get('escalation_unconfirmed', false), 'since': value_json.since} | tojson }}";

/**
 * `post_duty_phones` (problem): ON while the post's LTE modem is faulty (`modem` present) or the
 * post cannot, or can only in part, reach the duty phones (`escalation` a fault reason, confirmed
 * or not yet re-confirmed since a reboot: `escalationOffIsFault`, so `no_modem`, a notice, is
 * OFF). The reasons are listed from core, one definition (field finding 3 of
 * test/field/tonight/: these faults reached HA only as attributes, which no "problem" card or
 * automation sees).
 */
export const POST_DUTY_PHONES_TEMPLATE =
  "{{ 'ON' if value_json.get('modem', none) or value_json.get('escalation', none) in (" +
  ESCALATION_OFF_REASONS.filter(escalationOffIsFault)
    .map((r) => `'${r}'`)
    .join(", ") +
  ") else 'OFF' }}";

/** The incident events, as HA's `event` entity lists its `event_types`. */
export const HA_INCIDENT_EVENT_TYPES = ["incident_opened", "incident_acknowledged", "incident_resolved"] as const;

/** Options of `HomeAssistantDiscovery`. */
export interface HomeAssistantDiscoveryOptions {
  /** The post's topics (state and availability topics come from here). */
  topics: PostTopics;
  /** Discovery prefix, default `homeassistant`: one topic level, no wildcards. */
  prefix?: string;
  /** Version reported in `origin.sw` (e.g. package.json's). */
  softwareVersion?: string;
  /** Language of the entity names: `vi` or `en` (default). */
  lang?: Lang;
}

/** See the file comment. */
export class HomeAssistantDiscovery {
  readonly prefix: string;
  readonly #topics: PostTopics;
  readonly #version: string | undefined;
  readonly #node: string;
  readonly #lang: Lang;

  /** @throws RangeError if `prefix` is not one plain topic level. */
  constructor(options: HomeAssistantDiscoveryOptions) {
    const prefix = options.prefix ?? DISCOVERY_DEFAULTS.prefix;
    if (typeof prefix !== "string" || !/^[^/+#\u0000$][^/+#\u0000]*$/.test(prefix)) {
      throw new RangeError(`prefix must be one topic level (e.g. "homeassistant"), got ${JSON.stringify(prefix)}`);
    }
    this.prefix = prefix;
    this.#topics = options.topics;
    this.#version = options.softwareVersion;
    this.#lang = options.lang ?? "en";
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
      name: name ? name : caller,
      manufacturer: "warning-bell",
      model: this.#say("ha.caller.device"),
      via_device: this.#postDeviceId,
    };
    return [
      this.#config("binary_sensor", `caller_${id}_alarm`, {
        name: null, // the device's main entity: HA shows the place name alone
        device_class: "safety",
        state_topic: state,
        value_template: "{{ 'ON' if value_json.state in ('alarm', 'acknowledged') else 'OFF' }}",
        json_attributes_topic: state,
        json_attributes_template: CALLER_ATTRIBUTES_TEMPLATE,
        device,
      }),
      this.#config("binary_sensor", `caller_${id}_link`, {
        name: this.#say("ha.caller.link"),
        device_class: "connectivity",
        entity_category: "diagnostic",
        state_topic: state,
        value_template: "{{ 'ON' if value_json.link == 'online' else 'OFF' }}",
        device,
      }),
    ];
  }

  /** The configs of the post's own device. @param name the post's place name, if known. */
  forPost(name?: string): DiscoveryMessage[] {
    const state = this.#topics.postState();
    const device = {
      identifiers: [this.#postDeviceId],
      name: name ? name : `${this.#say("ha.post.device")} ${this.#topics.post}`,
      manufacturer: "warning-bell",
      model: this.#say("ha.post.model"),
    };
    return [
      this.#config("binary_sensor", "post_alarm", {
        name: null, // the device's main entity: HA shows the post's name alone
        device_class: "safety",
        state_topic: state,
        value_template: "{{ 'ON' if value_json.state in ('alarm', 'acknowledged') else 'OFF' }}",
        json_attributes_topic: state,
        json_attributes_template: POST_ATTRIBUTES_TEMPLATE,
        device,
      }),
      this.#config("binary_sensor", "post_fault", {
        name: this.#say("ha.caller.fault"),
        device_class: "problem",
        state_topic: state,
        value_template: "{{ 'ON' if value_json.offline | length > 0 else 'OFF' }}",
        device,
      }),
      this.#config("binary_sensor", "post_duty_phones", {
        name: this.#say("ha.post.duty_phones"),
        device_class: "problem",
        state_topic: state,
        value_template: POST_DUTY_PHONES_TEMPLATE,
        device,
      }),
      this.#config("event", "post_incident", {
        name: this.#say("ha.post.incident"),
        state_topic: this.#topics.incident(),
        event_types: [...HA_INCIDENT_EVENT_TYPES],
        device,
      }),
    ];
  }

  get #postDeviceId(): string {
    return `warning_bell_${haObjectId(this.#topics.post)}`;
  }

  #say(id: MessageId): string {
    return message(this.#lang, id);
  }

  #config(component: "binary_sensor" | "event", objectId: string, fields: Record<string, unknown>): DiscoveryMessage {
    const payload = {
      unique_id: `${this.#node}_${objectId}`,
      ...fields,
      availability_topic: this.#topics.bridgeAvailability(),
      payload_available: AVAILABILITY.online,
      payload_not_available: AVAILABILITY.offline,
      qos: 1,
      origin: { name: "warning-bell", sw: this.#version ?? DISCOVERY_DEFAULTS.unknownVersion },
    };
    return { topic: `${this.prefix}/${component}/${this.#node}/${objectId}/config`, payload: JSON.stringify(payload) };
  }
}
