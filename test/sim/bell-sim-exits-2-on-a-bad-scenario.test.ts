import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import test from "ava";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const run = promisify(execFile);

/** Runs `bell ARGS`; resolves to {code, stdout, stderr} whatever the exit status. */
async function bell(...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [path.join(repoRoot, "tools/bin/bell.js"), ...args], { cwd: repoRoot, maxBuffer: 1 << 26 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

test("a scenario with a bad field exits 2 and names the file and the JSON path", async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), "bell-sim-"));
  const file = path.join(dir, "bad.json");
  writeFileSync(file, JSON.stringify({ duration_ms: 1000, devices: [{ id: "post", role: "receiver" }, { id: "c", role: "sender" }] }));
  const r = await bell("sim", file);
  t.is(r.code, 2);
  t.is(r.stdout, "");
  t.is(r.stderr.trim(), `bell: ${file}: devices[1].role: must be "caller" or "receiver", got "sender" (E_SCENARIO)`);
});

test("a bad --seed exits 2", async (t) => {
  const r = await bell("sim", "--seed", "-3");
  t.is(r.code, 2);
  t.regex(r.stderr, /--seed must be an integer/);
});

test("--json prints one JSON object per line, the summary last, and exits 0", async (t) => {
  const r = await bell("sim", "--json", "--until-ms", "20000", path.join(repoRoot, "test/fixtures/scenarios/bouncy-press.json"));
  t.is(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split("\n").map((l) => JSON.parse(l) as { t: number; event: string; device?: string });
  t.true(lines.length > 2);
  t.like(lines.at(-1), { event: "summary", t: 20_000 });
  t.true(lines.slice(0, -1).every((e) => typeof e.device === "string" && Number.isInteger(e.t)));
  t.true(lines.every((e, i) => i === 0 || e.t >= lines[i - 1]!.t), "in time order");
});
