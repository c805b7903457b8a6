// The native check compiles against the real ESP-IDF v6.0 headers (../shared/toolchains): these
// edits of espnow.c must fail it, as they would fail the xtensa build.
import test from "ava";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { HAVE_TOOLCHAINS, REPO_ROOT, TOOLCHAINS_ABSENT, runMake } from "../support/toolchains.ts";

const espnowDir = path.join(REPO_ROOT, "firmware/espnow");

/** Runs the native check with a copy of espnow.c edited by `edit` in place of espnow.c. */
async function checkEdited(edit: (source: string) => string) {
  const dir = mkdtempSync(path.join(tmpdir(), "wb-native-"));
  try {
    const source = readFileSync(path.join(espnowDir, "espnow.c"), "utf8");
    const edited = edit(source);
    writeFileSync(path.join(dir, "espnow.c"), edited);
    const result = await runMake(["check-native", `ESPNOW_C=${path.join(dir, "espnow.c")}`]);
    return { result, changed: edited !== source };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (!HAVE_TOOLCHAINS) test.skip(`native check of edited espnow.c: ${TOOLCHAINS_ABSENT}`, () => {});

// ESP-IDF before v5.5 passed the peer MAC to the send callback; v5.5 and later (v6.0, which
// Moddable 8.2 requires) pass `const esp_now_send_info_t *`. The check must catch the old form.
(HAVE_TOOLCHAINS ? test : test.skip)("the check fails when the send callback has the pre-5.5 signature (const uint8_t *mac_addr)", async (t) => {
  t.timeout(10 * 60_000, "a cold run builds the Moddable host tools");
  const { result, changed } = await checkEdited((s) =>
    s.replace("static void espnowSent(const esp_now_send_info_t *tx_info, esp_now_send_status_t status)", "static void espnowSent(const uint8_t *tx_info, esp_now_send_status_t status)"),
  );
  t.true(changed, "the edit applied");
  t.not(result.status, 0);
  t.regex(result.stderr, /esp_now_register_send_cb.*incompatible pointer type|incompatible pointer type.*esp_now_register_send_cb/s);
});

(HAVE_TOOLCHAINS ? test : test.skip)("the check fails when an ESP-IDF call gets a wrong argument type", async (t) => {
  t.timeout(10 * 60_000, "a cold run builds the Moddable host tools");
  const { result, changed } = await checkEdited((s) => s.replace("err = esp_wifi_set_ps(WIFI_PS_NONE);", "err = esp_wifi_set_ps(&mode);"));
  t.true(changed, "the edit applied");
  t.not(result.status, 0);
  t.regex(result.stderr, /esp_wifi_set_ps/);
});
