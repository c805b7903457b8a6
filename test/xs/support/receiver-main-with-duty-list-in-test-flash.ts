/**
 * A receiver device entry point for the XS engine's tests only: the real start-up
 * (`firmware/moddable/boot.ts`, the Moddable hal with its modem UART, `receiver/app.ts`), except
 * that the duty list and the modem vendor, which the identity layout does not carry yet, are read
 * from the Preference domain `bell-test` (keys `escalation`: the JSON text of
 * `escalationSettingsJson`, and `modem`) and merged into the identity it read. The engine puts
 * them there (`XsEngineOptions.extraDomains`). No console: it prints nothing to the event stream.
 */
import { parseEscalationSettings } from "../../../firmware/core/escalation/settings.ts";
import { boot } from "../../../firmware/moddable/boot.ts";
import { moddableSdk } from "../../../firmware/moddable/device-sdk.ts";
import { readReceiverIdentity } from "../../../firmware/stack/identity.ts";
import { startReceiver } from "../../../receiver/app.ts";
import { TEST_FLASH } from "./test-flash.ts";

const sdk = moddableSdk();
boot(sdk, {
  role: "receiver",
  readIdentity: (store, selfAddress) => {
    const read = readReceiverIdentity(store, selfAddress);
    const escalation = sdk.preference.get(TEST_FLASH.domain, TEST_FLASH.escalation);
    const modem = sdk.preference.get(TEST_FLASH.domain, TEST_FLASH.modem);
    if (read.status !== "ok" || typeof escalation !== "string") return read;
    return { ...read, config: { ...read.config, escalation: parseEscalationSettings(JSON.parse(escalation)), ...(modem === "simcom" || modem === "quectel" ? { modem } : {}) } };
  },
  peers: (config) => config.callers,
  start: (hal, config) => startReceiver(hal, config),
  outputsLowAtBoot: ["siren"],
});
