/**
 * Claim: `bell sim FILE --json --engine xs` prints on stdout exactly the lines `--engine node`
 * prints (exit 0 both), and reports the XS engine's figures — bundle sizes, heap per device,
 * speed — on stderr only; an unknown engine is bad usage (exit 2).
 */
import test from "ava";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { REPO_ROOT } from "../../tools/xs/bundle.ts";

const BELL = path.join(REPO_ROOT, "tools/bin/bell.js");
const SCENARIO = "test/fixtures/scenarios/receiver-reboot-mid-incident.json";

function bell(...args: string[]) {
  return spawnSync(process.execPath, [BELL, "sim", ...args], { cwd: REPO_ROOT, encoding: "utf8", timeout: 120_000 });
}

test("stdout is the same under both engines; the XS report is on stderr", (t) => {
  const node = bell(SCENARIO, "--json", "--engine", "node");
  const xs = bell(SCENARIO, "--json", "--engine", "xs");
  t.is(node.status, 0, node.stderr);
  t.is(xs.status, 0, xs.stderr);
  t.true(node.stdout.split("\n").length > 10);
  t.is(xs.stdout, node.stdout);
  t.is(node.stderr, "");
  t.regex(xs.stderr, /^XS engine \(xsnap 0\.15\.0, XS 13\.3\.0\):$/m);
  t.regex(xs.stderr, /bundle caller \(firmware\/caller\/main\.ts\): device code [\d.]+ KiB/);
  t.regex(xs.stderr, /receiver post: 2 boots, heap after boot \d+ slots/);
  t.regex(xs.stderr, /speed: 120 s simulated in [\d.]+ s wall/);
});

test("an unknown engine is bad usage", (t) => {
  const r = bell(SCENARIO, "--engine", "v8");
  t.is(r.status, 2);
  t.regex(r.stderr, /--engine.*'v8' is invalid\. Allowed choices are node, xs/);
});
