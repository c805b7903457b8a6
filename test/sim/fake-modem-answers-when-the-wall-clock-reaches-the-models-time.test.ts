/**
 * The fake modem (`tools/sim/fake-modem.ts`) drives the simulator's modem model by a wall clock:
 * an answer the model gives d ms (virtual) after a command reaches the terminal when the wall
 * clock has moved d / speed ms, never before and less than 1 ms after (timers count whole ms),
 * with one timer armed for it (nothing polls).
 * Checked with a hand-driven clock for every speed and split of the wall time in a small grid:
 * `AT` (answered after 10 ms), `AT+CMGS` with a PDU (`+CMGS` after the 1.5 s submit), and a
 * phone's reply (`OK 1`) to its first SMS, arriving as `+CMT` after the network's delivery times.
 */
import test from "ava";
import { encodeSubmit } from "../../firmware/core/sms/pdu-encode.ts";
import { pduToHex } from "../../firmware/core/sms/pdu-hex.ts";
import { FakeModem, type WallClock } from "../../tools/sim/fake-modem.ts";
import { NETWORK_TIMING } from "../../tools/sim/phone-network.ts";

/** A clock moved by hand; timers fire in order as it moves. */
class HandClock implements WallClock {
  now = 1_000.25; // not zero: the modem counts from its start
  timers: { at: number; run: () => void; id: number }[] = [];
  armed = 0;
  private next = 0;
  nowMs = () => this.now;
  setTimer = (ms: number, run: () => void) => {
    this.armed++;
    const t = { at: this.now + ms, run, id: this.next++ };
    this.timers.push(t);
    return t.id;
  };
  clearTimer = (id: unknown) => {
    this.timers = this.timers.filter((t) => t.id !== id);
  };
  /** Moves to `to`, firing due timers at their times. */
  moveTo(to: number): void {
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at || a.id - b.id);
      const t = this.timers[0];
      if (t === undefined || t.at > to) break;
      this.timers.shift();
      this.now = Math.max(this.now, t.at);
      t.run();
    }
    this.now = to;
  }
}

/** Node timers count whole milliseconds: a due time between two is reached at the next. */
const TIMER_MS = 1;
const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const text = (chunks: Uint8Array[]) => chunks.map((c) => String.fromCharCode(...c)).join("");

function setup(speed: number) {
  const clock = new HandClock();
  const out: Uint8Array[] = [];
  const modem = new FakeModem({
    vendor: "simcom",
    number: "+84912000000",
    replies: [{ phone: "+84901000002", text: "OK 1", afterMs: 5_000 }],
    toTerminal: (b) => out.push(b),
    log: () => undefined,
    speed,
    clock,
    wallClockStartS: 1_796_407_200,
  });
  modem.start();
  return { clock, out, modem };
}

/** Wall ms (from the start) at which `expect` first appears, moving the clock by `stepMs`. */
function firstSeen(s: ReturnType<typeof setup>, start: number, expect: string, stepMs: number, limitMs: number): number | undefined {
  for (let w = 0; w <= limitMs; w += stepMs) {
    s.clock.moveTo(start + w);
    if (text(s.out).includes(expect)) return w;
  }
  return undefined;
}

for (const speed of [1, 4, 10]) {
  for (const stepMs of [0.5, 1, 3.5]) {
    test(`speed ${speed}, clock moving by ${stepMs} ms: answers come when the wall clock reaches the model's time`, (t) => {
      const s = setup(speed);
      const start = s.clock.now;
      s.modem.receive(ascii("AT\r"));
      t.is(text(s.out), "", "nothing at once");
      const okAt = firstSeen(s, start, "\r\nOK\r\n", stepMs, 100);
      // 10 ms virtual = 10 / speed ms of wall time; seen at the first step at or past it (timers count whole ms)
      t.truthy(okAt !== undefined && okAt >= 10 / speed && okAt < 10 / speed + stepMs + TIMER_MS, `OK seen at ${okAt} ms`);

      const part = encodeSubmit("+84901000002", "Báo động", { ref: 1 })[0]!;
      s.out.length = 0;
      const at2 = s.clock.now;
      s.modem.receive(ascii(`AT+CMGS=${part.tpduOctets}\r`));
      t.truthy(firstSeen(s, at2, "> ", stepMs, 100) !== undefined);
      const submitAt = s.clock.now;
      s.modem.receive(ascii(`${pduToHex(part.bytes)}\x1a`));
      const cmgsAt = firstSeen(s, submitAt, "+CMGS: 1", stepMs, 2_000 / speed + 10);
      const due = NETWORK_TIMING.submitMs / speed;
      t.truthy(cmgsAt !== undefined && cmgsAt >= due && cmgsAt < due + stepMs + TIMER_MS, `+CMGS seen at ${cmgsAt} ms, due at ${due}`);

      // from the submit: delivery to the phone, its reply 5 s later, delivery to the modem as +CMT
      const replyDue = (NETWORK_TIMING.submitMs + NETWORK_TIMING.smsDeliveryMs + 5_000 + NETWORK_TIMING.smsDeliveryMs) / speed;
      const cmtAt = firstSeen(s, submitAt, "+CMT: ", stepMs, replyDue + 20);
      t.truthy(cmtAt !== undefined && cmtAt >= replyDue && cmtAt < replyDue + stepMs + TIMER_MS, `+CMT seen at ${cmtAt} ms, due at ${replyDue}`);
      t.is(s.clock.timers.length <= 1, true, "at most one timer armed at any time");
    });
  }
}

test("stopped, it answers nothing and arms nothing", (t) => {
  const s = setup(1);
  s.modem.stop();
  s.modem.receive(ascii("AT\r"));
  s.clock.moveTo(s.clock.now + 1_000);
  t.deepEqual(s.out, []);
  t.deepEqual(s.clock.timers, []);
});

test("a speed that is not a positive number is refused, naming it", (t) => {
  for (const speed of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
    t.throws(() => setup(speed), { instanceOf: RangeError, message: /speed must be a positive number/ });
  }
});

test("the log names a known number's holder: the SMS the post submits and the one handed to it", (t) => {
  const clock = new HandClock();
  const lines: string[] = [];
  const modem = new FakeModem({
    vendor: "simcom",
    number: "+84912000000",
    phoneNames: new Map([["+84901000002", "Đ/c Bình"]]),
    replies: [{ phone: "+84901000002", text: "OK 1", afterMs: 0 }],
    toTerminal: () => undefined,
    log: (l) => lines.push(`${l.who} ${l.text}`),
    lang: "vi",
    clock,
  });
  modem.start();
  const part = encodeSubmit("+84901000002", "Báo động", { ref: 1 })[0]!;
  modem.receive(ascii(`AT+CMGS=${part.tpduOctets}\r`));
  clock.moveTo(clock.now + 20);
  modem.receive(ascii(`${pduToHex(part.bytes)}\x1a`));
  clock.moveTo(clock.now + 10_000);
  t.true(lines.includes('modem trạm gửi tin nhắn tới Đ/c Bình (+84901000002): "Báo động"'), lines.join("\n"));
  t.true(lines.includes('modem modem chuyển cho trạm tin nhắn từ Đ/c Bình (+84901000002): "OK 1"'), lines.join("\n"));
  modem.stop();
});
