/**
 * Issue 16: `bell bridge` said nothing for 12 s when its broker could not be reached, then only
 * "3 incident messages stay queued". It now says what failed at the first attempt and at each
 * retry, in words; and the reason reaches a simulated MQTT deployment's error (E_SIM_MQTT).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import test from "ava";
import { brokerErrorWords } from "../../tools/mqtt/session.ts";
import { BellChild } from "../support/bell-child.ts";
import { freePort } from "../support/mosquitto.ts";

test("a refused connection is reported at once and at each retry, naming the broker and the wait", async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wb-bridge-"));
  const input = path.join(dir, "in.jsonl");
  fs.writeFileSync(input, JSON.stringify({ event: "incident_opened", caller: "clinic", incident: 1 }) + "\n");
  const nobody = `mqtt://127.0.0.1:${await freePort()}`;
  try {
    const bell = new BellChild(["bridge", "--broker", nobody, "--post", "p", "--input", input, "--queue", path.join(dir, "q"), "--drain-timeout-ms", "3000", "--reconnect-min-ms", "200", "--reconnect-max-ms", "400"]);
    const failures = () => bell.stderr.split("\n").filter((l) => l.startsWith("bell bridge: cannot connect to the MQTT broker"));
    // Said while the bridge still waits for the broker (before its closing summary), not at the end.
    await bell.until(() => failures().length >= 1, 60_000, "the first failure reported");
    t.is(bell.stdout, "", "reported before the run ends");
    t.regex(failures()[0]!, new RegExp(`^bell bridge: cannot connect to the MQTT broker ${nobody.replace(/[.]/g, "\\.")}: connection refused \\(nothing listens on that port\\); trying again in \\d+\\.\\d s$`));
    t.is(await bell.exit(60_000), 1);
    t.true(failures().length >= 2, "each retry is reported too");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("broker refusals and network failures read as words", (t) => {
  const coded = (code: string | number, message = "x") => Object.assign(new Error(message), { code });
  t.is(brokerErrorWords(coded("ECONNREFUSED")), "connection refused (nothing listens on that port)");
  t.is(brokerErrorWords(coded("ENOTFOUND")), "no computer has that name (unknown host)");
  t.is(brokerErrorWords(coded(4, "Connection refused: Bad username or password")), "the broker refused the user name or password");
  t.is(brokerErrorWords(coded(5, "Connection refused: Not authorized")), "the broker refused: this client is not authorised (check the user name, password and ACL)");
});
