// `make check-device` puts both roles and every pin map through the real Moddable SDK 8.2.3 tools
// (mcconfig, xsc, xsid, xsl, mcrez) and compiles every C file of the project with the generated
// makefile's rule against the real ESP-IDF v6.0 headers (tools/toolchain/check-device.sh).
import test from "ava";
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { HAVE_TOOLCHAINS, REPO_ROOT, TOOLCHAINS_ABSENT, runMake } from "../support/toolchains.ts";

interface Report {
  moddable: string;
  xs: string;
  espIdf: string;
  builds: { role: string; pins: string; mainXsbBytes: number; modules: number; allXsbBytes: number; nativesBound: number; projectNatives: string[]; modemUart: boolean }[];
}

if (!HAVE_TOOLCHAINS) test.skip(`make check-device: ${TOOLCHAINS_ABSENT}`, () => {});
else {
  test.serial("make check-device passes for both roles and every pin map, every native the firmware names bound to our C", async (t) => {
    t.timeout(10 * 60_000, "a cold run builds the Moddable host tools");
    const run = await runMake(["check-device"]);
    t.is(run.status, 0, run.stdout + run.stderr);
    t.regex(run.stderr, /check-device: passed/);
    const report = JSON.parse(readFileSync(path.join(REPO_ROOT, "build/check-device/report.json"), "utf8")) as Report;
    t.deepEqual([report.moddable, report.xs, report.espIdf], ["8.2.3", "17.9.1", "v6.0"]);
    const pinMaps = readdirSync(path.join(REPO_ROOT, "manifests/boards")).filter((f) => f.endsWith(".json")).map((f) => f.slice(0, -5));
    const expected = ["caller", "receiver"].flatMap((role) => pinMaps.map((pins) => `${role}/${pins}`));
    t.deepEqual(report.builds.map((b) => `${b.role}/${b.pins}`).sort(), expected.sort());
    // Every native("xs_…")/Native("xs_…") the device TypeScript names, as the bundles carry them.
    const named = new Set(execFileSync("grep", ["-rhoE", String.raw`[nN]ative\("xs_[A-Za-z0-9_]+"\)`, "firmware", "receiver"], { cwd: REPO_ROOT, encoding: "utf8" })
      .trim().split("\n").map((line) => /xs_[A-Za-z0-9_]+/.exec(line)![0]));
    t.true(named.size >= 12, `the ESP-NOW and console natives are found in the source (${[...named]})`);
    for (const b of report.builds) {
      t.true(b.mainXsbBytes > 0 && b.allXsbBytes > b.mainXsbBytes, `${b.role}: bytecode of the app and of the image`);
      t.deepEqual(b.projectNatives.filter((n) => !named.has(n)), [], `${b.role}: our C binds only what the firmware names`);
      t.true(b.nativesBound > b.projectNatives.length, `${b.role}: Moddable's natives are bound too`);
      if (b.role === "receiver") t.true(b.modemUart, `receiver/${b.pins}: the image opens device.io.Serial and binds Moddable's ESP32 serial natives (the LTE modem UART)`);
    }
    // Each role's image carries the natives of the code it holds: the caller and the receiver both use ESP-NOW and the console.
    for (const name of named) t.true(report.builds.every((b) => b.projectNatives.includes(name)), `${name} is bound in every image`);
  });
}
