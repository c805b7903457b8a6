// What a board prints is sorted line by line: an event (JSON with t, device, event), a reply
// (JSON with reply, ok), or text — boot messages, a crash report, a line damaged on the wire.
import test from "ava";
import { classifyLine } from "../../tools/monitor/console-client.ts";

const rows: Array<[line: string, kind: "event" | "reply" | "text"]> = [
  ['{"t":12,"device":"clinic","event":"press","incident":1}', "event"],
  ['  {"t":0,"device":"unprovisioned","event":"unprovisioned","role":"caller"}  ', "event"],
  ['{"reply":"info","tag":"h1","ok":true,"role":"caller"}', "reply"],
  ['{"reply":"?","ok":false,"error":"E_CONSOLE_UNKNOWN","message":"…"}', "reply"],
  ["rst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)", "text"],
  ["warning-bell caller 24:0a:c4:12:34:56: not provisioned", "text"],
  ['{"t":12,"device":"clinic","event":"pre', "text"],
  ['{"t":"12","device":"clinic","event":"press"}', "text"],
  ['{"reply":"info"}', "text"],
  ['I (1234) wifi:{"t":1,"device":"x","event":"boot"}', "text"],
  ["[1,2,3]", "text"],
  ["", "text"],
];

for (const [line, kind] of rows) {
  test(`${kind}: ${JSON.stringify(line).slice(0, 60)}`, (t) => {
    const sorted = classifyLine(line);
    t.is(sorted.kind, kind);
    if (sorted.kind === "text") t.is(sorted.text, line, "text passes through unchanged");
  });
}
