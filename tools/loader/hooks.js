/**
 * Node module hooks that load the project's TypeScript (registered by tools/loader/register.js;
 * issue 15 §3, §4): each `.ts` file is compiled by esbuild once per content and kept in
 * build/ts-cache/ (key: the file's path, its text, the compiler settings and esbuild's version),
 * so a process reads compiled text from disk instead of loading tsx (measured in bench/README.md,
 * "Loader" and "Test time"). Resolution is Node's own: every import in this repo names its `.ts`
 * file. A file that esbuild cannot compile throws esbuild's error, naming the file and line.
 *
 * The cache is shared by every process at once (ava's workers, the `bell` children they start,
 * bench's children): a compiled file is written to a temporary of this process's own and renamed
 * into place, so a reader sees the whole file or none; an entry carries a check of its text, so one
 * a power cut left empty or torn is compiled again (`readKept`). When the cache cannot be written (a
 * read-only checkout, a full disk) the file is compiled in memory for this process and the cache
 * is not tried again; nothing is printed. `WB_TS_CACHE_DIR` puts the cache elsewhere.
 *
 * Plain JavaScript: it is what lets Node read TypeScript.
 */
import { createHash, randomBytes } from "node:crypto";
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
/**
 * Where compiled files are kept: `WB_TS_CACHE_DIR` (a relative path is taken from the working
 * folder of the process that reads it), else build/ts-cache/ (build/ is ignored by git).
 */
export const CACHE_DIR = path.resolve(process.env.WB_TS_CACHE_DIR || path.join(REPO, "build/ts-cache"));
const TS = /\.(ts|mts)$/;

/**
 * esbuild's settings, from tsconfig.json's compiler options that change the emitted code. No
 * `keepNames` (tsx sets it; it wraps every function and class in a `__name` call, which costs CPU
 * and heap): without minifying, esbuild keeps every declared name as written.
 */
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
/** False once the cache could not be written: later misses compile in memory only. */
let cacheWritable = true;

/**
 * What ends every cache entry: this marker, then the SHA-256 (hex) of the compiled text before it.
 * An entry is used only when its text hashes to it, so an entry a power cut left empty or torn
 * (a rename can reach the disk before the data it names: ext4's delayed allocation) is compiled
 * again instead of run (field finding 7, test/field/tonight/). The marker is a comment after the
 * inline source map, and is cut off before Node sees the text, so source maps are unchanged.
 */
const CHECK_MARK = "\n//# wb-loader-sha256=";

/** @param {string} text @returns {string} the SHA-256 of `text`, hex */
const sha256 = (text) => createHash("sha256").update(text).digest("hex");

/**
 * The compiled text of a cache entry, or undefined when the entry is missing, empty, torn or
 * otherwise not what `keep` wrote (its check does not match).
 * @param {string} cached
 * @returns {string | undefined}
 */
function readKept(cached) {
  let entry;
  try {
    entry = readFileSync(cached, "utf8");
  } catch {
    return undefined;
  }
  const at = entry.lastIndexOf(CHECK_MARK);
  if (at < 0) return undefined;
  const code = entry.slice(0, at);
  return entry.slice(at + CHECK_MARK.length) === sha256(code) ? code : undefined;
}

/**
 * Keeps `code` as `cached` (whole or not at all: written to a temporary, flushed to the disk,
 * then renamed; checked on reading by `readKept`); on failure stops writing to the cache.
 * @param {string} cached
 * @param {string} code
 */
function keep(cached, code) {
  const temporary = `${cached}.${process.pid}-${randomBytes(4).toString("hex")}.tmp`;
  try {
    mkdirSync(CACHE_DIR, { recursive: true });
    const fd = openSync(temporary, "w");
    try {
      writeSync(fd, code + CHECK_MARK + sha256(code));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, cached);
  } catch {
    cacheWritable = false;
    try {
      rmSync(temporary, { force: true });
    } catch {
      // The folder itself is out of reach: there is no temporary to remove.
    }
  }
}

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
  let code = readKept(cached);
  if (code === undefined) {
    esbuild ??= await import("esbuild");
    code = esbuild.transformSync(source, { ...TRANSFORM, sourcefile: file }).code;
    if (cacheWritable) keep(cached, code);
  }
  return { format: "module", source: code, shortCircuit: true };
}
