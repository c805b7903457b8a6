/**
 * Issue 16: docs/traces.md gave `--hold-ms` default 0 while `bell trace` uses 100 (the device
 * default). The options table must give the defaults the code uses.
 */
import { readFileSync } from "node:fs";
import test from "ava";
import { SETTINGS_DEFAULTS } from "../../firmware/core/config.ts";
import { BUTTON_DEFAULTS } from "../../firmware/core/press.ts";

const doc = readFileSync(new URL("../../docs/traces.md", import.meta.url), "utf8");

/** The default column of the options-table row for `flag`. */
function documentedDefault(flag: string): string {
  const row = doc.split("\n").find((l) => l.startsWith(`| \`${flag}`));
  if (!row) throw new Error(`no row for ${flag}`);
  return row.split("|").at(-2)!.trim();
}

const rows: Array<[string, number]> = [
  ["--hold-ms", SETTINGS_DEFAULTS.holdMs],
  ["--stuck-ms", BUTTON_DEFAULTS.stuckMs],
  ["--window-ms", SETTINGS_DEFAULTS.debounceMs],
];
for (const [flag, value] of rows) {
  test(`docs/traces.md gives ${flag} default ${value}, as the code does`, (t) => {
    // The first number in the default column ("100 (the device default)", "the device's, 30").
    t.is(Number(/\d+/.exec(documentedDefault(flag))?.[0]), value);
  });
}

test("docs/traces.md gives the device's debounce strategy as the --strategy default", (t) => {
  t.true(documentedDefault("--strategy").includes(`\`${SETTINGS_DEFAULTS.debounceStrategy}\``));
});
