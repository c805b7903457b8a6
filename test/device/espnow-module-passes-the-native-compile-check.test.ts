import test from "ava";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

// gcc -fsyntax-only -Wall -Wextra -Werror against the XS headers shipped in @agoric/xsnap and the
// project's ESP-IDF declarations (firmware/espnow/esp_now_decls.h): calls, argument types and
// callback signatures of espnow.c are checked without ESP-IDF.
test("espnow.c compiles cleanly against the XS headers and the ESP-NOW declarations", (t) => {
  const result = spawnSync("make", ["--no-print-directory", "check-native"], { cwd: repoRoot, encoding: "utf8" });
  t.is(result.status, 0, result.stderr);
  t.regex(result.stdout, /gcc -fsyntax-only .*-Werror .*-DWB_HOST_CHECK .*xsnap\/moddable\/xs\/includes firmware\/espnow\/espnow\.c/);
  t.is(result.stderr.replace(/^warning-bell: installing.*\n/gm, ""), "");
});
