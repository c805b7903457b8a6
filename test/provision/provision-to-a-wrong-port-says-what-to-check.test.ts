// `bell provision device` aimed at the wrong port never writes anything and tells a person what to
// check: a port that does not exist (exit 2, with the ports there are and a command to copy), a
// port where nothing answers (exit 1, "did not answer", what to check), a port where something
// else talks (exit 1, and it shows what that something printed).
import test from "ava";
import path from "node:path";
import { SerialPort } from "serialport";
import { addCaller, newRegistry, saveRegistry } from "../../tools/provision/registry.ts";
import { FixedPtyPair, hasSocat, NO_SOCAT_REASON, runBell, tempDir } from "../support/console-pty.ts";

const ptyTest = hasSocat ? test : test.skip;
if (!hasSocat) console.warn(NO_SOCAT_REASON);

function registryIn(dir: string): string {
  const r = newRegistry({ postId: "xuan-pho", postName: "Công an xã Xuân Phổ", channel: 6 });
  addCaller(r, { id: "clinic", name: "Trạm y tế" });
  const file = path.join(dir, "xuan-pho.bell.json");
  saveRegistry(file, r);
  return file;
}

test("a port that does not exist: exit 2, the example command names bell provision", async (t) => {
  const { dir, cleanup } = tempDir("bell-wrong-port-");
  t.teardown(cleanup);
  registryIn(dir);
  const run = await runBell(["provision", "device", "clinic", "--port", path.join(dir, "ttyUSB9")], dir, 60_000);
  t.is(run.code, 2, run.stderr);
  t.regex(run.stderr, /ttyUSB9 does not exist\. Is the board plugged in\?/);
  t.regex(run.stderr, /E_FLASH_PORT_MISSING/);
  t.notRegex(run.stderr, /bell flash/);
  t.is(run.stdout, "");
});

ptyTest("a port where nothing answers: exit 1, nothing written, what to check", async (t) => {
  const { dir, cleanup } = tempDir("bell-wrong-port-");
  const pair = new FixedPtyPair(path.join(dir, "dev"), path.join(dir, "host"));
  t.teardown(() => {
    pair.unplug();
    cleanup();
  });
  await pair.plug();
  registryIn(dir);
  const run = await runBell(["provision", "device", "clinic", "--port", pair.host], dir, 60_000);
  t.is(run.code, 1, run.stderr);
  t.regex(run.stderr, /the board on .*host did not answer "info" \(4 tries over 6 s\)\. Nothing was written\. \(E_PROVISION_NO_ANSWER\)/);
  t.regex(run.stderr, /The port stayed silent/);
  t.regex(run.stderr, /make flash-caller/);
  t.regex(run.stderr, /instrumented build/);
});

ptyTest("a port where another device talks: exit 1, and the lines it printed are shown", async (t) => {
  const { dir, cleanup } = tempDir("bell-wrong-port-");
  const pair = new FixedPtyPair(path.join(dir, "dev"), path.join(dir, "host"));
  await pair.plug();
  const other = new SerialPort({ path: pair.device, baudRate: 115200 });
  const chatter = setInterval(() => other.write("$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M\r\n"), 300);
  t.teardown(() => {
    clearInterval(chatter);
    if (other.isOpen) other.close();
    pair.unplug();
    cleanup();
  });
  registryIn(dir);
  const run = await runBell(["provision", "device", "clinic", "--port", pair.host], dir, 60_000);
  t.is(run.code, 1, run.stderr);
  t.regex(run.stderr, /did not answer "info"/);
  t.regex(run.stderr, /which are not warning-bell replies:\n\s+\| \$GPGGA,123519/);
});
