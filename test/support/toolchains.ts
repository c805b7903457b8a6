/**
 * Where the tests find the vendored real toolchains (`../shared/toolchains` from the repo root,
 * read-only: Moddable SDK 8.2.3, ESP-IDF v6.0 headers, newlib), and how they run
 * `tools/toolchain/check-device.sh` through make. Tests skip with a message when the folder is absent.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const TOOLCHAINS = path.resolve(REPO_ROOT, "../shared/toolchains");
export const HAVE_TOOLCHAINS = ["moddable-8.2.3", "esp-idf-v6.0", "newlib-esp32/include"].every((p) => existsSync(path.join(TOOLCHAINS, p)));
export const TOOLCHAINS_ABSENT = `the vendored toolchains were not found in ${TOOLCHAINS} (../shared/toolchains from the repo root): skipped`;
/** The real ESP-IDF v6.0 `esp_now.h` (vendored). */
export const ESP_NOW_H = path.join(TOOLCHAINS, "esp-idf-v6.0/components/esp_wifi/include/esp_now.h");

/** What one `make` run gave. */
export interface MakeResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `make --no-print-directory <args>` in the repo, asynchronously (a cold check-device builds
 * the Moddable tools for minutes; a synchronous spawn would starve ava's other tests).
 */
export function runMake(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<MakeResult> {
  return new Promise((resolve, reject) => {
    const child = spawn("make", ["--no-print-directory", ...args], { cwd: REPO_ROOT, env });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}
