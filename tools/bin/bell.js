#!/usr/bin/env node
// The `bell` command. Runs the TypeScript sources directly through the project's loader
// (tools/loader/: esbuild, compiled once per content into build/ts-cache/), so there is no build step.
import "../loader/register.js";

const { main } = await import("./cli.ts");
process.exitCode = await main(process.argv.slice(2));
