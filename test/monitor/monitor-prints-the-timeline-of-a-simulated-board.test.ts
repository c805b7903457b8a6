// `bell monitor` on a simulated board's console prints the same readable timeline as `bell sim`
// (place names from the post's registry), and passes the board's boot text through unchanged.
import test from "ava";
import path from "node:path";
import { addCaller, newRegistry, saveRegistry } from "../../tools/provision/registry.ts";
import { FixedPtyPair, hasSocat, NO_SOCAT_REASON, startBell, startConsoleSim, tempDir, waitUntil } from "../support/console-pty.ts";

const ptyTest = hasSocat ? test : test.skip;
if (!hasSocat) console.warn(NO_SOCAT_REASON);

const SCENARIO = {
  name: "a press at the clinic",
  seed: 2,
  duration_ms: 600_000,
  devices: [
    { id: "post", role: "receiver", name: "Công an xã Xuân Phổ" },
    { id: "clinic", role: "caller", name: "Trạm y tế" },
  ],
  inputs: [{ at_ms: 1500, device: "clinic", press_ms: 400 }],
};

ptyTest("the board's events appear as timeline lines, its boot text as it came", async (t) => {
  const { dir, cleanup } = tempDir("bell-monitor-");
  const pair = new FixedPtyPair(path.join(dir, "clinic"), path.join(dir, "clinic-host"));
  t.teardown(() => {
    pair.unplug();
    cleanup();
  });
  await pair.plug();
  const r = newRegistry({ postId: "xuan-pho", postName: "Công an xã Xuân Phổ", channel: 6 });
  addCaller(r, { id: "clinic", name: "Trạm y tế" });
  saveRegistry(path.join(dir, "xuan-pho.bell.json"), r);

  const monitor = startBell(["monitor", "--port", pair.host], dir);
  t.teardown(() => void monitor.interrupt());
  t.true(await waitUntil(() => monitor.stderr.includes("Watching the board on"), 60_000), monitor.stderr);
  const sim = await startConsoleSim(dir, SCENARIO, { clinic: pair.device }, false);
  t.teardown(() => sim.stop().catch(() => undefined));

  const delivered = () => /alarm delivered \(incident 1, \d+ ms after the press\)/.test(monitor.stdout);
  t.true(await waitUntil(delivered, 30_000), monitor.stdout);
  const run = await monitor.interrupt();
  t.is(run.code, 0, run.stderr);
  const lines = run.stdout.split("\n");
  t.true(lines.includes("rst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)  [simulated board]"), "boot text passes through");
  t.true(lines.some((l) => /^00:00:00\.000  Trạm y tế +app started \(caller\)/.test(l)), run.stdout);
  t.true(lines.some((l) => /^00:00:01\.\d{3}  Trạm y tế +button pressed: alarm triggered$/.test(l)), run.stdout);
  t.true(lines.some((l) => /^00:00:01\.\d{3}  Trạm y tế +alarm sent \(incident 1, attempt 1\)$/.test(l)), run.stdout);
  t.false(lines.some((l) => l.startsWith("{")), "no raw JSON in the timeline");
  t.false(lines.some((l) => l.includes("someone presses")), "the scenario's own hand is not on the board's console");
  await sim.stop();
});

ptyTest("with --json, stdout carries only the JSON event lines and the text goes to stderr", async (t) => {
  const { dir, cleanup } = tempDir("bell-monitor-");
  const pair = new FixedPtyPair(path.join(dir, "clinic"), path.join(dir, "clinic-host"));
  t.teardown(() => {
    pair.unplug();
    cleanup();
  });
  await pair.plug();
  const monitor = startBell(["monitor", "--json", "--port", pair.host], dir);
  t.teardown(() => void monitor.interrupt());
  t.true(await waitUntil(() => monitor.stderr.includes("Watching the board on"), 60_000), monitor.stderr);
  const sim = await startConsoleSim(dir, SCENARIO, { clinic: pair.device }, false);
  t.teardown(() => sim.stop().catch(() => undefined));
  t.true(await waitUntil(() => monitor.stdout.includes('"event":"alarm_tx"'), 30_000), monitor.stdout);
  const run = await monitor.interrupt();
  const lines = run.stdout.trim().split("\n");
  for (const line of lines) t.notThrows(() => JSON.parse(line), line);
  t.true(lines.some((l) => JSON.parse(l).event === "press" && JSON.parse(l).device === "clinic"));
  t.regex(run.stderr, /rst:0x1 \(POWERON_RESET\)/);
  await sim.stop();
});
