/**
 * `bell modem` end to end: the repo's own AT driver (`firmware/stack/at/modem.ts`), on a real
 * tty through node-serialport, talks to the simulator's modem model served on a socat pty
 * (`tools/sim/modem-command.ts`): it finds the modem ready (SIM, registered, signal), sends a
 * Vietnamese alarm SMS long enough to be a concatenated one, the officer's phone
 * receives the whole text and replies "OK 1", and the driver reads that reply from the `+CMT`
 * PDU. The bench log shows the decoded SMS both ways. The model runs 10× faster than the wall
 * clock so the round trip takes well under a second; every wait is bounded (polled, no sleep).
 *
 * Note: the model and the driver deliver incoming SMS as `+CMT` (`AT+CNMI=2,2`), not as
 * `+CMTI` then `AT+CMGR`: neither stores SMS on the SIM.
 */
import test from "ava";
import { SerialPort } from "serialport";
import { message } from "../../firmware/core/messages/index.ts";
import { Modem, type ModemListener } from "../../firmware/stack/at/modem.ts";
import type { FakeModemLine } from "../../tools/sim/fake-modem.ts";
import { runFakeModemOnPty } from "../../tools/sim/modem-command.ts";
import { hasSocat, NO_SOCAT_REASON, tempDir, waitUntil } from "../support/console-pty.ts";

const OFFICER = "+84901000002";
const POST = "+84912000000";
const WAIT_MS = 3_000;

if (!hasSocat) console.log(NO_SOCAT_REASON);

(hasSocat ? test : test.skip)("register, a concatenated Vietnamese SMS out, an OK 1 reply in: a real round trip on a pty", async (t) => {
  const { dir, cleanup } = tempDir("bell-modem-");
  const log: FakeModemLine[] = [];
  const run = await runFakeModemOnPty({
    path: `${dir}/modem`,
    vendor: "simcom",
    number: POST,
    replies: [{ phone: OFFICER, text: "OK 1", afterMs: 2_000 }],
    log: (l) => log.push(l),
    lang: "vi",
    speed: 10,
  });
  const port = new SerialPort({ path: run.path, baudRate: 115_200, autoOpen: false });
  const heard: { health: boolean[]; sms: [number, boolean, string | undefined][]; received: [string, string][]; garbage: string[] } = { health: [], sms: [], received: [], garbage: [] };
  const listener: ModemListener = {
    smsResult: (id, ok, error) => heard.sms.push([id, ok, error]),
    callProgress: () => undefined,
    callEnded: () => undefined,
    dtmf: () => undefined,
    smsReceived: (from, text) => heard.received.push([from, text]),
    health: (ready) => heard.health.push(ready),
    garbage: (what) => heard.garbage.push(what),
  };
  const t0 = performance.now();
  const now = () => Math.floor(performance.now() - t0) >>> 0;
  const driver = new Modem({ vendor: "simcom", write: (bytes) => void port.write(Buffer.from(bytes)), listener });
  const poller = setInterval(() => driver.poll(now()), 5);
  try {
    await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
    port.on("data", (chunk: Buffer) => driver.receive(now(), new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length)));

    driver.start(now());
    t.true(await waitUntil(() => heard.health.length > 0, WAIT_MS), "the driver heard the health check's answers");
    t.deepEqual(heard.health, [true], "SIM in, registered, signal: ready");

    const text = message("vi", "sms.alarm", { places: "Trạm y tế Xuân Phổ", when: " lúc 01:00", post: "Công an xã Xuân Phổ", n: 1, key: 1 });
    t.true(text.length > 70, "long enough for a concatenated SMS");
    driver.sendSms(now(), 1, OFFICER, text);
    t.true(await waitUntil(() => heard.sms.length > 0, WAIT_MS), "the submit was answered");
    t.deepEqual(heard.sms, [[1, true, undefined]]);

    t.true(await waitUntil(() => heard.received.length > 0, WAIT_MS), "the reply reached the driver");
    t.deepEqual(heard.received, [[OFFICER, "OK 1"]]);
    t.deepEqual(heard.garbage, []);

    // the bench log: both parts decoded as the post sent them, the phone's whole text, the reply decoded from its PDU
    // UCS-2: 67 characters per part of a concatenated SMS (TS 23.038 / 23.040)
    const parts = Math.ceil(text.length / 67);
    const submitted = log.filter((l) => l.kind === "sms_submitted").map((l) => l.text);
    t.is(submitted.length, parts);
    const partRe = new RegExp(`^trạm gửi tin nhắn tới \\${OFFICER} \\(phần (\\d)/${parts}\\): "(.*)"$`, "s");
    const decoded = submitted.map((line) => partRe.exec(line));
    t.deepEqual(decoded.map((m) => Number(m?.[1])), Array.from({ length: parts }, (_, i) => i + 1), submitted.join("\n"));
    t.is(decoded.map((m) => m?.[2]).join(""), text, "the parts, decoded from the PDUs, make the whole text");
    t.deepEqual(
      log.filter((l) => l.kind === "phone_sms").map((l) => [l.who, l.text]),
      [[OFFICER, `điện thoại nhận tin nhắn từ ${POST}: "${text}"`]],
    );
    t.deepEqual(
      log.filter((l) => l.kind === "sms_delivered").map((l) => l.text),
      [`modem chuyển cho trạm tin nhắn từ ${OFFICER}: "OK 1"`],
    );
    const commands = log.filter((l) => l.kind === "at_command").map((l) => l.text.replace("trạm gửi lệnh: ", ""));
    t.deepEqual(commands.slice(0, 9), ["ATE0", "AT+CMEE=2", "AT+CMGF=0", "AT+CNMI=2,2,0,0,0", "AT+CLCC=1", "AT+DDET=1", "AT+CPIN?", "AT+CEREG?", "AT+CSQ"]);
    t.is(commands.filter((c) => c.startsWith("AT+CMGS=")).length, parts);
    const times = log.map((l) => l.t);
    t.deepEqual(times, [...times].sort((a, b) => a - b), "log lines in time order");
  } finally {
    clearInterval(poller);
    if (port.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
    await run.close();
    cleanup();
  }
});
