/**
 * The simulator's LTE modem and phone network (`modem.ts`, `phone-network.ts`) run in real time
 * for something outside the simulation: a receiver build, `picocom` or the AT driver on the other
 * end of a pseudo-terminal (`bell modem`, issue 14). The model is the simulator's, unchanged; only
 * its event queue is driven by a wall clock: whenever bytes arrive, and when its next event is
 * due, the queue runs up to the wall time elapsed since `start` (× `speed`), so one virtual second
 * lasts one real second (or 1/`speed` of one, for tests).
 *
 * Every AT exchange is reported as plain lines for the person at the bench (`FakeModemLine`):
 * the commands the post sends, the modem's answers, each SMS the post submits decoded from its
 * PDU (to whom, the Vietnamese text, which part), each SMS delivered to the post decoded from its
 * `+CMT` PDU, and what the phones do (the phone network's `phone_*` events); words from the
 * message catalogue (`modem.at.*`, `timeline.phone_*`), Vietnamese or English.
 *
 * Phones behave as the scenario's `lte.phones` and phone inputs say (`lte-scenario.ts`), plus
 * `replies`: a phone that texts the post back some time after it receives its first SMS (an
 * officer answering "OK 1" to the alarm), which a scenario's fixed-time inputs cannot express
 * when the alarm's time is a person's press at the bench.
 */
import { decodePduHex } from "../../firmware/core/sms/pdu-decode.ts";
import { message, type Lang, type MessageId, type MessageParams } from "../../firmware/core/messages/index.ts";
import type { EventFields } from "../../firmware/hal/events.ts";
import type { Serial } from "../../firmware/hal/serial.ts";
import { EventQueue, type QueuedEvent } from "./clock.ts";
import { playLteInput } from "./inputs.ts";
import type { ModemInput, PhoneInput } from "./lte-scenario.ts";
import { SimModem, type ModemState } from "./modem.ts";
import { PhoneNetwork, type PhoneBehaviour } from "./phone-network.ts";
import { Timeline, formatTime } from "./timeline.ts";

/** A wall clock and its timers (injected: tests drive it by hand). */
export interface WallClock {
  /** Milliseconds on a monotonic clock (fractions allowed). */
  nowMs(): number;
  /** Runs `run` after about `ms` ms. */
  setTimer(ms: number, run: () => void): unknown;
  clearTimer(timer: unknown): void;
}

/** The process's monotonic clock and Node timers. */
export const SYSTEM_WALL_CLOCK: WallClock = Object.freeze({
  nowMs: () => performance.now(),
  setTimer: (ms: number, run: () => void) => setTimeout(run, ms),
  clearTimer: (timer: unknown) => clearTimeout(timer as ReturnType<typeof setTimeout>),
});

/** A phone that answers the post's first SMS with a text of its own. */
export interface PhoneReply {
  /** The phone (E.164). */
  phone: string;
  /** What it sends, e.g. "OK 1" (1…70 characters, one SMS). */
  text: string;
  /** How long after its first SMS arrives, virtual ms (integer ≥ 0). */
  afterMs: number;
}

/** One line of the bench log. */
export interface FakeModemLine {
  /** Virtual ms since `start` (= wall ms at speed 1). */
  t: number;
  /** "modem" for the AT exchange, else the phone's number (or the device of a modem input). */
  who: string;
  /** The words, in the chosen language. */
  text: string;
  /** What it is: `at_command`, `at_answer`, `sms_submitted`, `sms_delivered`, or the phone network's event name. */
  kind: string;
}

/** Options of `FakeModem`. */
export interface FakeModemOptions {
  vendor: "simcom" | "quectel";
  /** The post SIM's number (what the phones see), E.164. */
  number: string;
  /** The modem's state at the start (no SIM, not registered, …); default: all well. */
  state?: Partial<ModemState>;
  /** How phones answer calls (the scenario's `lte.phones`). */
  phones?: readonly { phone: string; behaviour: Partial<PhoneBehaviour> }[];
  /** Phones that text back after their first SMS. */
  replies?: readonly PhoneReply[];
  /** Who has which number (a scenario's duty list and post SIM, `phoneNames`): the log says `Đ/c An (+84901000001)`. */
  phoneNames?: ReadonlyMap<string, string>;
  /** Phone and modem inputs at their times after `start` (a scenario's). */
  inputs?: readonly (PhoneInput | ModemInput)[];
  /** Bytes the modem sends to the terminal. */
  toTerminal(bytes: Uint8Array): void;
  /** The bench log. */
  log(line: FakeModemLine): void;
  /** Language of the log (default English). */
  lang?: Lang;
  /** Virtual ms per wall ms, > 0 (default 1: real time; tests run faster). */
  speed?: number;
  /** Unix seconds at the start, for SMS time stamps (default: the system's time now). */
  wallClockStartS?: number;
  clock?: WallClock;
}

/** Name of the log column of the AT exchange. */
export const MODEM_WHO = "modem";

/** The simulator's modem model on a wall clock, with a log of what passes. */
export class FakeModem {
  private readonly o: FakeModemOptions;
  private readonly queue = new EventQueue();
  private readonly network: PhoneNetwork;
  private readonly modem: SimModem;
  private readonly serial: Serial;
  private readonly clock: WallClock;
  private readonly speed: number;
  private readonly lang: Lang;
  private readonly timeline: Timeline;
  private readonly replied = new Set<string>();
  private startMs = 0;
  private timer: unknown;
  private running = false;
  /** Text from the terminal not yet ended by CR, or the PDU after `AT+CMGS=`. */
  private fromTerminal = "";
  private pduNext = false;
  private inPdu = false;
  /** Text from the modem not yet ended by LF; whether the next line is the PDU of a `+CMT`. */
  private toTerminal = "";
  private cmtNext = false;

  /** @throws RangeError for a speed that is not a positive finite number or a reply with a bad afterMs. */
  constructor(options: FakeModemOptions) {
    const speed = options.speed ?? 1;
    if (!(Number.isFinite(speed) && speed > 0)) throw new RangeError(`speed must be a positive number, got ${speed}`);
    for (const r of options.replies ?? []) {
      if (!Number.isInteger(r.afterMs) || r.afterMs < 0) throw new RangeError(`afterMs of the reply of ${r.phone} must be an integer ≥ 0, got ${r.afterMs}`);
    }
    this.o = options;
    this.speed = speed;
    this.clock = options.clock ?? SYSTEM_WALL_CLOCK;
    this.lang = options.lang ?? "en";
    this.timeline = new Timeline({ byId: new Map(), byPhone: options.phoneNames }, Number.MAX_SAFE_INTEGER, this.lang);
    this.network = new PhoneNetwork({ queue: this.queue, emit: (device, event, fields) => this.networkEvent(device, event, fields) });
    for (const p of options.phones ?? []) this.network.describe(p.phone, p.behaviour);
    this.modem = new SimModem({
      queue: this.queue,
      network: this.network,
      vendor: options.vendor,
      number: options.number,
      state: options.state,
      wallClockStartS: options.wallClockStartS ?? Math.floor(Date.now() / 1000),
    });
    this.serial = this.modem.open({
      onReceive: (bytes) => {
        this.answerLog(bytes);
        this.o.toTerminal(bytes);
      },
    });
  }

  /** Virtual ms since `start`. */
  get nowMs(): number {
    return Math.floor(this.queue.nowUs / 1000);
  }

  /** Starts the clock (virtual 0 = now) and queues the inputs. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.startMs = this.clock.nowMs();
    const lte = { network: this.network, modem: this.modem };
    for (const input of this.o.inputs ?? []) this.queue.at(input.atUs, () => playLteInput(input, lte, (device, event, fields) => this.networkEvent(device, event, fields)));
    this.arm();
  }

  /** Stops the clock: nothing more happens, bytes from the terminal are ignored. */
  stop(): void {
    this.running = false;
    if (this.timer !== undefined) this.clock.clearTimer(this.timer);
    this.timer = undefined;
  }

  /** Bytes from the terminal (the post's UART TX): the modem reads them at the wall time now. */
  receive(bytes: Uint8Array): void {
    if (!this.running) return;
    this.advance();
    this.commandLog(bytes);
    this.serial.write(bytes);
    this.arm();
  }

  /** A phone texts the post now (the person at the bench types it). */
  phoneSends(phone: string, text: string): void {
    this.now(() => this.network.phoneSends(phone, this.modem.number, text));
  }

  /** Changes how a phone answers calls from now on. */
  describePhone(phone: string, behaviour: Partial<PhoneBehaviour>): void {
    this.now(() => this.network.describe(phone, behaviour));
  }

  /** Changes the modem's state from now on (a SIM pulled out, the network lost…). */
  setModem(state: Partial<ModemState>): void {
    this.now(() => this.modem.set(state));
  }

  private now(act: () => void): void {
    if (!this.running) return;
    this.advance();
    act();
    this.arm();
  }

  private advance(): void {
    const wallUs = Math.floor((this.clock.nowMs() - this.startMs) * this.speed * 1000);
    this.queue.runUntil(Math.max(this.queue.nowUs, wallUs));
  }

  /** Sets the timer for the queue's next event. */
  private arm(): void {
    if (this.timer !== undefined) this.clock.clearTimer(this.timer);
    this.timer = undefined;
    const next = this.queue.nextAtUs();
    if (!this.running || next === undefined) return;
    const waitMs = Math.max(0, Math.ceil((next - this.queue.nowUs) / 1000 / this.speed));
    this.timer = this.clock.setTimer(waitMs, () => {
      this.timer = undefined;
      if (!this.running) return;
      this.advance();
      this.arm();
    });
  }

  private say(who: string, kind: string, id: MessageId, params?: MessageParams): void {
    this.o.log({ t: this.nowMs, who, kind, text: message(this.lang, id, params) });
  }

  private networkEvent(device: string, event: string, fields: EventFields): void {
    this.o.log({ t: this.nowMs, who: device, kind: event, text: this.timeline.words(event, fields) });
    const reply = event === "phone_sms" ? this.o.replies?.find((r) => r.phone === device) : undefined;
    if (reply === undefined || this.replied.has(device)) return;
    this.replied.add(device);
    this.queue.after(reply.afterMs * 1000, () => this.network.phoneSends(reply.phone, this.modem.number, reply.text));
  }

  /** Logs the post's command lines, and the PDU after `AT+CMGS=` decoded. */
  private commandLog(bytes: Uint8Array): void {
    for (const b of bytes) {
      if (this.inPdu) {
        if (b === 0x1a || b === 0x1b) {
          if (b === 0x1a) this.pduLog(this.fromTerminal.trim());
          this.fromTerminal = "";
          this.inPdu = false;
        } else this.fromTerminal += String.fromCharCode(b);
        continue;
      }
      if (b === 13) {
        const line = this.fromTerminal.trim();
        this.fromTerminal = "";
        if (line === "") continue;
        this.say(MODEM_WHO, "at_command", "modem.at.command", { line });
        this.pduNext = /^AT\+CMGS=/i.test(line);
      } else if (b !== 10) this.fromTerminal += String.fromCharCode(b);
    }
  }

  private pduLog(hex: string): void {
    const d = decodePduHex(hex);
    if (!d.ok || d.sms.kind !== "submit") {
      this.say(MODEM_WHO, "sms_submitted", "modem.at.pdu_unreadable", { reason: d.ok ? d.sms.kind : d.reason });
      return;
    }
    const c = d.sms.concat;
    const part = c === undefined ? "" : message(this.lang, "modem.at.part", { seq: c.seq, total: c.total });
    this.say(MODEM_WHO, "sms_submitted", "modem.at.sms_submitted", { to: this.timeline.who(d.sms.number), part, text: d.sms.text });
  }

  /** Logs the modem's answer lines, the `> ` prompt, and the PDU of a `+CMT` decoded. */
  private answerLog(bytes: Uint8Array): void {
    for (const b of bytes) this.toTerminal += String.fromCharCode(b);
    for (;;) {
      if (this.toTerminal.startsWith("\r\n> ") || this.toTerminal.startsWith("> ")) {
        this.toTerminal = this.toTerminal.slice(this.toTerminal.indexOf(">") + 2);
        this.say(MODEM_WHO, "at_answer", "modem.at.answer", { line: ">" });
        if (this.pduNext) this.inPdu = true;
        this.pduNext = false;
        continue;
      }
      const nl = this.toTerminal.indexOf("\n");
      if (nl < 0) return;
      const line = this.toTerminal.slice(0, nl).trim();
      this.toTerminal = this.toTerminal.slice(nl + 1);
      if (line === "") continue;
      if (this.cmtNext) {
        this.cmtNext = false;
        const d = decodePduHex(line);
        if (d.ok && d.sms.kind === "deliver") {
          this.say(MODEM_WHO, "sms_delivered", "modem.at.sms_delivered", { from: this.timeline.who(d.sms.number), text: d.sms.text });
          continue;
        }
      }
      this.say(MODEM_WHO, "at_answer", "modem.at.answer", { line });
      if (line.startsWith("+CMT:")) this.cmtNext = true;
      if (/^(OK|ERROR|\+CM[ES] ERROR)/.test(line)) this.pduNext = false;
    }
  }
}

/** One log line as the bench sees it: `mm:ss.mmm  who  words`, `who` padded to `width`. */
export function formatFakeModemLine(line: FakeModemLine, width = 12): string {
  return `${formatTime(line.t)}  ${line.who.padEnd(width)}  ${line.text}`;
}
