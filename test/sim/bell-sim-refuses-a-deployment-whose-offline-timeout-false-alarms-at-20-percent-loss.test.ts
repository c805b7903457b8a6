/**
 * Issue 10 point 4: the settings are checked as a deployment. 2 s heartbeats with a 4.001 s offline
 * timeout passed the old per-device rule (offline_after_ms > 2 × heartbeat_ms) and gave hundreds
 * of false `caller_offline` in two hours at 20 % loss. `bell sim` must refuse such a deployment
 * (exit 2, `E_DEPLOYMENT`), naming the post's and the caller's fields and the smallest valid
 * value, and that value must indeed run quiet.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import test from "ava";
import { parseScenario } from "../../tools/sim/scenario.ts";
import { runScenario } from "../../tools/sim/run.ts";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const run = promisify(execFile);
const TWO_HOURS_MS = 7_200_000;
const CALLERS = ["clinic", "shop", "cafe", "bank"];

async function bell(...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [path.join(repoRoot, "tools/bin/bell.js"), ...args], { cwd: repoRoot, maxBuffer: 1 << 26 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/**
 * A post and four callers at 20 % loss both ways, nobody pressing anything, for two hours. The
 * post is given the callers' `heartbeat_ms` too, as the old per-device rule made installers do.
 */
function deploymentJson(heartbeatMs: number, offlineAfterMs: number) {
  return {
    name: "supervision settings at 20 % loss",
    seed: 10,
    duration_ms: TWO_HOURS_MS,
    radio: { loss: 0.2 },
    devices: [
      { id: "post", role: "receiver", config: { heartbeat_ms: heartbeatMs, offline_after_ms: offlineAfterMs } },
      ...CALLERS.map((id) => ({ id, role: "caller", config: { heartbeat_ms: heartbeatMs } })),
    ],
    inputs: [],
  };
}

/** False offlines in a run: every caller is powered all along, so each `caller_offline` is false. */
function falseOfflines(scenario: ReturnType<typeof parseScenario>): number {
  let n = 0;
  runScenario(scenario, { onEvent: (e) => void (e.event === "caller_offline" && n++) });
  return n;
}

test("2 s heartbeats with a 4.001 s offline timeout (accepted today) really false-alarm at 20 % loss", (t) => {
  // Load a deployment the check accepts, then give it the old rule's settings, as a device would
  // run them: this measures the harm the check is there to prevent.
  const scenario = parseScenario(deploymentJson(30_000, 120_000));
  for (const d of scenario.devices) {
    if (d.role === "caller") d.settings = { ...d.settings, heartbeatMs: 2000 };
    else d.settings = { ...d.settings, offlineAfterMs: 4001 };
  }
  t.true(falseOfflines(scenario) > 10, "every caller is powered all along, yet the post reports them offline");
});

test("bell sim refuses that deployment: exit 2, E_DEPLOYMENT, both fields named with the smallest valid value", async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), "bell-sim-deployment-"));
  const file = path.join(dir, "short-offline.json");
  writeFileSync(file, JSON.stringify(deploymentJson(2000, 4001)));
  const r = await bell("sim", file);
  t.is(r.code, 2, r.stderr);
  t.is(r.stdout, "");
  t.regex(r.stderr, /offline_after_ms of post "post" \(4001\) is too short for heartbeat_ms of caller "clinic" \(2000\): at least \d+/);
  t.regex(r.stderr, /\(E_DEPLOYMENT\)\s*$/);
});

test("the smallest value the refusal names is accepted and runs two hours at 20 % loss without a false offline; one less is refused", (t) => {
  const refusal = t.throws(() => parseScenario(deploymentJson(2000, 4001)));
  const smallest = Number(/at least (\d+)/.exec(refusal?.message ?? "")?.[1]);
  t.true(Number.isInteger(smallest) && smallest > 4001, refusal?.message);
  t.throws(() => parseScenario(deploymentJson(2000, smallest - 1)), { message: /is too short for heartbeat_ms/ });
  t.is(falseOfflines(parseScenario(deploymentJson(2000, smallest))), 0);
});

test("a setting that does nothing on a device is not demanded there: 2 min heartbeats need no offline_after_ms on the caller", (t) => {
  // The caller never uses offline_after_ms and the post never uses heartbeat_ms; the old rule
  // refused this caller because its own (unused) offline_after_ms, 120 s, was under 2 × 2 min.
  const json = {
    name: "long heartbeats",
    seed: 1,
    duration_ms: 60_000,
    devices: [
      { id: "post", role: "receiver", config: { offline_after_ms: 600_000 } },
      { id: "clinic", role: "caller", config: { heartbeat_ms: 120_000 } },
    ],
    inputs: [],
  };
  const scenario = parseScenario(json);
  t.is(scenario.devices.find((d) => d.id === "clinic")?.settings.heartbeatMs, 120_000);
});
