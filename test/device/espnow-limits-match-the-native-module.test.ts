import test from "ava";
import { readFileSync } from "node:fs";
import path from "node:path";
import { ESPNOW_LIMITS } from "../../firmware/espnow/limits.ts";
import { ESP_NOW_H, HAVE_TOOLCHAINS, REPO_ROOT, TOOLCHAINS, TOOLCHAINS_ABSENT } from "../support/toolchains.ts";

// The TypeScript seam checks the same limits as espnow.c and ESP-IDF; read the C side's numbers
// from source — espnow.c, and the real ESP-IDF v6.0 esp_now.h and the vendored ESP32
// sdkconfig.h that espnow.c is compiled against — so they cannot drift apart (STYLE: "generate
// them or test them").
const source = readFileSync(path.join(REPO_ROOT, "firmware/espnow/espnow.c"), "utf8");

/** The value of `#define name …` in text, following a define that names another define. */
function define(text: string, name: string): number {
  const match = new RegExp(`#define\\s+${name}\\s+(\\w+)`).exec(text);
  if (!match) throw new Error(`#define ${name} not found`);
  return /^\d+$/.test(match[1]) ? Number(match[1]) : define(text, match[1]);
}

type Where = "espnow.c" | "esp_now.h" | "sdkconfig.h";
const files: Record<Where, () => string> = {
  "espnow.c": () => source,
  "esp_now.h": () => readFileSync(ESP_NOW_H, "utf8"),
  "sdkconfig.h": () => readFileSync(path.join(TOOLCHAINS, "esp-idf-v6.0/config/sdkconfig.h"), "utf8"),
};
const rows: [keyof typeof ESPNOW_LIMITS, string, Where][] = [
  ["maxPayloadBytes", "ESP_NOW_MAX_DATA_LEN", "esp_now.h"],
  ["maxPeers", "ESP_NOW_MAX_TOTAL_PEER_NUM", "esp_now.h"],
  ["keyBytes", "ESP_NOW_KEY_LEN", "esp_now.h"],
  ["defaultMaxEncryptedPeers", "CONFIG_ESP_WIFI_ESPNOW_MAX_ENCRYPT_NUM", "espnow.c"],
  ["defaultMaxEncryptedPeers", "CONFIG_ESP_WIFI_ESPNOW_MAX_ENCRYPT_NUM", "sdkconfig.h"],
  ["minChannel", "kMinChannel", "espnow.c"],
  ["maxChannel", "kMaxChannel", "espnow.c"],
];
for (const [field, name, where] of rows) {
  const title = `ESPNOW_LIMITS.${field} equals ${name} of ${where}`;
  if (where !== "espnow.c" && !HAVE_TOOLCHAINS) test.skip(`${title}: ${TOOLCHAINS_ABSENT}`, () => {});
  else test(title, (t) => t.is(ESPNOW_LIMITS[field] as number, define(files[where](), name)));
}
