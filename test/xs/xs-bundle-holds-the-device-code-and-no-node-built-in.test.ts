/**
 * Claim: the XS bundle of each app is the real device code — its entry point, the Moddable
 * adapters and boot, the ESP-NOW class, the app and the core — with only the Moddable SDK
 * modules replaced by the engine's stand-ins; it pulls in no Node built-in and no npm package,
 * and device code that imports a Node built-in is refused at bundling with the module's name.
 */
import test from "ava";
import { builtinModules } from "node:module";
import { APP_ENTRIES, bundleApp, bundleDeviceEntry, XsBundleError, type AppRole } from "../../tools/xs/bundle.ts";

const REAL_DEVICE_CODE: Record<AppRole, string[]> = {
  caller: ["firmware/caller/main.ts", "firmware/caller/app.ts"],
  receiver: ["receiver/main.ts", "receiver/app.ts"],
};
const SHARED_DEVICE_CODE = [
  "firmware/moddable/boot.ts",
  "firmware/moddable/device-sdk.ts",
  "firmware/moddable/hal.ts",
  "firmware/stack/identity.ts",
  "firmware/espnow/espnow.ts",
  "firmware/stack/radio-stack.ts",
  "firmware/core/channel.ts",
  "firmware/core/link/link.ts",
];
const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

for (const role of Object.keys(APP_ENTRIES) as AppRole[]) {
  test(`${role}: real device code in, Node out`, (t) => {
    const bundle = bundleApp(role);
    for (const file of [...REAL_DEVICE_CODE[role], ...SHARED_DEVICE_CODE]) t.true(bundle.inputs.includes(file), `${file} is not in the bundle`);
    for (const input of bundle.inputs) {
      t.false(builtins.has(input) || input.startsWith("node:"), `Node built-in ${input}`);
      t.false(input.includes("node_modules/"), `npm package ${input}`);
      t.regex(input, /^(firmware|receiver)\/|^tools\/xs\/(standins\/|protocol\.ts$)/, `unexpected input ${input}`);
    }
    // The Moddable SDK modules come from the stand-ins; nothing else of the engine's is in the bundle.
    t.true(bundle.inputs.includes("tools/xs/standins/timer.ts"));
    t.false(bundle.inputs.some((i) => /^tools\/xs\/(engine|worker|device-host|bundle)\.ts$/.test(i)));
    t.is(bundle.bytes, Buffer.byteLength(bundle.code));
    t.true(bundle.firmwareBytes > 0 && bundle.firmwareBytes + bundle.standinBytes < bundle.bytes + 1);
  });
}

test("device code that imports a Node built-in is refused, naming it", (t) => {
  const err = t.throws(() => bundleDeviceEntry({ entry: "test/fixtures/xs/caller-imports-node-fs.ts" }), { instanceOf: XsBundleError });
  t.is(err?.id, "E_XS_BUNDLE");
  t.regex(err?.message ?? "", /node:fs/);
  t.regex(err?.message ?? "", /caller-imports-node-fs\.ts/);
});
