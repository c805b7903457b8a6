/**
 * Home Assistant's rules for MQTT discovery, as HA's own code applies them
 * (home-assistant/core `homeassistant/components/mqtt/`: `discovery.py`, `abbreviations.py`,
 * `schemas.py`, `entity.py`, `util.py` `valid_topic`, `binary_sensor.py`, `event.py`; summary in
 * `../shared/reference/post-side-facts.md` §3). Written from those facts for our tests; not HA's
 * code. Each check returns plain-words problems (empty = HA accepts it and shows what we mean).
 */

/** `<prefix>/<component>/[<node_id>/]<object_id>/config`, ids `[a-zA-Z0-9_-]+` (discovery.py). */
const DISCOVERY_TOPIC = /^([^/]+)\/([a-z_]+)\/(?:([a-zA-Z0-9_-]+)\/)?([a-zA-Z0-9_-]+)\/config$/;

/** Attribute names HA silently removes from `json_attributes` (entity.py, across releases). */
export const HA_ATTRIBUTES_BLOCKED = new Set([
  "assumed_state", "available", "context_recent_time", "device_class", "device_info", "entity_category", "entity_picture",
  "entity_registry_enabled_default", "extra_state_attributes", "force_update", "friendly_name", "icon", "name",
  "should_poll", "state", "supported_features", "unique_id", "unit_of_measurement",
]);

/** binary_sensor device classes (homeassistant/components/binary_sensor `BinarySensorDeviceClass`). */
const BINARY_SENSOR_CLASSES = new Set([
  "battery", "battery_charging", "carbon_monoxide", "cold", "connectivity", "door", "garage_door", "gas", "heat", "light", "lock",
  "moisture", "motion", "moving", "occupancy", "opening", "plug", "power", "presence", "problem", "running", "safety", "smoke",
  "sound", "tamper", "update", "vibration", "window",
]);
const EVENT_CLASSES = new Set(["button", "doorbell", "motion"]);
const ENTITY_CATEGORIES = new Set(["config", "diagnostic"]);

/** Keys every MQTT entity accepts (MQTT_ENTITY_COMMON_SCHEMA, availability, read-only schema). */
const COMMON_KEYS = [
  "availability", "availability_mode", "availability_template", "availability_topic", "payload_available", "payload_not_available",
  "device", "enabled_by_default", "entity_category", "entity_picture", "icon", "json_attributes_template", "json_attributes_topic",
  "unique_id", "object_id", "default_entity_id", "encoding", "qos", "name", "origin", "state_topic", "value_template",
];
const PLATFORM_KEYS: Record<string, string[]> = {
  binary_sensor: ["device_class", "expire_after", "force_update", "off_delay", "payload_off", "payload_on"],
  event: ["device_class", "event_types"],
};

/**
 * `valid_topic` (util.py): UTF-8, 1…65535 bytes, no U+0000, no control characters
 * (U+0000–U+001F, U+007F–U+009F), no Unicode non-characters; publish topics also no wildcards.
 */
export function topicProblems(topic: string, publish: boolean): string[] {
  const out: string[] = [];
  const bytes = Buffer.byteLength(topic, "utf8");
  if (bytes === 0) out.push("empty topic");
  if (bytes > 65535) out.push("topic longer than 65535 bytes");
  for (const ch of topic) {
    const c = ch.codePointAt(0)!;
    if (c <= 0x1f || (c >= 0x7f && c <= 0x9f)) out.push(`control character U+${c.toString(16).padStart(4, "0")} in topic ${JSON.stringify(topic)}`);
    if ((c >= 0xfdd0 && c <= 0xfdef) || (c & 0xfffe) === 0xfffe) out.push(`non-character in topic ${JSON.stringify(topic)}`);
  }
  if (publish && /[+#]/.test(topic)) out.push(`wildcard in publish topic ${JSON.stringify(topic)}`);
  return out;
}

/** What HA makes of one discovery message: its component, and the problems it would have. */
export function discoveryProblems(topic: string, payload: string, retained: boolean): { component?: string; config?: Record<string, unknown>; problems: string[] } {
  const problems: string[] = [];
  const m = DISCOVERY_TOPIC.exec(topic);
  if (!m) return { problems: [`discovery topic ${JSON.stringify(topic)} is not <prefix>/<component>/[<node_id>/]<object_id>/config with ids in [a-zA-Z0-9_-]`] };
  const component = m[2]!;
  if (!(component in PLATFORM_KEYS)) problems.push(`component ${component} is not one we validate`);
  if (retained) problems.push("discovery config is retained: it outlives a post taken out of service");
  let config: Record<string, unknown>;
  try {
    config = JSON.parse(payload) as Record<string, unknown>;
  } catch {
    return { component, problems: [...problems, "payload is not JSON"] };
  }
  if (!config || typeof config !== "object" || Array.isArray(config)) return { component, problems: [...problems, "payload is not a JSON object"] };
  const known = new Set([...COMMON_KEYS, ...(PLATFORM_KEYS[component] ?? [])]);
  for (const k of Object.keys(config)) if (!known.has(k)) problems.push(`key ${k} is unknown to HA's ${component} schema and would be dropped silently`);
  if ("availability" in config && "availability_topic" in config) problems.push("both availability and availability_topic (HA: exclusive)");
  if (typeof config.unique_id !== "string" || config.unique_id === "") problems.push("no unique_id: the entity cannot be edited or grouped in a device");
  if (typeof config.state_topic !== "string") problems.push("state_topic is required");
  for (const [k, v] of Object.entries(config)) {
    if (k.endsWith("_topic")) {
      if (typeof v !== "string") problems.push(`${k} is not a string`);
      else problems.push(...topicProblems(v, false).map((p) => `${k}: ${p}`));
    }
  }
  if (config.qos !== undefined && ![0, 1, 2].includes(config.qos as number)) problems.push("qos must be 0, 1 or 2");
  if (!("name" in config)) problems.push('no name key: HA would name the entity "MQTT …" (null means "the device\'s name")');
  else if (config.name !== null && typeof config.name !== "string") problems.push("name must be a string or null");
  if (config.entity_category !== undefined && !ENTITY_CATEGORIES.has(String(config.entity_category))) problems.push(`entity_category ${String(config.entity_category)} is not config or diagnostic`);
  const device = config.device as Record<string, unknown> | undefined;
  if (device !== undefined) {
    const ids = device.identifiers;
    const hasIds = (typeof ids === "string" && ids !== "") || (Array.isArray(ids) && ids.length > 0 && ids.every((x) => typeof x === "string" && x !== ""));
    if (!hasIds && !Array.isArray(device.connections)) problems.push("device needs identifiers or connections");
    if (typeof device.name !== "string" || device.name.trim() === "") problems.push("device has no name (HA would call it by its topic)");
  } else problems.push("no device: entity names would not follow the place");
  const origin = config.origin as Record<string, unknown> | undefined;
  if (!origin || typeof origin.name !== "string" || origin.name === "") problems.push("origin.name is required");
  else if (typeof origin.sw !== "string" || origin.sw === "") problems.push("origin.sw is missing (HA shows it in the device's MQTT info)");
  if (component === "binary_sensor" && config.device_class !== undefined && !BINARY_SENSOR_CLASSES.has(String(config.device_class))) problems.push(`device_class ${String(config.device_class)} unknown to binary_sensor`);
  if (component === "event") {
    const types = config.event_types;
    if (!Array.isArray(types) || types.length === 0 || !types.every((x) => typeof x === "string")) problems.push("event_types (a list of strings) is required");
    if (config.device_class !== undefined && !EVENT_CLASSES.has(String(config.device_class))) problems.push(`device_class ${String(config.device_class)} unknown to event`);
  }
  return { component, config, problems };
}

/**
 * The name HA shows for an entity (`has_entity_name`): the device's name, then the entity's
 * own name if it has one (a `null` name means the device's main feature: the device name alone).
 */
export function haFriendlyName(config: Record<string, unknown>, component: string): string {
  const device = (config.device as { name?: string } | undefined)?.name ?? "";
  const own = config.name;
  // No `name` key at all: HA uses the platform's default name (e.g. "MQTT Binary sensor").
  if (own === undefined) return `${device} MQTT ${component === "event" ? "Event" : "Binary sensor"}`;
  return own === null || own === "" ? device : `${device} ${String(own)}`;
}
