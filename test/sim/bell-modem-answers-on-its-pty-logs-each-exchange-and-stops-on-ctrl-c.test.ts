/**
 * Claim: `bell modem` as a person runs it: it says where its pseudo-terminal is, a serial program
 * opening that path gets AT answers, each exchange is a log line on stdout (Vietnamese with
 * `--lang vi`), Ctrl-C ends it with exit 0 and the path goes away; a bad option exits 2 before
 * any pty is made. Every wait is bounded and polled.
 */
import test from "ava";
import { existsSync } from "node:fs";
import path from "node:path";
import { SerialPort } from "serialport";
import { hasSocat, NO_SOCAT_REASON, runBell, startBell, tempDir, waitUntil } from "../support/console-pty.ts";

if (!hasSocat) console.log(NO_SOCAT_REASON);

(hasSocat ? test : test.skip)("AT+CPIN? on the pty is answered and logged; Ctrl-C stops it and removes the pty", async (t) => {
  const { dir, cleanup } = tempDir("bell-modem-cli-");
  t.teardown(cleanup);
  const pty = path.join(dir, "modem");
  const bell = startBell(["modem", "--pty", pty, "--lang", "vi", "--fault", "no-signal"], dir);
  t.teardown(() => void bell.interrupt());
  t.true(await waitUntil(() => bell.stderr.includes(`đang chờ trên ${pty}`), 60_000), bell.stderr);
  t.true(existsSync(pty));

  const port = new SerialPort({ path: pty, baudRate: 115_200, autoOpen: false });
  let got = "";
  await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
  port.on("data", (d: Buffer) => (got += d.toString("latin1")));
  port.write("AT+CPIN?\rAT+CSQ\r");
  t.true(await waitUntil(() => got.includes("+CSQ: 99,99\r\n\r\nOK\r\n"), 5_000), JSON.stringify(got));
  t.is(got, "\r\n+CPIN: READY\r\n\r\nOK\r\n\r\n+CSQ: 99,99\r\n\r\nOK\r\n");
  await new Promise<void>((resolve) => port.close(() => resolve()));

  t.true(await waitUntil(() => bell.stdout.includes("modem trả lời: +CSQ: 99,99"), 5_000), bell.stdout);
  const run = await bell.interrupt();
  t.is(run.code, 0, run.stderr);
  const lines = run.stdout.trim().split("\n");
  // both commands went in one write; the modem answers each 10 ms after it, in order
  t.deepEqual(
    lines.map((l) => l.replace(/^\d\d:\d\d\.\d{3}  /, "")),
    [
      "modem         trạm gửi lệnh: AT+CPIN?",
      "modem         trạm gửi lệnh: AT+CSQ",
      "modem         modem trả lời: +CPIN: READY",
      "modem         modem trả lời: OK",
      "modem         modem trả lời: +CSQ: 99,99",
      "modem         modem trả lời: OK",
    ],
  );
  t.false(existsSync(pty), "the pty's link is gone");
});

test("a bad option: exit 2, E_MODEM_OPTION, and no pty made", async (t) => {
  const { dir, cleanup } = tempDir("bell-modem-cli-");
  t.teardown(cleanup);
  const pty = path.join(dir, "modem");
  const run = await runBell(["modem", "--pty", pty, "--answers", "0901000002=no"], dir, 60_000);
  t.is(run.code, 2);
  t.regex(run.stderr, /^bell: --answers 0901000002=no: .*\+84901000002.*\(E_MODEM_OPTION\)\n$/);
  t.false(existsSync(pty));
});
