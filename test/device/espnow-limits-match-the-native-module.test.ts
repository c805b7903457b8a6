import test from "ava";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ESPNOW_LIMITS } from "../../firmware/espnow/limits.ts";

// The TypeScript seam checks the same limits as espnow.c; read the C side's numbers from source
// so the two cannot drift apart (STYLE: "generate them or test them").
const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../firmware/espnow");
const decls = readFileSync(path.join(dir, "esp_now_decls.h"), "utf8");
const source = readFileSync(path.join(dir, "espnow.c"), "utf8");

function define(text: string, name: string): number {
  const match = new RegExp(`#define\\s+${name}\\s+(\\d+)`).exec(text);
  if (!match) throw new Error(`#define ${name} not found`);
  return Number(match[1]);
}

const rows: [keyof typeof ESPNOW_LIMITS, string, string][] = [
  ["maxPayloadBytes", decls, "ESP_NOW_MAX_DATA_LEN"],
  ["maxPeers", decls, "ESP_NOW_MAX_TOTAL_PEER_NUM"],
  ["keyBytes", decls, "ESP_NOW_KEY_LEN"],
  ["defaultMaxEncryptedPeers", source, "CONFIG_ESP_WIFI_ESPNOW_MAX_ENCRYPT_NUM"],
  ["minChannel", source, "kMinChannel"],
  ["maxChannel", source, "kMaxChannel"],
];
for (const [field, text, name] of rows) {
  test(`ESPNOW_LIMITS.${field} equals ${name} of the native module`, (t) => {
    t.is(ESPNOW_LIMITS[field] as number, define(text, name));
  });
}
