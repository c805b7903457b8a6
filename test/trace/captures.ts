/**
 * Where the tests find things: the repo's own fixtures, and the real logic-analyzer captures in
 * `../shared/data/traces` (relative to the repo root; tests skip with a message when absent).
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const FIXTURES = path.join(REPO_ROOT, "test/fixtures/traces");
export const CAPTURES = path.resolve(REPO_ROOT, "../shared/data/traces");

/** The path of a real capture, or undefined when the shared folder (or the file) is absent. */
export function capture(name: string): string | undefined {
  const file = path.join(CAPTURES, name);
  return existsSync(file) ? file : undefined;
}

export const ABSENT = `real captures not found in ${CAPTURES} (../shared/data/traces from the repo root): skipped`;
