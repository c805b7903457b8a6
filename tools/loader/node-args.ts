/**
 * How a child Node process is told to load the project's TypeScript: bench's section children
 * (bench/run.ts) and scale's speed-run children (bench/scale.ts) start `node` with these arguments
 * before their `.ts` entry, so they load it as `bell`, `make bench` and ava's workers do
 * (tools/loader/README.md). `WB_LOADER=tsx` in the parent's environment reaches the child too.
 */

/**
 * `--import` of tools/loader/register.js, by file URL, so that it holds from any working folder.
 * Spread before the entry file: `spawn(process.execPath, [...LOADER_NODE_ARGS, entry, ...args])`.
 */
export const LOADER_NODE_ARGS: readonly string[] = ["--import", new URL("./register.js", import.meta.url).href];
