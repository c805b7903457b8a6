/**
 * The provisioned identity of a simulated device as the Preference entries of its `bell-id`
 * domain. The layout is the firmware's own (`identityEntries` of
 * `firmware/stack/identity-writer.ts`, what `bell provision` writes); this file only turns the
 * config the simulator provisioned (`tools/sim/provision.ts`) into an `Identity`. The XS engine
 * puts the entries in the device's Preference stand-in, so the real device start-up
 * (`firmware/moddable/boot.ts`) reads its identity as on an ESP32 and gives the app the same
 * config the Node engine passes directly.
 */
import { escalationSettingsJson } from "../../firmware/core/escalation/settings.ts";
import { SETTINGS_JSON_NAMES, type CallerConfig, type PeerIdentity, type ReceiverConfig, type Settings } from "../../firmware/core/config.ts";
import type { StoreValue } from "../../firmware/hal/store.ts";
import { IDENTITY_DOMAIN } from "../../firmware/stack/identity.ts";
import { identityEntries as layoutEntries, type Identity, type IdentityPeer } from "../../firmware/stack/identity-writer.ts";

export { IDENTITY_DOMAIN };

/** The Wi-Fi channel written for simulated devices (any legal channel: the simulator has none). */
export const SIMULATED_CHANNEL = 1;

/** Settings as the provisioning JSON object (snake_case names of `SETTINGS_JSON_NAMES`). */
export function settingsJson(settings: Settings): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [json, field] of Object.entries(SETTINGS_JSON_NAMES) as [string, keyof Settings][]) out[json] = settings[field];
  return out;
}

function peer(p: PeerIdentity): IdentityPeer {
  return { id: p.id, nodeId: p.nodeId, mac: p.address, name: p.name };
}

/**
 * The identity `bell provision` would give a device with this config; a receiver's duty list and
 * escalation settings (scenario `lte`) go with it, as the registry's `escalation` does.
 */
export function identityOf(config: CallerConfig | ReceiverConfig): Identity {
  const head = { id: config.self.id, name: config.self.name, nodeId: config.self.nodeId, channel: SIMULATED_CHANNEL, settings: settingsJson(config.settings) };
  if ("receiver" in config) return { role: "caller", ...head, key: config.key.slice(), receiver: peer(config.receiver) };
  return {
    role: "receiver",
    ...head,
    callers: config.callers.map((c) => ({ ...peer(c), key: c.key.slice(), ...(c.heartbeatMs === undefined ? {} : { heartbeatMs: c.heartbeatMs }) })),
    ...(config.escalation === undefined ? {} : { escalation: escalationSettingsJson(config.escalation) }),
  };
}

/** The `bell-id` entries of a caller or a receiver, in layout order. */
export function identityEntries(config: CallerConfig | ReceiverConfig): Map<string, StoreValue> {
  return new Map(layoutEntries(identityOf(config)));
}
