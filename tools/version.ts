/** The version of warning-bell: package.json's `version` (its one definition). */
import { readFileSync } from "node:fs";

/** package.json's version, or "unknown" when it cannot be read. */
export function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version?: string }).version ?? "unknown";
  } catch {
    return "unknown";
  }
}
