import test from "ava";
import type { Radio, RadioHandlers } from "../../firmware/hal/radio.ts";
import { RadioRouter } from "../../firmware/stack/radio-router.ts";

/** A radio that records sends and lets the test report them. */
class FakeRadio implements Radio {
  readonly sent: string[] = [];
  abandoned = 0;
  closed = false;
  busy = false;
  handlers!: RadioHandlers;
  constructor(
    readonly address: string,
    readonly maxPayload: number,
  ) {}
  send(to: string): void {
    this.busy = true;
    this.sent.push(to);
  }
  abandon(): void {
    this.busy = false;
    this.abandoned++;
  }
  close(): void {
    this.closed = true;
  }
  report(ok: boolean): void {
    this.busy = false;
    this.handlers.onSent(ok);
  }
}

function router() {
  const espnow = new FakeRadio("02:00:00:00:00:01", 250);
  const mqtt = new FakeRadio("mqtt:post", 200);
  const sent: boolean[] = [];
  const received: string[] = [];
  const r = new RadioRouter({
    routes: [
      { prefix: "mqtt:", open: (h) => ((mqtt.handlers = h), mqtt) },
      { prefix: "", open: (h) => ((espnow.handlers = h), espnow) },
    ],
    handlers: { onSent: (ok) => sent.push(ok), onReceive: (_p, from) => received.push(from) },
  });
  return { r, espnow, mqtt, sent, received };
}

const one = new Uint8Array([1]);

test("each send goes to the radio whose prefix starts the address, others to the default", (t) => {
  const { r, espnow, mqtt, sent } = router();
  r.send("mqtt:clinic", one);
  mqtt.report(true);
  r.send("02:00:00:00:00:02", one);
  espnow.report(false);
  t.deepEqual(mqtt.sent, ["mqtt:clinic"]);
  t.deepEqual(espnow.sent, ["02:00:00:00:00:02"]);
  t.deepEqual(sent, [true, false]);
  t.is(r.address, "mqtt:post", "the first route's address");
  t.is(r.maxPayload, 200, "the smallest maxPayload");
});

test("busy from send to that radio's onSent; a second send throws; a late report after abandon is dropped", (t) => {
  const { r, espnow, mqtt, sent } = router();
  r.send("mqtt:clinic", one);
  t.true(r.busy);
  t.throws(() => r.send("02:00:00:00:00:02", one), { message: /busy/ });
  espnow.handlers.onSent(true); // a radio without the outstanding send
  t.true(r.busy);
  t.deepEqual(sent, []);
  r.abandon();
  t.false(r.busy);
  t.is(mqtt.abandoned, 1);
  mqtt.handlers.onSent(true); // late report of the abandoned send
  t.deepEqual(sent, []);
});

test("frames from every radio reach onReceive; close closes every radio", (t) => {
  const { r, espnow, mqtt, received } = router();
  mqtt.handlers.onReceive(one, "mqtt:clinic");
  espnow.handlers.onReceive(one, "02:00:00:00:00:02");
  t.deepEqual(received, ["mqtt:clinic", "02:00:00:00:00:02"]);
  r.close();
  t.true(espnow.closed && mqtt.closed);
});

test("bad input is refused naming it: oversize payload, no route, duplicate prefix, no routes", (t) => {
  const { r } = router();
  t.throws(() => r.send("mqtt:clinic", new Uint8Array(201)), { instanceOf: RangeError, message: /1…200 bytes/ });
  t.false(r.busy);
  const noDefault = new RadioRouter({ routes: [{ prefix: "mqtt:", open: () => new FakeRadio("mqtt:a", 250) }], handlers: { onSent() {}, onReceive() {} } });
  t.throws(() => noDefault.send("02:00:00:00:00:02", one), { instanceOf: RangeError, message: /no route/ });
  const open = () => new FakeRadio("x", 250);
  t.throws(() => new RadioRouter({ routes: [{ prefix: "", open }, { prefix: "", open }], handlers: { onSent() {}, onReceive() {} } }), { instanceOf: RangeError, message: /routes\[1\]\.prefix/ });
  t.throws(() => new RadioRouter({ routes: [], handlers: { onSent() {}, onReceive() {} } }), { instanceOf: TypeError, message: /routes/ });
});
