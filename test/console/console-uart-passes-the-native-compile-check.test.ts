// The console's native reader (firmware/moddable/console-uart.c) compiles cleanly (-Wall -Wextra
// -Werror) against the XS headers, as `make check-native` checks the ESP-NOW module.
import test from "ava";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "../support/console-pty.ts";

const includes = path.join(repoRoot, "node_modules/@agoric/xsnap/moddable/xs/includes");
const hasGcc = spawnSync("gcc", ["--version"], { stdio: "ignore" }).status === 0;
const can = hasGcc && existsSync(path.join(includes, "xsmc.h"));
if (!can) console.warn("gcc or the XS headers (@agoric/xsnap) are missing: the native compile check of console-uart.c is skipped");

(can ? test : test.skip)("console-uart.c compiles against xsmc.h with warnings as errors", (t) => {
  const run = spawnSync(
    "gcc",
    ["-fsyntax-only", "-std=gnu11", "-Wall", "-Wextra", "-Werror", "-include", "stddef.h", "-DWB_HOST_CHECK", `-I${includes}`, path.join(repoRoot, "firmware/moddable/console-uart.c")],
    { encoding: "utf8" },
  );
  t.is(run.status, 0, run.stderr);
});
