/**
 * Claim (issue 14): the receiver's modem UART adapter on ECMA-419 `embedded:io/serial`
 * (`firmware/moddable/serial.ts`) carries the AT driver's traffic intact, whatever the UART does
 * to it, in Node and inside XS alike:
 * - the modem's answers arrive split anywhere (one byte at a time, or random cuts), including
 *   the `> ` prompt of `AT+CMGS`, which has no line end, and a URC in the middle of a response;
 * - an SMS body longer than the ESP32's 128-byte TX FIFO goes out whole and in order, through
 *   `onWritable`, with no write larger than the FIFO's free space (the SDK throws "output full",
 *   it does not queue).
 * The UART is a fake of Moddable's ESP32 serial at its edge (`test/device/fake-esp32-uart.ts`).
 */
import test from "ava";
import { runInNodeAndXs } from "../support/run-in-both-engines.ts";

const SPLITS = 40;

const script = `
import { AtDriver } from "./firmware/stack/at/at-driver.ts";
import { openModemUart } from "./firmware/moddable/serial.ts";
import { FakeRunLoop, fakeEsp32Serial, ESP32_UART_FIFO_BYTES } from "./test/device/fake-esp32-uart.ts";
import { Random } from "./tools/sim/random.ts";

// A UCS-2 SMS-SUBMIT PDU's worth of hex: 150 octets → 300 characters, more than two FIFOs.
let BODY = "0041000B914883204010F00008";
while (BODY.length < 300) BODY += "1EA1";
BODY = BODY.slice(0, 300);

// run 0: one byte at a time; runs 1…: cuts of 1…9 bytes drawn from the simulator's seeded stream.
function cutter(run) {
  const random = new Random(run, "uart-cuts");
  return () => (run === 0 ? 1 : random.int(1, 9));
}

function session(run) {
  const loop = new FakeRunLoop();
  const { Serial, wire } = fakeEsp32Serial(loop);
  const cut = cutter(run);
  const seen = [];
  let modem = "";
  const driver = new AtDriver({ write: (bytes) => uart.write(bytes), onUrc: (u) => seen.push("urc " + u.line) });
  const uart = openModemUart({ Serial, port: 2, transmit: 17, receive: 16 }, { onReceive: (bytes) => driver.receive(0, bytes) });
  const pump = () => {
    for (;;) {
      loop.run();
      const out = wire.drain();
      if (out.length === 0 && loop.run() === 0) return;
      for (const b of out) modem += String.fromCharCode(b);
    }
  };
  const say = (text) => {
    for (let i = 0; i < text.length; ) {
      const n = cut();
      wire.deliver(Uint8Array.from(text.slice(i, i + n), (c) => c.charCodeAt(0)));
      i += n;
      pump();
    }
  };
  const done = (name) => (r) => seen.push(name + " " + JSON.stringify(r));
  driver.send(0, { line: "AT+CSQ", expect: "+CSQ:", timeoutMs: 9000, done: done("csq") });
  pump();
  say("\\r\\n+CSQ: 20,99\\r\\n\\r\\n+RXDTMF: 5\\r\\nOK\\r\\n");
  driver.send(0, { line: "AT+CMGS=150", body: BODY, timeoutMs: 120000, done: done("cmgs") });
  pump();
  say("\\r\\n> ");
  say("\\r\\n+CMGS: 7\\r\\n\\r\\nOK\\r\\n");
  return {
    seen,
    modem,
    bodyIntact: modem === "AT+CSQ\\rAT+CMGS=150\\r" + BODY + "\\x1a",
    writesWithinFifo: wire.writes.every((n) => n >= 1 && n <= ESP32_UART_FIFO_BYTES),
    writes: wire.writes.length,
    opened: wire.opened.map((p) => [p.options.port, p.options.transmit, p.options.receive, p.options.baud, p.options.format]),
  };
}

const runs = [];
for (let run = 0; run < ${SPLITS}; run++) runs.push(session(run));
globalThis.result = JSON.stringify(runs);
`;

interface Session {
  seen: string[];
  modem: string;
  bodyIntact: boolean;
  writesWithinFifo: boolean;
  writes: number;
  opened: unknown[];
}

test("AT traffic split anywhere and an SMS body over the TX FIFO pass the adapter intact, the same in Node and XS", async (t) => {
  const { inNode, inXs } = await runInNodeAndXs(script, "modem-uart-framing");
  const node = inNode as Session[];
  t.deepEqual(inXs, inNode);
  t.is(node.length, SPLITS);
  for (const [i, s] of node.entries()) {
    t.deepEqual(s.opened, [[2, 17, 16, 115200, "buffer"]], `run ${i}: UART2 at 115200, format buffer`);
    t.deepEqual(
      s.seen,
      ["urc +RXDTMF: 5", 'csq {"ok":true,"lines":["+CSQ: 20,99"]}', 'cmgs {"ok":true,"lines":["+CMGS: 7"]}'],
      `run ${i}: the response, the URC in its middle, and the SMS sent after the prompt`,
    );
    t.true(s.bodyIntact, `run ${i}: the modem got both commands, the whole body and Ctrl-Z, in order: ${JSON.stringify(s.modem)}`);
    t.true(s.writesWithinFifo, `run ${i}: no write exceeded the FIFO`);
    t.true(s.writes >= 4, `run ${i}: the 301-byte body took several FIFO loads (${s.writes} writes)`);
  }
});
