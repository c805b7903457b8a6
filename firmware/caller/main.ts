/**
 * Caller firmware entry point (`manifests/caller.json`): boots the Moddable hal, reads the
 * provisioned identity, starts Wi-Fi in station mode and the caller app, whose radio is ESP-NOW
 * on the provisioned channel with the receiver as its one peer. Unprovisioned: says so, sends nothing.
 */
import { boot } from "../moddable/boot.ts";
import { moddableSdk } from "../moddable/device-sdk.ts";
import { readCallerIdentity } from "../moddable/identity.ts";
import { startCaller } from "./app.ts";

boot(moddableSdk(), {
  role: "caller",
  readIdentity: readCallerIdentity,
  peers: (config) => [config.receiver],
  start: startCaller,
});
