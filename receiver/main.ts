/**
 * Receiver firmware entry point (`manifests/receiver.json`): drives the siren low at once, reads
 * the provisioned identity, starts Wi-Fi in station mode and the receiver app, whose radio is
 * ESP-NOW on the provisioned channel with every caller as a peer. Unprovisioned: says so, sends nothing.
 * The console (`bell provision`, `bell monitor`; docs/console.md) runs either way.
 */
import { boot } from "../firmware/moddable/boot.ts";
import { startDeviceConsole } from "../firmware/moddable/console.ts";
import { moddableSdk } from "../firmware/moddable/device-sdk.ts";
import { readReceiverIdentity } from "../firmware/stack/identity.ts";
import { startReceiver } from "./app.ts";

const sdk = moddableSdk();
const app = boot(sdk, {
  role: "receiver",
  readIdentity: readReceiverIdentity,
  peers: (config) => config.callers,
  start: startReceiver,
  outputsLowAtBoot: ["siren"],
});
// The console answers whether provisioned or not (docs/console.md); it starts after boot, which
// has already driven the outputs that must be off.
startDeviceConsole({ sdk, role: "receiver", app: () => app, readBytes: native("xs_console_uart_read"), restart: () => System.restart() });
