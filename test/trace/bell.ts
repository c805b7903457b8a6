/** Runs the real `bell` command in a child process (as a user would) and collects what it prints. */
import { execFile } from "node:child_process";
import path from "node:path";
import { REPO_ROOT } from "./captures.ts";

export interface BellResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function bell(args: readonly string[]): Promise<BellResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(REPO_ROOT, "tools/bin/bell.js"), ...args], { cwd: REPO_ROOT, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === "number" ? ((err as { code: number }).code) : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}
