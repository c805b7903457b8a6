import test from "ava";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { HEARTBEAT_DEFAULTS } from "../../firmware/core/supervision/heartbeat.ts";
import { LINK_DEFAULTS } from "../../firmware/core/link/link.ts";
import { LINK_MONITOR_DEFAULTS, linkFaultBoundMs } from "../../firmware/core/supervision/link-monitor.ts";
import { LIVENESS_DEFAULTS } from "../../firmware/core/supervision/liveness.ts";
import { SETTINGS_DEFAULTS } from "../../firmware/core/config.ts";
import { leaves, readmeRows } from "../link/support/readme-defaults.ts";

const README = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../firmware/core/supervision/README.md");

test("the supervision README's defaults table lists every default, with the value in the code", (t) => {
  const rows = readmeRows(README);
  const actual = new Map([
    ...leaves("HEARTBEAT_DEFAULTS", HEARTBEAT_DEFAULTS),
    ...leaves("LIVENESS_DEFAULTS", LIVENESS_DEFAULTS),
    ...leaves("LINK_MONITOR_DEFAULTS", LINK_MONITOR_DEFAULTS),
  ]);
  t.deepEqual([...rows.keys()].sort(), [...actual.keys()].sort(), "same constants");
  for (const [name, value] of actual) t.is(rows.get(name), String(value), name);
});

test("the device settings default to the same heartbeat period and offline timeout", (t) => {
  t.is(SETTINGS_DEFAULTS.heartbeatMs, HEARTBEAT_DEFAULTS.periodMs);
  t.is(SETTINGS_DEFAULTS.offlineAfterMs, LIVENESS_DEFAULTS.timeoutMs);
});

test("the README's link-fault bound table is what linkFaultBoundMs computes", (t) => {
  const text = readFileSync(README, "utf8");
  const periods = /\| heartbeat period \|(.*)\|\n\|[-| ]+\|\n\| link fault within \(s\) \|(.*)\|/.exec(text);
  t.truthy(periods, "the table is there");
  const ps = periods![1]!.split("|").map((c) => Number(c.trim().replace(" s", "")) * 1000);
  const bounds = periods![2]!.split("|").map((c) => Number(c.trim()));
  t.is(ps.length, bounds.length);
  t.deepEqual(bounds, ps.map((p) => linkFaultBoundMs(p, HEARTBEAT_DEFAULTS.jitter, LINK_DEFAULTS.heartbeat) / 1000));
});
