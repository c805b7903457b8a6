/**
 * Issue 16: `bell monitor` with no board exited at once, though its help says it waits for the
 * board. It now says why once, waits, and Ctrl-C ends it with exit 0.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import test from "ava";
import { BellChild } from "../support/bell-child.ts";

test("bell monitor --port <not there yet> says so once, waits, and stops on Ctrl-C with exit 0", async (t) => {
  const port = path.join(mkdtempSync(path.join(tmpdir(), "bell-monitor-")), "ttyUSB9");
  const bell = new BellChild(["monitor", "--port", port]);
  await bell.until(() => bell.stderr.includes("Waiting for the board…"), 60_000, "the waiting note");
  t.is(bell.stderr.split("\n")[0], `${port} does not exist. Is the board plugged in? (E_FLASH_PORT_MISSING)`);
  t.is(bell.stderr.split("Waiting for the board…").length, 2, "said once");
  bell.child.kill("SIGINT");
  t.is(await bell.exit(30_000), 0);
});

test("with --lang vi the monitor's own words are Vietnamese", async (t) => {
  const port = path.join(mkdtempSync(path.join(tmpdir(), "bell-monitor-")), "ttyUSB9");
  const bell = new BellChild(["monitor", "--port", port, "--lang", "vi"]);
  await bell.until(() => bell.stderr.includes("Đang chờ bo mạch…"), 60_000, "the waiting note in Vietnamese");
  t.true(bell.stderr.includes("Đang chờ bo mạch… (hãy cắm vào; Ctrl-C để dừng)"));
  bell.child.kill("SIGINT");
  t.is(await bell.exit(30_000), 0);
});
