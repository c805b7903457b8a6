/**
 * Caller firmware entry point (`manifests/caller.json`): boots the Moddable hal, reads the
 * provisioned identity, starts Wi-Fi in station mode and the caller app, whose radio is ESP-NOW
 * on the provisioned channel with the receiver as its one peer. Unprovisioned: says so, sends nothing.
 * The console (`bell provision`, `bell monitor`; docs/console.md) runs either way.
 */
import { boot } from "../moddable/boot.ts";
import { startDeviceConsole } from "../moddable/console.ts";
import { moddableSdk } from "../moddable/device-sdk.ts";
import { readCallerIdentity } from "../stack/identity.ts";
import { startCaller } from "./app.ts";

const sdk = moddableSdk();
const app = boot(sdk, {
  role: "caller",
  readIdentity: readCallerIdentity,
  peers: (config) => [config.receiver],
  start: startCaller,
});
// The console answers whether provisioned or not (docs/console.md); it starts after boot, which
// has already driven the outputs that must be off.
startDeviceConsole({ sdk, role: "caller", app: () => app, readBytes: native("xs_console_uart_read"), restart: () => System.restart() });
