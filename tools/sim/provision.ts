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
 *
 * The receiver boots from flash, as on a board: its identity (with the scenario's `lte` duty list
 * and escalation settings, issue 14) is written into its own `bell-id` store by the firmware's
 * writer (`writeIdentity`, what `bell provision` does), and every start reads it back with the
 * firmware's reader (`bootReceiver`, as `firmware/moddable/boot.ts` does), so nothing reaches the
 * app around flash, and a test can re-provision it mid-run. Exceptions, which start from their
 * config: a receiver with a caller on MQTT (`mqtt:<id>` is no MAC, and an identity holds only
 * MACs), and one whose identity its board would refuse (settings a test changed after the
 * scenario's checks, to measure what those checks prevent).
 */
import type { ScenarioLte } from "./lte-scenario.ts";
import { KEY_BYTES, SETTINGS_DEFAULTS, checkConfig, type CallerConfig, type PeerIdentity, type ReceiverConfig } from "../../firmware/core/config.ts";
import type { DeviceApp, DeviceHal } from "../../firmware/hal/device.ts";
import type { Store } from "../../firmware/hal/store.ts";
import { IDENTITY_DOMAIN, readReceiverIdentity } from "../../firmware/stack/identity.ts";
import { writeIdentity } from "../../firmware/stack/identity-writer.ts";
import { identityOf } from "../xs/identity-entries.ts";
import { SimStore } from "./store.ts";
import { Random } from "./random.ts";
import type { ScenarioDevice } from "./scenario.ts";

/** A device with its identity and the config its app starts with. */
export type Provisioned =
  | { device: ScenarioDevice; identity: PeerIdentity; role: "caller"; config: CallerConfig }
  | {
      device: ScenarioDevice;
      identity: PeerIdentity;
      role: "receiver";
      /** What was provisioned; the app starts with what `identityStore` holds at each boot. */
      config: ReceiverConfig;
      /** The receiver's `bell-id` flash (kept across power cycles), or undefined when it has a caller on MQTT. */
      identityStore?: Store;
    };

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
    if (config.callers.some((c) => c.address.startsWith(MQTT_ADDRESS_PREFIX))) return { device, identity, role: "receiver", config };
    const identityStore = new SimStore();
    writeIdentity(identityStore, identityOf(config));
    // A config a board would refuse at boot (a test that changed settings after parseScenario, to
    // measure the harm a check prevents) runs from its config, as before.
    if (readReceiverIdentity(identityStore, identity.address).status !== "ok") return { device, identity, role: "receiver", config };
    return { device, identity, role: "receiver", config, identityStore };
  });
}

/**
 * Starts a simulated receiver as its board does (`firmware/moddable/boot.ts`): reads its identity
 * from its `bell-id` store with the firmware's reader and starts the app with it; an empty store
 * is reported as `unprovisioned` and a bad one as `provisioning_error` {key, reason}, and the
 * radio stays off. The modem's AT dialect is the board's (`config.modem`), not the identity's.
 * @param start the receiver app's starter (`AppStarters.receiver`).
 */
export function bootReceiver(p: Extract<Provisioned, { role: "receiver" }>, store: Store, hal: DeviceHal, start: (hal: DeviceHal, config: ReceiverConfig) => DeviceApp): DeviceApp {
  const read = readReceiverIdentity(store, p.identity.address);
  if (read.status === "ok") return start(hal, { ...read.config, ...(p.config.modem === undefined ? {} : { modem: p.config.modem }) });
  if (read.status === "unprovisioned") hal.events.emit("unprovisioned", { role: "receiver", address: p.identity.address, domain: IDENTITY_DOMAIN });
  else hal.events.emit("provisioning_error", { role: "receiver", address: p.identity.address, key: read.key, reason: read.reason });
  return { stop: () => undefined };
}
