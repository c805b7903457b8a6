// Unplugged, `bell monitor` says "waiting for the board…" once, looks for the port with a
// bounded backoff, and goes on with the same timeline when the board is plugged back in at the
// same port; Ctrl-C then ends it with exit status 0.
import test from "ava";
import path from "node:path";
import { SerialPort } from "serialport";
import { FixedPtyPair, hasSocat, NO_SOCAT_REASON, startBell, tempDir, waitUntil } from "../support/console-pty.ts";

const ptyTest = hasSocat ? test : test.skip;
if (!hasSocat) console.warn(NO_SOCAT_REASON);

/** Opens the board's end and writes lines, as a board prints them. */
async function board(devicePath: string, lines: string[]): Promise<SerialPort> {
  const port = new SerialPort({ path: devicePath, baudRate: 115200, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
  await new Promise<void>((resolve) => port.write(lines.map((l) => l + "\n").join(""), () => port.drain(() => resolve())));
  return port;
}

ptyTest("the monitor waits for an unplugged board and goes on when it is back", async (t) => {
  const { dir, cleanup } = tempDir("bell-reconnect-");
  const pair = new FixedPtyPair(path.join(dir, "board"), path.join(dir, "board-host"));
  const opened: SerialPort[] = [];
  t.teardown(() => {
    for (const p of opened) if (p.isOpen) p.close();
    pair.unplug();
    cleanup();
  });
  await pair.plug();
  const monitor = startBell(["monitor", "--port", pair.host], dir);
  t.teardown(() => void monitor.interrupt());
  t.true(await waitUntil(() => monitor.stderr.includes("Watching the board on"), 60_000), monitor.stderr);

  opened.push(await board(pair.device, ["ets Jun  8 2016 00:22:57", '{"t":5,"device":"clinic","event":"press","incident":1}']));
  t.true(await waitUntil(() => monitor.stdout.includes("clinic  button pressed: alarm triggered"), 20_000), monitor.stdout);

  opened[0]!.close();
  await pair.unplugAndWait();
  t.true(await waitUntil(() => monitor.stderr.includes("Waiting for the board…"), 20_000), monitor.stderr);
  await new Promise((r) => setTimeout(r, 1500)); // several looks for the port, at 100, 200, 400, 800 ms

  await pair.plug();
  t.true(await waitUntil(() => monitor.stderr.includes("The board is back on"), 20_000), monitor.stderr);
  opened.push(await board(pair.device, ['{"t":70,"device":"clinic","event":"link_ok"}']));
  t.true(await waitUntil(() => monitor.stdout.includes("clinic  link to the post restored"), 20_000), monitor.stdout);

  const run = await monitor.interrupt();
  t.is(run.code, 0, run.stderr);
  t.is(run.stderr.split("Waiting for the board…").length - 1, 1, "said once");
  t.regex(run.stdout, /^ets Jun {2}8 2016 00:22:57$/m);
  t.regex(run.stdout, /^00:00:00\.005  clinic  button pressed: alarm triggered$/m);
  t.regex(run.stdout, /^00:00:00\.070  clinic  link to the post restored$/m);
});
