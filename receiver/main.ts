/**
 * Receiver firmware entry point (`manifests/receiver.json`): drives the siren low at once, reads
 * the provisioned identity, starts Wi-Fi in station mode and the receiver app, whose radio is
 * ESP-NOW on the provisioned channel with every caller as a peer. Unprovisioned: says so, sends nothing.
 */
import { boot } from "../firmware/moddable/boot.ts";
import { moddableSdk } from "../firmware/moddable/device-sdk.ts";
import { readReceiverIdentity } from "../firmware/moddable/identity.ts";
import { startReceiver } from "./app.ts";

boot(moddableSdk(), {
  role: "receiver",
  readIdentity: readReceiverIdentity,
  peers: (config) => config.callers,
  start: startReceiver,
  outputsLowAtBoot: ["siren"],
});
