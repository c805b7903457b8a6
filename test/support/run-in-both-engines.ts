/**
 * Runs one TypeScript script under Node and inside Moddable's XS engine (@agoric/xsnap) and
 * returns what each produced, so a test can assert the core behaves the same in both
 * (STYLE rule 17). The script imports the code under test and ends by setting
 * `globalThis.result` to a JSON string.
 *
 * xsnap's Node API needs SES (`@endo/init` locks down this process): use it only from a test
 * file of its own (ava runs each file in its own process here).
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** The part of @agoric/xsnap's API used here (the package ships no typings). */
interface XsnapApi {
  xsnap(options: Record<string, unknown>): Promise<{
    evaluate(code: string): Promise<unknown>;
    issueStringCommand(message: string): Promise<{ reply: string }>;
    close(): Promise<unknown>;
  }>;
}

/**
 * Bundles `script` (imports resolved from the repo root) with esbuild as an IIFE for ES2022,
 * runs the same bundle in Node and in an XS worker named `name`, and parses each `result`.
 * @throws whatever the script throws in either engine (XS errors come back as rejections).
 */
/** A parsed `result`, as `JSON.parse` returns it. */
type Parsed = ReturnType<typeof JSON.parse>;

export async function runInNodeAndXs(script: string, name: string): Promise<{ inNode: Parsed; inXs: Parsed }> {
  const built = await build({
    stdin: { contents: script, resolveDir: repoRoot, loader: "ts", sourcefile: `${name}.ts` },
    bundle: true,
    format: "iife",
    target: "es2022",
    write: false,
    logLevel: "silent",
  });
  const code = built.outputFiles[0]!.text;

  const sandbox: { result?: string } = {};
  new Function("globalThis", code)(sandbox);
  const inNode: Parsed = JSON.parse(sandbox.result!);

  await import("@endo/init");
  const xsnapModule: string = "@agoric/xsnap"; // untyped package: typed here by what we use
  const { xsnap } = (await import(xsnapModule)) as XsnapApi;
  const worker = await xsnap({ spawn, os: os.type(), fs: { ...fs, ...fs.promises, tmpName: undefined }, name, stdout: "inherit", stderr: "inherit" });
  try {
    await worker.evaluate(`${code}; function handleCommand() { return new TextEncoder().encode(globalThis.result).buffer; }`);
    const inXs: Parsed = JSON.parse((await worker.issueStringCommand("run")).reply);
    return { inNode, inXs };
  } finally {
    await worker.close();
  }
}
