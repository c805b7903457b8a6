import test from "ava";
import { createTraceEventSink } from "../../firmware/moddable/events.ts";

function setup(startTicks: number) {
  let ticks = startTicks;
  const lines: string[] = [];
  const sink = createTraceEventSink({ trace: (s) => lines.push(s), clock: { now: () => ticks >>> 0 }, device: "clinic" });
  return { sink, lines, advance: (ms: number) => (ticks = (ticks + ms) >>> 0) };
}

test("each event is one JSON line ending in a newline: t, device, event, then the fields", (t) => {
  const { sink, lines, advance } = setup(5000);
  advance(120);
  sink.emit("alarm_tx", { incident: 3, attempt: 1 });
  t.is(lines.length, 1);
  t.true(lines[0].endsWith("\n"));
  t.false(lines[0].slice(0, -1).includes("\n"));
  t.is(lines[0], '{"t":5120,"device":"clinic","event":"alarm_tx","incident":3,"attempt":1}\n');
});

test("t is ms since boot and keeps counting across the 32-bit tick wrap", (t) => {
  const { sink, lines, advance } = setup(0xffff_ff00);
  advance(0x80);
  sink.emit("a");
  advance(0x100); // crosses 2^32
  sink.emit("b");
  t.deepEqual(lines.map((l) => JSON.parse(l).t), [0xffff_ff80, 0x1_0000_0080]);
});

test("fields cannot overwrite t, device or event", (t) => {
  const { sink, lines } = setup(0);
  sink.emit("press", { t: 99, device: "forged", event: "other", ok: true });
  t.deepEqual(JSON.parse(lines[0]), { t: 0, device: "clinic", event: "press", ok: true });
});

test("text fields are escaped JSON, Vietnamese included", (t) => {
  const { sink, lines } = setup(0);
  sink.emit("incident_opened", { name: 'Trạm y tế "Xuân Phổ"\n' });
  t.is(JSON.parse(lines[0]).name, 'Trạm y tế "Xuân Phổ"\n');
});
