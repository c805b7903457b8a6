/**
 * Module hooks that load the project's TypeScript in test workers (registered by
 * test/support/ts-loader.js; issue 15 §4): each `.ts` file is compiled by esbuild once per content
 * and kept in build/ts-cache/ (key: the file's path, its text, the compiler settings and esbuild's
 * version), so a worker reads compiled text from disk instead of loading tsx (measured in
 * bench/README.md, "Test time"). Resolution is Node's own: every import in this repo names its
 * `.ts` file. A file that esbuild cannot compile throws esbuild's error, naming the file and line.
 *
 * Plain JavaScript: it is what lets the workers read TypeScript.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const CACHE_DIR = path.join(REPO, "build/ts-cache");
const TS = /\.(ts|mts)$/;

/** esbuild's settings, from tsconfig.json's compiler options that change the emitted code. */
const TRANSFORM = {
  loader: "ts",
  format: "esm",
  target: "node20",
  sourcemap: "inline",
  tsconfigRaw: { compilerOptions: { target: "ES2022", verbatimModuleSyntax: false, useDefineForClassFields: true } },
};

/** esbuild's version: a new esbuild may compile the same text differently. */
const ESBUILD_VERSION = JSON.parse(readFileSync(path.join(REPO, "node_modules/esbuild/package.json"), "utf8")).version;

/** @type {typeof import("esbuild") | undefined} loaded at the first cache miss only */
let esbuild;

/**
 * Node's `load` hook: `.ts` files under file: URLs become ES modules compiled by esbuild.
 * @param {string} url
 * @param {{ format?: string }} context
 * @param {(url: string, context?: object) => Promise<object>} next
 */
export async function load(url, context, next) {
  if (!url.startsWith("file:")) return next(url, context);
  const file = fileURLToPath(url);
  if (!TS.test(file)) return next(url, context);
  const source = readFileSync(file, "utf8");
  const key = createHash("sha256").update(ESBUILD_VERSION).update(JSON.stringify(TRANSFORM)).update("\0").update(file).update("\0").update(source).digest("hex");
  const cached = path.join(CACHE_DIR, `${key.slice(0, 40)}.js`);
  let code;
  try {
    code = readFileSync(cached, "utf8");
  } catch {
    esbuild ??= await import("esbuild");
    code = esbuild.transformSync(source, { ...TRANSFORM, sourcefile: file }).code;
    mkdirSync(CACHE_DIR, { recursive: true });
    const temporary = `${cached}.${process.pid}.tmp`;
    writeFileSync(temporary, code);
    renameSync(temporary, cached);
  }
  return { format: "module", source: code, shortCircuit: true };
}
