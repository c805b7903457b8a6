import test from "ava";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const espnowDir = path.join(repoRoot, "firmware/espnow");

/** Runs the native check on a copy of espnow.c edited by `edit`. */
function checkEdited(edit: (source: string) => string) {
  const dir = mkdtempSync(path.join(tmpdir(), "wb-native-"));
  try {
    copyFileSync(path.join(espnowDir, "esp_now_decls.h"), path.join(dir, "esp_now_decls.h"));
    const source = readFileSync(path.join(espnowDir, "espnow.c"), "utf8");
    const edited = edit(source);
    writeFileSync(path.join(dir, "espnow.c"), edited);
    const env = { ...process.env };
    delete env.MODDABLE; // only the xsnap headers: the same check as in CI
    const result = spawnSync("make", ["--no-print-directory", "check-native", `ESPNOW_C=${path.join(dir, "espnow.c")}`], {
      cwd: repoRoot,
      env,
      encoding: "utf8",
    });
    return { result, changed: edited !== source };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ESP-IDF before v5.5 passed the peer MAC to the send callback; v5.5 and later (v6.0, which
// Moddable 8.2 requires) pass `const esp_now_send_info_t *`. The check must catch the old form.
test("the check fails when the send callback has the pre-5.5 signature (const uint8_t *mac_addr)", (t) => {
  const { result, changed } = checkEdited((s) =>
    s.replace("static void espnowSent(const esp_now_send_info_t *tx_info, esp_now_send_status_t status)", "static void espnowSent(const uint8_t *tx_info, esp_now_send_status_t status)"),
  );
  t.true(changed, "the edit applied");
  t.not(result.status, 0);
  t.regex(result.stderr, /esp_now_register_send_cb.*incompatible pointer type|incompatible pointer type.*esp_now_register_send_cb/s);
});

test("the check fails when an ESP-IDF call gets a wrong argument type", (t) => {
  const { result, changed } = checkEdited((s) => s.replace("err = esp_wifi_set_ps(WIFI_PS_NONE);", "err = esp_wifi_set_ps(&mode);"));
  t.true(changed, "the edit applied");
  t.not(result.status, 0);
  t.regex(result.stderr, /esp_wifi_set_ps/);
});
