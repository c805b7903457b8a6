/**
 * The device start-up shared by the caller and receiver entry points:
 *
 * 1. read the station MAC (no radio needed) and the provisioned identity (`identity.ts`);
 * 2. build the hal (`hal.ts`): outputs that must be off from the first instant (the siren) are
 *    driven low here, whatever the identity says;
 * 3. unprovisioned or invalid identity: report it (an `unprovisioned` or `provisioning_error`
 *    event plus a plain sentence for a person at the console) and stop. Wi-Fi is never started,
 *    so the device sends nothing;
 * 4. otherwise start Wi-Fi in station mode (no access point is joined) and the app. When the app
 *    opens its radio, ESP-NOW starts on the provisioned channel with the app's peers added, and a
 *    `radio_ready` event reports the address, channel and peer count.
 */
import type { CallerConfig, PeerIdentity, ReceiverConfig } from "../core/config.ts";
import type { DeviceApp, DeviceHal, OutputRole } from "../hal/device.ts";
import type { Radio, RadioHandlers } from "../hal/radio.ts";
import type { Store } from "../hal/store.ts";
import { createModdableHal } from "./hal.ts";
import type { DigestInstance } from "./hmac.ts";
import { IDENTITY_DOMAIN, type IdentityResult } from "../stack/identity.ts";
import type { ModdableSdk } from "./sdk.ts";
import { createPreferenceStore } from "./store.ts";
import { errorText } from "../core/error-text.ts";

/** The device id in event lines before an identity is known. */
export const UNPROVISIONED_DEVICE_ID = "unprovisioned";

/** What differs between the caller and the receiver at start-up. */
export interface BootPlan<C extends CallerConfig | ReceiverConfig> {
  role: "caller" | "receiver";
  /** Reads the identity from the `bell-id` domain (`readCallerIdentity` / `readReceiverIdentity`). */
  readIdentity(store: Store, selfAddress: string): IdentityResult<C>;
  /** The peers ESP-NOW must know before the app sends (caller: its receiver; receiver: its callers). */
  peers(config: C): readonly PeerIdentity[];
  /** Starts the app (`startCaller` / `startReceiver`). */
  start(hal: DeviceHal, config: C): DeviceApp;
  /** Outputs to drive low the moment the hal exists (receiver: `["siren"]`). */
  outputsLowAtBoot?: readonly OutputRole[];
}

/**
 * Boots a device.
 * @returns the running app, or undefined when the device is not (validly) provisioned.
 * @throws whatever the app's start throws, after reporting it as a `boot_error` event (on the
 *   device an uncaught error restarts the firmware).
 */
export function boot<C extends CallerConfig | ReceiverConfig, T extends object, D extends DigestInstance>(
  sdk: ModdableSdk<T, D>,
  plan: BootPlan<C>,
): DeviceApp | undefined {
  const selfAddress = sdk.stationAddress();
  const identity = plan.readIdentity(createPreferenceStore({ preference: sdk.preference, domain: IDENTITY_DOMAIN }), selfAddress);
  const deviceId = identity.status === "ok" ? identity.deviceId : (identity.status === "invalid" && identity.deviceId) || UNPROVISIONED_DEVICE_ID;

  let hal: DeviceHal;
  const openRadio = (handlers: RadioHandlers): Radio => {
    if (identity.status !== "ok") throw new Error(`${plan.role} is not provisioned: the radio stays off`);
    const peers = plan.peers(identity.config);
    const radio = sdk.openEspNow({ channel: identity.channel, onReceive: handlers.onReceive, onSent: handlers.onSent });
    try {
      for (const peer of peers) radio.addPeer(peer.address);
    } catch (err) {
      radio.close();
      throw err;
    }
    hal.events.emit("radio_ready", { radio: "espnow", address: radio.address, channel: identity.channel, peers: peers.length });
    return radio;
  };
  hal = createModdableHal({ sdk, deviceId, openRadio, outputsLowAtBoot: plan.outputsLowAtBoot });

  if (identity.status === "unprovisioned") {
    hal.events.emit("unprovisioned", { role: plan.role, address: selfAddress, domain: IDENTITY_DOMAIN });
    sdk.trace(
      `warning-bell ${plan.role} ${selfAddress}: not provisioned (Preference domain "${IDENTITY_DOMAIN}" is empty). ` +
        `The radio stays off. Provision this device with \`bell provision\` (docs/deploying.md).\n`,
    );
    return undefined;
  }
  if (identity.status === "invalid") {
    hal.events.emit("provisioning_error", { role: plan.role, address: selfAddress, key: identity.key, reason: identity.reason });
    sdk.trace(
      `warning-bell ${plan.role} ${selfAddress}: bad provisioning, Preference "${IDENTITY_DOMAIN}/${identity.key}": ${identity.reason}. ` +
        `The radio stays off. Provision this device again with \`bell provision\` (docs/deploying.md).\n`,
    );
    return undefined;
  }

  try {
    sdk.startStation();
    return plan.start(hal, identity.config);
  } catch (err) {
    hal.events.emit("boot_error", { role: plan.role, error: errorText(err) });
    throw err;
  }
}
