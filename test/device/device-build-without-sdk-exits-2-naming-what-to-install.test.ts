import test from "ava";
import { spawnSync } from "node:child_process";
import { accessSync, constants } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** PATH without any directory that holds an `mcconfig`, so the check cannot find one. */
function pathWithoutMcconfig(): string {
  return (process.env.PATH ?? "")
    .split(path.delimiter)
    .filter((dir) => {
      try {
        accessSync(path.join(dir, "mcconfig"), constants.X_OK);
        return false;
      } catch {
        return true;
      }
    })
    .join(path.delimiter);
}

function makeWithoutSdk(target: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: pathWithoutMcconfig() };
  delete env.MODDABLE;
  delete env.IDF_PATH;
  delete env.MAKEFLAGS;
  delete env.MAKELEVEL;
  return spawnSync("make", ["--no-print-directory", target], { cwd: repoRoot, env, encoding: "utf8" });
}

for (const target of ["build-caller", "build-receiver", "flash-caller", "flash-receiver"]) {
  test(`make ${target} without MODDABLE and IDF_PATH exits 2 and says what to install`, (t) => {
    const result = makeWithoutSdk(target);
    t.is(result.status, 2);
    t.regex(result.stderr, new RegExp(`warning-bell: make ${target} needs the Moddable SDK and ESP-IDF v6\\.0`));
    t.regex(result.stderr, /MODDABLE is not set/);
    t.regex(result.stderr, /IDF_PATH is not set/);
    t.regex(result.stderr, /mcconfig is not on PATH/);
    t.regex(result.stderr, /Moddable%20SDK%20-%20Getting%20Started\.md/);
    t.regex(result.stderr, /esp-idf\/en\/v6\.0\//);
    // The hint names the directory bell flash --build reads (ESP-IDF's, with flasher_args.json).
    if (target.startsWith("flash")) t.regex(result.stderr, new RegExp(`bell flash --build build/moddable/tmp/esp32/nodemcu/instrument/${target.slice("flash-".length)}/xsProj-esp32/build\n`));
    else t.notRegex(result.stderr, /bell flash/);
    t.notRegex(result.stdout, /esbuild|mcconfig -m/, "nothing is built before the check");
  });
}
