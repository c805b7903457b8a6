/**
 * Provisioning for the simulator (simulation only — real keys come from `bell provision`):
 * node ids, radio addresses and keys for every device of a scenario.
 *
 * - node id: 1 + the device's index in `devices` (readable in event streams);
 * - address: a locally administered unicast MAC `02:00:00:00:hh:ll` built from the node id
 *   (IEEE 802: bit 1 of the first octet set = local, bit 0 clear = unicast); for a caller with
 *   `"transport": "mqtt"`, `mqtt:<device id>` (`mqttAddress`), and that caller knows the
 *   receiver by the receiver's MQTT address (the receiver's router sends `mqtt:…` to the broker);
 * - key: 16 bytes from the stream `key:<device id>` of the scenario seed, so a device's key
 *   does not change when another device is added.
 */
import type { ScenarioLte } from "./lte-scenario.ts";
import { KEY_BYTES, SETTINGS_DEFAULTS, checkConfig, type CallerConfig, type PeerIdentity, type ReceiverConfig } from "../../firmware/core/config.ts";
import { Random } from "./random.ts";
import type { ScenarioDevice } from "./scenario.ts";

/** A device with its identity and the config its app starts with. */
export type Provisioned =
  | { device: ScenarioDevice; identity: PeerIdentity; role: "caller"; config: CallerConfig }
  | { device: ScenarioDevice; identity: PeerIdentity; role: "receiver"; config: ReceiverConfig };

/** The simulated MAC address of node `nodeId` (1 … 65535). */
export function simAddress(nodeId: number): string {
  const hex = (n: number) => n.toString(16).padStart(2, "0");
  return `02:00:00:00:${hex((nodeId >>> 8) & 0xff)}:${hex(nodeId & 0xff)}`;
}

/** The MQTT radio address of a device: `mqtt:<device id>` (routed by `RadioRouter` prefix `MQTT_ADDRESS_PREFIX`). */
export function mqttAddress(deviceId: string): string {
  return MQTT_ADDRESS_PREFIX + deviceId;
}

/** What starts every MQTT radio address. */
export const MQTT_ADDRESS_PREFIX = "mqtt:";

/**
 * Provisions every device.
 * @param devices exactly one receiver and 1…20 callers (as `parseScenario` guarantees).
 * @param seed the run's seed (u32).
 * @param lte the scenario's `lte`: its receiver's config gets the duty list and the modem vendor.
 * @returns one entry per device, in the order given.
 * @throws ConfigError from `checkConfig` if the result is inconsistent (a programmer error).
 */
export function provision(devices: readonly ScenarioDevice[], seed: number, lte?: Pick<ScenarioLte, "device" | "vendor" | "escalation">): Provisioned[] {
  const identities = devices.map((d, i): PeerIdentity => ({ id: d.id, nodeId: i + 1, address: d.transport === "mqtt" ? mqttAddress(d.id) : simAddress(i + 1), name: d.name }));
  const keys = devices.map((d) => (d.role === "caller" ? new Random(seed, `key:${d.id}`).bytes(KEY_BYTES) : undefined));
  const r = devices.findIndex((d) => d.role === "receiver");
  if (r < 0) throw new RangeError("provision: no receiver");
  const receiver = identities[r]!;
  return devices.map((device, i): Provisioned => {
    const identity = identities[i]!;
    if (device.role === "caller") {
      const receiverSeen = device.transport === "mqtt" ? { ...receiver, address: mqttAddress(receiver.id) } : receiver;
      const config: CallerConfig = { self: identity, key: keys[i]!, receiver: receiverSeen, settings: device.settings };
      checkConfig(config);
      return { device, identity, role: "caller", config };
    }
    const config: ReceiverConfig = {
      self: identity,
      // A caller's heartbeat period goes with it when not the default, as `bell provision` sends it
      // (`c<i>.hb`): the receiver checks its offline_after_ms against it at boot.
      callers: devices.flatMap((d, k) =>
        d.role === "caller" ? [{ ...identities[k]!, key: keys[k]!, ...(d.settings.heartbeatMs === SETTINGS_DEFAULTS.heartbeatMs ? {} : { heartbeatMs: d.settings.heartbeatMs }) }] : [],
      ),
      settings: device.settings,
      // the duty list goes into the receiver's config, as `bell provision init --escalation` puts it in the registry
      ...(lte !== undefined && lte.device === device.id ? { escalation: lte.escalation, modem: lte.vendor } : {}),
    };
    checkConfig(config);
    return { device, identity, role: "receiver", config };
  });
}
