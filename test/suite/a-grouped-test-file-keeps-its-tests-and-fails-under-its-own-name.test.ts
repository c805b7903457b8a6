/**
 * Claim: test files that share one ava worker (`make test`'s groups, test/support/short-file-groups.ts)
 * run every test they declare — serial ones too — and each test's title names its own file, so a
 * failure says which file and which test failed, and two files may use the same title (ava alone
 * would refuse the second). Runs ava on a group entry written by the code `make test` uses, over
 * two fixture files (test/fixtures/grouping/), one of which fails on purpose, under the suite's
 * TypeScript loader (tools/loader/register.js).
 */
import test from "ava";
import { spawn } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { entrySource } from "../support/short-file-groups.ts";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const MEMBERS = ["test/fixtures/grouping/first-member.ts", "test/fixtures/grouping/second-member.ts"];

/** Runs ava (TAP) with `config` on `file`; resolves with its exit code and output, or rejects after `timeoutMs`. */
function ava(config: string, file: string, timeoutMs: number): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(repoRoot, "node_modules/ava/entrypoints/cli.mjs"), "--tap", "--config", config, file], { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr.on("data", (c: Buffer) => (out += c.toString()));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`ava did not finish within ${timeoutMs} ms:\n${out}`));
    }, timeoutMs);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

test("a group runs each member's tests under the member's name, failures included", async (t) => {
  const dir = path.join("build", `grouping-check-${process.pid}`);
  mkdirSync(path.join(repoRoot, dir), { recursive: true });
  try {
    const entry = path.join(dir, "01.test.js");
    writeFileSync(path.join(repoRoot, entry), entrySource(repoRoot, entry, MEMBERS));
    const config = path.join(repoRoot, dir, "ava.config.mjs");
    // The inner run once reported no test at all ("1..0") at load 22, beside four `bell`s compiling
    // a cold cache: most likely ava's default 10 s of inactivity (its TAP reporter then lists no
    // pending test). 50 s, within the 60 s given below.
    const settings = { files: [entry], extensions: { js: true, ts: "module" }, nodeArguments: [`--import=${path.join(repoRoot, "tools/loader/register.js")}`], workerThreads: false, timeout: "50s" };
    writeFileSync(config, `export default ${JSON.stringify(settings)};\n`);
    const { code, out } = await ava(config, entry, 60_000);
    const results = [...out.matchAll(/^(ok|not ok) \d+ - (.*)$/gm)].map((m) => `${m[1]} ${m[2]}`).sort();
    t.deepEqual(results, [
      "not ok test/fixtures/grouping/second-member.ts › fails on purpose",
      "ok test/fixtures/grouping/first-member.ts › a serial test",
      "ok test/fixtures/grouping/first-member.ts › the same title",
      "ok test/fixtures/grouping/second-member.ts › the same title",
    ], out);
    t.is(code, 1, out);
  } finally {
    rmSync(path.join(repoRoot, dir), { recursive: true, force: true });
  }
});
