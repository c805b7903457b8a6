/**
 * The provisioned identity of a simulated device as Preference entries of the `bell-id` domain,
 * laid out as `firmware/moddable/identity.ts` reads them (`IDENTITY_KEYS`, `callerKey`;
 * docs/deploying.md §Provisioning). The XS engine puts them in the device's Preference stand-in,
 * so the real device start-up (`firmware/moddable/boot.ts`) reads its identity as on an ESP32 and
 * gives the app the same config the Node engine passes directly.
 */
import { SETTINGS_JSON_NAMES, type CallerConfig, type ReceiverConfig, type Settings } from "../../firmware/core/config.ts";
import type { StoreValue } from "../../firmware/hal/store.ts";
import { IDENTITY_DOMAIN, IDENTITY_KEYS, callerKey } from "../../firmware/moddable/identity.ts";

export { IDENTITY_DOMAIN };

/** The Wi-Fi channel written for simulated devices (any of 1…13: the simulator has no channels). */
export const SIMULATED_CHANNEL = 1;

/** Settings as the provisioning JSON (snake_case, `SETTINGS_JSON_NAMES`). */
export function settingsJson(settings: Settings): string {
  const out: Record<string, string | number> = {};
  for (const [json, field] of Object.entries(SETTINGS_JSON_NAMES) as [string, keyof Settings][]) out[json] = settings[field];
  return JSON.stringify(out);
}

/** Node ids are u32, stored as i32 (Preference integers are signed 32-bit). */
function i32(nodeId: number): number {
  return nodeId | 0;
}

/** The `bell-id` entries of a caller or a receiver, in the order `bell provision` writes them. */
export function identityEntries(config: CallerConfig | ReceiverConfig): Map<string, StoreValue> {
  const k = IDENTITY_KEYS;
  const entries = new Map<string, StoreValue>();
  const isCaller = "receiver" in config;
  entries.set(k.role, isCaller ? "caller" : "receiver");
  entries.set(k.id, config.self.id);
  entries.set(k.name, config.self.name);
  entries.set(k.node, i32(config.self.nodeId));
  entries.set(k.channel, SIMULATED_CHANNEL);
  entries.set(k.settings, settingsJson(config.settings));
  if (isCaller) {
    entries.set(k.key, config.key.slice());
    entries.set(k.receiverId, config.receiver.id);
    entries.set(k.receiverNode, i32(config.receiver.nodeId));
    entries.set(k.receiverMac, config.receiver.address);
    entries.set(k.receiverName, config.receiver.name);
    return entries;
  }
  entries.set(k.callers, config.callers.length);
  config.callers.forEach((c, i) => {
    entries.set(callerKey(i, "id"), c.id);
    entries.set(callerKey(i, "node"), i32(c.nodeId));
    entries.set(callerKey(i, "mac"), c.address);
    entries.set(callerKey(i, "name"), c.name);
    entries.set(callerKey(i, "key"), c.key.slice());
  });
  return entries;
}
