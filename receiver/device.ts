/**
 * The receiver's device start-up, shared by its two entry points (`main.ts`: no screen;
 * `main-screen.ts`: the boards of manifests/boards/screens/): drives the siren low at once, reads
 * the provisioned identity, starts Wi-Fi in station mode and the receiver app, whose radio is
 * ESP-NOW on the provisioned channel with every caller as a peer. Unprovisioned: says so, sends nothing.
 * A board whose manifest maps `modem_tx` and `modem_rx` gives the app the LTE modem's UART too
 * (hal `openModemSerial`, built by `firmware/moddable/hal.ts`), through which it escalates
 * unanswered alarms when its identity has a duty list (issue 14).
 * The console (`bell provision`, `bell monitor`; docs/console.md) runs either way.
 */
import { boot } from "../firmware/moddable/boot.ts";
import { startDeviceConsole } from "../firmware/moddable/console.ts";
import { moddableSdk } from "../firmware/moddable/device-sdk.ts";
import type { OpenScreen } from "../firmware/hal/screen.ts";
import { readReceiverIdentity } from "../firmware/stack/identity.ts";
import { startReceiver } from "./app.ts";

/**
 * Starts the receiver on the device.
 * @param openScreen the board's screen (`firmware/moddable/screen-sdk.ts`), given to the app as
 *   hal `openScreen`; undefined on a board without one.
 */
export function runReceiverDevice(openScreen?: OpenScreen): void {
  const sdk = moddableSdk();
  const app = boot(sdk, {
    role: "receiver",
    readIdentity: readReceiverIdentity,
    peers: (config) => config.callers,
    start: (hal, config) => startReceiver(openScreen === undefined ? hal : { ...hal, openScreen }, config),
    outputsLowAtBoot: ["siren"],
  });
  // The console answers whether provisioned or not (docs/console.md); it starts after boot, which
  // has already driven the outputs that must be off.
  startDeviceConsole({ sdk, role: "receiver", app: () => app, readBytes: native("xs_console_uart_read"), restart: () => System.restart() });
}
