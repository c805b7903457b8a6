/**
 * Bundles a device entry point (`firmware/caller/main.ts`, `receiver/main.ts`) for the XS engine:
 * one IIFE script for xsnap's `evaluate`, with the Moddable SDK modules replaced by the XS-side
 * stand-ins of `standins/` (which forward to the simulator on the host). Everything else — the
 * entry point, `firmware/moddable` (adapters, boot, identity), `firmware/espnow/espnow.ts`, the
 * apps, the stack and the core — is the real device code.
 *
 * esbuild settings: `platform: "neutral"` (no Node built-in resolves: importing one fails the
 * build), `format: "iife"`, `target: "es2022"` (XS 13.3 implements ES2023 and more, so nothing
 * is downlevelled but TypeScript itself; decorators are refused by the device rules anyway).
 * After the build the metafile is checked: no input may be a Node built-in or an npm package.
 *
 * The entry runs `installDeviceEnvironment` and defers the device entry point to the host's boot
 * command (esbuild turns the deferred `require` of a bundled module into a lazy initialiser).
 */
import { buildSync, type Message, type Metafile } from "esbuild";
import { builtinModules } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { JobError } from "../errors.ts";

/** The repository root (this file is tools/xs/bundle.ts). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** Device entry points by role, repo-relative. */
export const APP_ENTRIES = Object.freeze({
  caller: "firmware/caller/main.ts",
  receiver: "receiver/main.ts",
});

export type AppRole = keyof typeof APP_ENTRIES;

const STANDINS = path.join(REPO_ROOT, "tools/xs/standins");

/** Moddable module specifiers → stand-ins (the modules `firmware/moddable/device-sdk.ts` imports). */
export const MODDABLE_STANDINS: Readonly<Record<string, string>> = Object.freeze({
  timer: path.join(STANDINS, "timer.ts"),
  time: path.join(STANDINS, "time.ts"),
  preference: path.join(STANDINS, "preference.ts"),
  crypt: path.join(STANDINS, "crypt.ts"),
  hmac: path.join(STANDINS, "hmac.ts"),
  rng: path.join(STANDINS, "rng.ts"),
  wifi: path.join(STANDINS, "wifi.ts"),
  "mc/config": path.join(STANDINS, "mc-config.ts"),
  "embedded:io/digital": path.join(STANDINS, "digital.ts"),
});

/** A bundle and its size figures. */
export interface XsBundle {
  /** The device entry point, repo-relative. */
  entry: string;
  /** The script to evaluate in xsnap. */
  code: string;
  /** Bytes of `code` (UTF-8). */
  bytes: number;
  /** Bytes of the device code in it (entry, firmware/, receiver/): what the device's bundle holds. */
  firmwareBytes: number;
  /** Bytes of the XS engine's stand-ins in it (tools/xs/). */
  standinBytes: number;
  /** Bytes of the device code when minified (`minify: true` only). */
  minifiedFirmwareBytes?: number;
  /** Every input module, repo-relative, in build order. */
  inputs: string[];
}

/** Options of `bundleDeviceEntry`. */
export interface BundleOptions {
  /** The device entry point: a path, absolute or relative to the repo root. */
  entry: string;
  /** Also measure the minified size of the device code (a second build). Default false. */
  minify?: boolean;
}

/** esbuild (or the metafile check) refused the bundle. */
export class XsBundleError extends JobError {
  override get name() {
    return "XsBundleError";
  }
}

/**
 * Bundles `options.entry` with the stand-ins.
 * @throws XsBundleError E_XS_BUNDLE naming each esbuild error (file:line) or each Node built-in
 *   or npm package the device code pulled in.
 */
export function bundleDeviceEntry(options: BundleOptions): XsBundle {
  const entryPath = path.resolve(REPO_ROOT, options.entry);
  const entry = path.relative(REPO_ROOT, entryPath);
  const { code, metafile } = build(entryPath, false);
  checkInputs(entry, metafile);
  const output = Object.values(metafile.outputs)[0]!;
  let firmwareBytes = 0;
  let standinBytes = 0;
  for (const [input, info] of Object.entries(output.inputs)) {
    if (isStandin(input)) standinBytes += info.bytesInOutput;
    else if (input !== "<stdin>") firmwareBytes += info.bytesInOutput;
  }
  const bundle: XsBundle = {
    entry,
    code,
    bytes: Buffer.byteLength(code, "utf8"),
    firmwareBytes,
    standinBytes,
    inputs: Object.keys(metafile.inputs).filter((i) => i !== "<stdin>"),
  };
  if (options.minify) {
    const minified = Object.values(build(entryPath, true).metafile.outputs)[0]!;
    bundle.minifiedFirmwareBytes = Object.entries(minified.inputs)
      .filter(([input]) => !isStandin(input) && input !== "<stdin>")
      .reduce((sum, [, info]) => sum + info.bytesInOutput, 0);
  }
  return bundle;
}

/**
 * Rewrites XS stack lines of a bundle (`at f (#0:123)`: line 123 of the evaluated script) to
 * name the source module, from the `// path` comment esbuild writes before each module.
 */
export function sourceStack(code: string, stack: string): string {
  const starts: { line: number; file: string }[] = [];
  code.split("\n").forEach((text, i) => {
    const m = /^\s*\/\/ ((?:firmware|receiver|tools|test)\/\S+\.ts)$/.exec(text);
    if (m) starts.push({ line: i + 1, file: m[1]! });
  });
  return stack.replace(/\(#0:(\d+)\)/g, (whole, n: string) => {
    const line = Number(n);
    let file: string | undefined;
    for (const s of starts) {
      if (s.line > line) break;
      file = s.file;
    }
    return file ? `(${file}, bundle line ${line})` : whole;
  });
}

/** Bundles a role's device entry point (`APP_ENTRIES`). */
export function bundleApp(role: AppRole, options: { minify?: boolean } = {}): XsBundle {
  return bundleDeviceEntry({ entry: APP_ENTRIES[role], ...options });
}

function isStandin(input: string): boolean {
  return input.startsWith("tools/xs/");
}

function build(entryPath: string, minify: boolean): { code: string; metafile: Metafile } {
  const install = path.join(STANDINS, "install.ts");
  try {
    const result = buildSync({
      stdin: {
        contents: `import { installDeviceEnvironment } from ${JSON.stringify(install)};\ninstallDeviceEnvironment(() => require(${JSON.stringify(entryPath)}));\n`,
        resolveDir: REPO_ROOT,
        loader: "ts",
        sourcefile: "<stdin>",
      },
      absWorkingDir: REPO_ROOT,
      bundle: true,
      format: "iife",
      platform: "neutral",
      target: "es2022",
      minify,
      alias: { ...MODDABLE_STANDINS },
      legalComments: "none",
      charset: "utf8",
      write: false,
      metafile: true,
      logLevel: "silent",
    });
    return { code: result.outputFiles[0]!.text, metafile: result.metafile };
  } catch (err) {
    const errors = (err as { errors?: Message[] }).errors;
    if (!errors) throw err;
    throw new XsBundleError("E_XS_BUNDLE", `cannot bundle ${path.relative(REPO_ROOT, entryPath)} for XS:\n${errors.map(formatMessage).join("\n")}`);
  }
}

const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

function formatMessage(m: Message): string {
  const where = m.location ? `${m.location.file}:${m.location.line}:${m.location.column}: ` : "";
  const unresolved = /^Could not resolve "([^"]+)"/.exec(m.text)?.[1];
  let why = "";
  if (unresolved !== undefined && NODE_BUILTINS.has(unresolved)) why = " (a Node built-in: the device has none)";
  else if (unresolved !== undefined && !unresolved.startsWith(".") && !unresolved.startsWith("/")) {
    why = " (a Moddable module without an XS-engine stand-in? add one in tools/xs/standins/ and to MODDABLE_STANDINS)";
  }
  return `  ${where}${m.text}${why}`;
}

/** Refuses Node built-ins and npm packages among the inputs. */
function checkInputs(entry: string, metafile: Metafile): void {
  const bad: string[] = [];
  for (const input of Object.keys(metafile.inputs)) {
    if (NODE_BUILTINS.has(input) || input.startsWith("node:")) bad.push(`${input} (a Node built-in)`);
    else if (input.includes("node_modules/")) bad.push(`${input} (an npm package: the device has none)`);
  }
  if (bad.length) throw new XsBundleError("E_XS_BUNDLE", `the XS bundle of ${entry} pulls in what the device does not have:\n${bad.map((b) => `  ${b}`).join("\n")}`);
}
