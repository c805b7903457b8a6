// A port that another program holds is refused at once with what to do (exit 1,
// E_CONSOLE_PORT_BUSY), not a stack trace and not a silent wait.
import test from "ava";
import path from "node:path";
import { SerialPort } from "serialport";
import { FixedPtyPair, hasSocat, NO_SOCAT_REASON, runBell, tempDir } from "../support/console-pty.ts";

const ptyTest = hasSocat ? test : test.skip;
if (!hasSocat) console.warn(NO_SOCAT_REASON);

ptyTest("bell monitor on a port another program holds: exit 1 and who to ask", async (t) => {
  const { dir, cleanup } = tempDir("bell-busy-");
  const pair = new FixedPtyPair(path.join(dir, "board"), path.join(dir, "board-host"));
  await pair.plug();
  const holder = new SerialPort({ path: pair.host, baudRate: 115200, autoOpen: false });
  t.teardown(() => {
    if (holder.isOpen) holder.close();
    pair.unplug();
    cleanup();
  });
  await new Promise<void>((resolve, reject) => holder.open((err) => (err ? reject(err) : resolve())));
  const run = await runBell(["monitor", "--port", pair.host], dir, 60_000);
  t.is(run.code, 1, run.stderr);
  t.regex(run.stderr, /board-host is in use by another program\. \(E_CONSOLE_PORT_BUSY\)/);
  t.regex(run.stderr, /Only one program at a time can use a board's console/);
  t.regex(run.stderr, /sudo fuser -v .*board-host/);
  t.notRegex(run.stderr, /\n\s+at /, "no stack trace");
});
