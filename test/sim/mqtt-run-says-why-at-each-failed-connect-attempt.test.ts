/**
 * Issue 16: a scenario whose broker cannot be reached says what failed at each connection
 * attempt, as it happens, in the bridge's words (`bridge.broker_failed`), not only in the final
 * E_SIM_MQTT error after `connectTimeoutMs` of silence. The broker here is a TCP port nobody
 * listens on (bound then closed, so it is free and refuses), so the test needs no broker.
 */
import { createServer } from "node:net";
import test from "ava";
import { message } from "../../firmware/core/messages/index.ts";
import { JobError } from "../../tools/errors.ts";
import { setLanguage } from "../../tools/lang.ts";
import { runWithMqtt } from "../../tools/sim/mqtt-run.ts";
import { parseScenario } from "../../tools/sim/scenario.ts";

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

test("every failed attempt of every MQTT radio is reported with its reason and the wait before the next", async (t) => {
  setLanguage("en");
  const broker = `mqtt://127.0.0.1:${await closedPort()}`;
  const scenario = parseScenario({
    duration_ms: 1000,
    mqtt: { broker },
    devices: [
      { id: "post", role: "receiver" },
      { id: "clinic", role: "caller", transport: "mqtt" },
    ],
  });
  const reports: Array<{ address: string; line: string }> = [];
  const err = await t.throwsAsync(
    runWithMqtt({ scenario, seed: 1, connectTimeoutMs: 1500, onConnectFailed: (address, line) => reports.push({ address, line }) }),
    { instanceOf: JobError },
  );
  t.is((err as JobError).id, "E_SIM_MQTT");
  for (const address of ["mqtt:post", "mqtt:clinic"]) {
    const mine = reports.filter((r) => r.address === address);
    t.true(mine.length >= 2, `${address}: ${mine.length} attempt(s) reported`);
    const refused = message("en", "system.ECONNREFUSED");
    for (const r of mine) t.regex(r.line, new RegExp(`^cannot connect to the MQTT broker ${broker.replace(/[.]/g, "\\.")}: .*${refused.replace(/[()]/g, "\\$&")}.*; trying again in \\d+\\.\\d s$`));
  }
});
