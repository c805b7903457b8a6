import test from "ava";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { BoardPins, PIN_ROLES } from "../../firmware/moddable/board.ts";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const json = (file: string) => JSON.parse(readFileSync(path.join(repoRoot, file), "utf8"));

for (const role of ["caller", "receiver"]) {
  test(`manifests/${role}.json takes main from the Makefile's bundle and includes the shared manifest`, (t) => {
    const manifest = json(`manifests/${role}.json`);
    t.is(manifest.build.NAME, role);
    t.deepEqual(manifest.include, ["./shared.json"]);
    t.is(path.resolve(repoRoot, "manifests", manifest.modules.main), path.join(repoRoot, "build/device", role, "main.js"));
    const makefile = readFileSync(path.join(repoRoot, "Makefile"), "utf8");
    t.regex(makefile, /^DEVICE_OUT \?= build\/device$/m);
    t.regex(makefile, new RegExp(`--outfile=\\$\\(DEVICE_OUT\\)/\\$\\(1\\)/main\\.js`));
  });
}

test("the shared manifest maps hmac and rng and includes the ESP-NOW module and the board's pins", (t) => {
  const shared = json("manifests/shared.json");
  t.is(shared.modules.hmac, "$(MODDABLE)/modules/crypt/etc/hmac");
  t.is(shared.modules.rng, "$(MODDABLE)/modules/crypt/etc/rng");
  t.true(shared.include.includes("../firmware/espnow/manifest.json"));
  t.true(shared.include.includes("./boards/$(WB_BOARD_PINS).json"));
  t.true(shared.include.includes("$(MODDABLE)/modules/network/wifi/manifest.json"));
  t.true(shared.include.includes("$(MODDABLE)/modules/io/manifest.json"));
});

// The header puts esp_wifi/include/local on the include path (the complete wifi_pkt_rx_ctrl_t
// that espnow.c reads the RSSI from); make check-device proves the build needs it.
test("the ESP-NOW manifest compiles only espnow.c on esp32, with esp_wifi's local types, and depends on esp_wifi", (t) => {
  const manifest = json("firmware/espnow/manifest.json");
  t.deepEqual(manifest.platforms.esp32.modules, { "*": ["./espnow.c", "$(IDF_PATH)/components/esp_wifi/include/local/esp_wifi_types_native"] });
  t.deepEqual(manifest.platforms.esp32.dependency, [{ idf: "esp_wifi" }]);
  t.truthy(manifest.platforms["..."].error);
});

test("the devkit board maps every pin role to a distinct GPIO, avoiding strapping and input-only pins for inputs", (t) => {
  const config = json("manifests/boards/devkit.json").config;
  const pins = new BoardPins({ configPins: config.pins, board: config.board });
  for (const role of PIN_ROLES) t.true(pins.has(role), role);
  const strapping = [0, 2, 5, 12, 15];
  const inputOnly = [34, 35, 36, 37, 38, 39];
  for (const role of ["button", "acknowledge", "reset", "next"] as const) {
    t.false(strapping.includes(pins.pin(role)), `${role} is not a strapping pin`);
    t.false(inputOnly.includes(pins.pin(role)), `${role} has an internal pull-up`);
  }
  for (const role of ["siren", "led", "buzzer"] as const) t.false(inputOnly.includes(pins.pin(role)), `${role} can drive`);
});
