/**
 * The XS engine options that run a scenario whose receiver has a duty list while the identity
 * layout cannot carry it yet (`identityGaps` of `tools/xs/engine.ts` names the gap): the receiver
 * is built from `receiver-main-with-duty-list-in-test-flash.ts`, which reads the duty list and
 * the modem vendor from the `bell-test` Preference domain the engine fills. For a scenario with
 * no gap: no options, so the real entry points run (and the bridge falls away by itself once the
 * identity carries the duty list).
 */
import { escalationSettingsJson } from "../../../firmware/core/escalation/settings.ts";
import type { StoreValue } from "../../../firmware/hal/store.ts";
import type { Scenario } from "../../../tools/sim/scenario.ts";
import { bundleDeviceEntry, type XsBundle } from "../../../tools/xs/bundle.ts";
import { identityGaps, type XsEngineOptions } from "../../../tools/xs/engine.ts";
import { TEST_FLASH } from "./test-flash.ts";

/** The bridging receiver entry point, repo-relative. */
export const BRIDGE_RECEIVER_ENTRY = "test/xs/support/receiver-main-with-duty-list-in-test-flash.ts";

let bridgeBundle: XsBundle | undefined;

/** The bridging receiver's bundle (built once per process). */
export function bridgeReceiverBundle(): XsBundle {
  bridgeBundle ??= bundleDeviceEntry({ entry: BRIDGE_RECEIVER_ENTRY });
  return bridgeBundle;
}

/** The bridge's engine options (receiver bundle, `bell-test` domain, no identity check). */
export function bridgeOptions(bundles: NonNullable<XsEngineOptions["bundles"]>): XsEngineOptions {
  return {
    bundles: { ...bundles, receiver: bridgeReceiverBundle() },
    checkIdentity: false,
    extraDomains: (config) =>
      "callers" in config && config.escalation !== undefined
        ? new Map([[TEST_FLASH.domain, new Map<string, StoreValue>([[TEST_FLASH.escalation, JSON.stringify(escalationSettingsJson(config.escalation))], [TEST_FLASH.modem, config.modem ?? "simcom"]])]])
        : new Map(),
  };
}

/** `bridgeOptions` when `scenario` needs the bridge (its configs do not survive the identity layout), else `{bundles}`. */
export function xsOptionsFor(scenario: Scenario, bundles: NonNullable<XsEngineOptions["bundles"]>, seed?: number): XsEngineOptions {
  return identityGaps(scenario, seed).length > 0 ? bridgeOptions(bundles) : { bundles };
}
