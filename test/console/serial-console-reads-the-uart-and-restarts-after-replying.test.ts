// On the board, the console polls the UART reader every second while idle and every 10 ms for 5 s
// after anything arrived, answers each complete line through `trace`, however the bytes arrive,
// and restarts the chip only after the reboot reply is out; a build without a console stops it.
import test from "ava";
import type { Scheduler } from "../../firmware/hal/clock.ts";
import { SERIAL_CONSOLE_DEFAULTS, startSerialConsole } from "../../firmware/moddable/console.ts";
import { MapStore } from "../auth/map-store.ts";
import { SELF } from "./support.ts";

/** A manual scheduler: `advance(ms)` fires what is due. */
function manualScheduler() {
  let now = 0;
  const timers = new Set<{ at: number; run: () => void }>();
  const scheduler: Scheduler = {
    schedule(run, delayMs) {
      const timer = { at: now + delayMs, run };
      timers.add(timer);
      return timer;
    },
    cancel(handle) {
      timers.delete(handle as never);
    },
  };
  const advance = (ms: number) => {
    const end = now + ms;
    for (;;) {
      const due = [...timers].filter((x) => x.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      timers.delete(due);
      now = due.at;
      due.run();
    }
    now = end;
  };
  return { scheduler, advance, pending: () => timers.size };
}

test("lines split across reads are answered once complete; reboot restarts after the reply", (t) => {
  const incoming: Uint8Array[] = [];
  const written: string[] = [];
  let restarts = 0;
  const { scheduler, advance, pending } = manualScheduler();
  const reads: number[] = [];
  const c = startSerialConsole({
    role: "caller",
    readBytes: (max) => {
      reads.push(max);
      const next = incoming.shift();
      return next && (new Uint8Array(next).buffer as ArrayBuffer); // a copy: a Buffer may be a view of a shared pool
    },
    write: (text) => written.push(text),
    scheduler,
    identityStore: new MapStore(),
    appStore: new MapStore(),
    selfAddress: SELF,
    app: () => undefined,
    restart: () => restarts++,
  });
  incoming.push(Buffer.from("#a in"), Buffer.from("fo\n#b rebo"));
  advance(SERIAL_CONSOLE_DEFAULTS.idlePollMs - 1);
  t.is(written.length, 0, "idle: the first read comes after a second");
  advance(1);
  t.is(written.length, 1);
  t.regex(written[0]!, /^\{"reply":"info","tag":"a","ok":true,.*\}\n$/);
  t.true(reads.every((n) => n === SERIAL_CONSOLE_DEFAULTS.readBytes));
  incoming.push(Buffer.from("ot\n"));
  advance(SERIAL_CONSOLE_DEFAULTS.pollMs);
  t.is(written[1], '{"reply":"reboot","tag":"b","ok":true}\n');
  t.is(restarts, 0, "not before the reply has had time to leave");
  advance(SERIAL_CONSOLE_DEFAULTS.restartDelayMs);
  t.is(restarts, 1);
  c.stop();
  t.is(pending(), 0, "stop cancels the poll");
});

test("after 5 s without input the polling slows from every 10 ms to every second", (t) => {
  const { scheduler, advance } = manualScheduler();
  const readAt: number[] = [];
  let clock = 0;
  const incoming = [Buffer.from("info\n")];
  const c = startSerialConsole({
    role: "caller",
    readBytes: () => {
      readAt.push(clock);
      const next = incoming.shift();
      return next && (new Uint8Array(next).buffer as ArrayBuffer);
    },
    write: () => undefined,
    scheduler,
    identityStore: new MapStore(),
    appStore: new MapStore(),
    selfAddress: SELF,
    app: () => undefined,
    restart: () => undefined,
  });
  for (let ms = 0; ms < 10_000; ms++) {
    advance(1);
    clock++;
  }
  c.stop();
  const gaps = new Set(readAt.slice(1).map((at, i) => at - readAt[i]!).filter((g) => g > 0));
  t.deepEqual([...gaps].sort((a, b) => a - b), [SERIAL_CONSOLE_DEFAULTS.pollMs, SERIAL_CONSOLE_DEFAULTS.idlePollMs]);
  const fast = readAt.filter((at) => at > 1000 && at <= 1000 + SERIAL_CONSOLE_DEFAULTS.activeForMs).length;
  t.true(fast >= SERIAL_CONSOLE_DEFAULTS.activeForMs / SERIAL_CONSOLE_DEFAULTS.pollMs - 2, `fast reads after input: ${fast}`);
  t.true(readAt.filter((at) => at > 7000).length <= 6, "idle again afterwards");
});

test("a build without a console (the reader answers null) stops the polling", (t) => {
  const { scheduler, advance, pending } = manualScheduler();
  let reads = 0;
  startSerialConsole({
    role: "receiver",
    readBytes: () => (reads++, null),
    write: () => undefined,
    scheduler,
    identityStore: new MapStore(),
    appStore: new MapStore(),
    selfAddress: SELF,
    app: () => undefined,
    restart: () => undefined,
  });
  advance(60_000);
  t.is(reads, 1);
  t.is(pending(), 0);
});

test("pollMs is validated", (t) => {
  const { scheduler } = manualScheduler();
  const options = { role: "caller" as const, readBytes: () => undefined, write: () => undefined, scheduler, identityStore: new MapStore(), appStore: new MapStore(), selfAddress: SELF, app: () => undefined, restart: () => undefined };
  t.throws(() => startSerialConsole({ ...options, pollMs: 0 }), { instanceOf: RangeError, message: /pollMs/ });
  t.throws(() => startSerialConsole({ ...options, pollMs: 2.5 }), { instanceOf: RangeError, message: /pollMs/ });
  t.throws(() => startSerialConsole({ ...options, idlePollMs: 5 }), { instanceOf: RangeError, message: /idlePollMs/ });
});
