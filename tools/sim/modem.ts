/**
 * A model of the post's LTE modem (SIMCom A7670 or Quectel EC200U class, issue 14) on its UART,
 * answering AT commands as the modules' AT manuals describe (3GPP TS 27.007 / 27.005 formats),
 * in virtual time, in front of the simulated phone network (`phone-network.ts`).
 *
 * Answers: `OK` 10 ms after a command; `AT+CPIN?`, `AT+CEREG?`, `AT+CSQ` from its state;
 * `AT+CMGS=<n>` → `> `, then the hex PDU and Ctrl-Z → `+CMGS: <mr>` + `OK` 1.5 s later (the
 * PDU is decoded and handed to the network); `ATD<n>;` → `OK`, then `+CLCC` URCs (2 dialling,
 * 3 alerting, 0 active, 6 released), `VOICE CALL: BEGIN/END` (SIMCom), `BUSY`, `NO CARRIER`;
 * DTMF keys as `+RXDTMF: <key>` (SIMCom) or `+QTONEDET: <code>` (Quectel); an incoming SMS as
 * `+CMT: ,<length>` and its PDU line.
 *
 * Failures (scenario `lte.modem` and `modem` inputs): no SIM (`+CME ERROR: SIM not inserted`,
 * `+CMS ERROR: SIM not inserted`), not registered (`+CEREG: 0,2`; SMS `+CMS ERROR: no network
 * service`), no signal (`+CSQ: 99,99`, and not registered), SMS refused (`+CMS ERROR: <text>`
 * after the PDU), no VoLTE (`ATD` → `+CME ERROR: operation not allowed`; our choice: the
 * manuals do not say what an A76XX without VoLTE answers), silent (says nothing at all).
 * SIMCom's quirk from the field (post-side-facts §2): `+CLCC` stat 0 and `VOICE CALL: BEGIN`
 * come at **ringback**, not when the phone answers.
 */
import { decodePduHex } from "../../firmware/core/sms/pdu-decode.ts";
import { encodeDeliver } from "../../firmware/core/sms/pdu-encode.ts";
import { pduToHex } from "../../firmware/core/sms/pdu-hex.ts";
import type { Serial, SerialHandlers } from "../../firmware/hal/serial.ts";
import type { EventQueue } from "./clock.ts";
import { NETWORK_TIMING, type CallSide, type PhoneNetwork } from "./phone-network.ts";

/** The modem's state (scenario `lte.modem`). */
export interface ModemState {
  sim: boolean;
  registered: boolean;
  /** CSQ rssi 0…31, or 99 for none. */
  rssi: number;
  volte: boolean;
  /** When set, every SMS is refused with `+CMS ERROR: <sms_error>`. */
  smsError: string | undefined;
  /** Says nothing at all (a hung module). */
  silent: boolean;
}

export const MODEM_STATE_DEFAULTS: Readonly<ModemState> = Object.freeze({ sim: true, registered: true, rssi: 20, volte: true, smsError: undefined, silent: false });

/** Answer latency of simple commands, µs. */
const ANSWER_US = 10_000;
/** The post's SIM's own number and its service centre (for the PDUs it receives). */
const SMSC = "+84980200030";

/** Options of `SimModem`. */
export interface SimModemOptions {
  queue: EventQueue;
  network: PhoneNetwork;
  vendor: "simcom" | "quectel";
  /** The post SIM's number (what phones see). */
  number: string;
  state?: Partial<ModemState>;
  /** Unix seconds at t = 0, for SMS time stamps (default 2026-12-05 00:00 UTC+7). */
  wallClockStartS?: number;
}

/** The modem model. */
export class SimModem {
  private readonly o: SimModemOptions;
  private state: ModemState;
  private handlers: SerialHandlers | undefined;
  private line = "";
  private body: { octets: number } | undefined;
  private mr = 0;
  private inCall = false;

  constructor(options: SimModemOptions) {
    this.o = options;
    this.state = { ...MODEM_STATE_DEFAULTS, ...options.state };
    options.network.onSmsToModem((from, text) => this.smsArrives(from, text));
  }

  /** The post SIM's number. */
  get number(): string {
    return this.o.number;
  }

  /** The post's side of the UART. */
  open(handlers: SerialHandlers): Serial {
    this.handlers = handlers;
    return { write: (bytes) => this.written(bytes) };
  }

  /** Changes the state (a scenario `modem` input). */
  set(state: Partial<ModemState>): void {
    this.state = { ...this.state, ...state };
  }

  private send(text: string, delayUs = ANSWER_US): void {
    if (this.state.silent) return;
    this.o.queue.after(delayUs, () => this.handlers?.onReceive(Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff)));
  }

  private written(bytes: Uint8Array): void {
    for (const b of bytes) {
      if (this.body) {
        if (b === 0x1a) this.submit(this.line);
        else if (b === 0x1b) this.body = undefined;
        else {
          this.line += String.fromCharCode(b);
          continue;
        }
        this.line = "";
        this.body = undefined;
        continue;
      }
      if (b === 13) {
        const cmd = this.line.trim();
        this.line = "";
        if (cmd !== "") this.command(cmd);
      } else if (b !== 10 && b !== 0x1b) this.line += String.fromCharCode(b); // ESC outside a prompt cancels nothing
    }
  }

  private command(cmd: string): void {
    const s = this.state;
    const ok = (before = "") => this.send(`${before}\r\nOK\r\n`);
    const upper = cmd.toUpperCase();
    if (/^AT(E0|\+CMEE=2|\+CMGF=0|\+CNMI=.*|\+CLCC=1)?$/.test(upper)) return ok();
    if (upper === "AT+DDET=1") return this.o.vendor === "simcom" ? ok() : this.send("\r\nERROR\r\n");
    if (upper === "AT+QTONEDET=1") return this.o.vendor === "quectel" ? ok() : this.send("\r\nERROR\r\n");
    if (upper === "AT+CPIN?") return s.sim ? ok("\r\n+CPIN: READY\r\n") : this.send("\r\n+CME ERROR: SIM not inserted\r\n");
    if (upper === "AT+CEREG?") return ok(`\r\n+CEREG: 0,${this.registered() ? 1 : s.sim ? 2 : 0}\r\n`);
    if (upper === "AT+CSQ") return ok(`\r\n+CSQ: ${s.sim ? s.rssi : 99},99\r\n`);
    let m = /^AT\+CMGS=(\d+)$/.exec(upper);
    if (m) {
      if (!s.sim) return this.send("\r\n+CMS ERROR: SIM not inserted\r\n");
      if (!this.registered()) return this.send("\r\n+CMS ERROR: no network service\r\n");
      this.body = { octets: Number(m[1]) };
      return this.send("\r\n> ");
    }
    m = /^ATD(\+?[0-9]+);$/.exec(upper);
    if (m) return this.dial(m[1]!);
    if (upper === "ATH" || upper === "AT+CHUP") {
      if (this.inCall) {
        this.inCall = false;
        this.o.network.hangUp();
        this.callEnded("hung_up");
      }
      return ok();
    }
    this.send("\r\nERROR\r\n");
  }

  private registered(): boolean {
    return this.state.sim && this.state.registered && this.state.rssi !== 99;
  }

  private submit(hex: string): void {
    const d = decodePduHex(hex);
    if (!d.ok || d.sms.kind !== "submit") return this.send("\r\n+CMS ERROR: invalid PDU mode parameter\r\n", NETWORK_TIMING.submitMs * 1000);
    if (this.state.smsError !== undefined) return this.send(`\r\n+CMS ERROR: ${this.state.smsError}\r\n`, NETWORK_TIMING.submitMs * 1000);
    this.mr = (this.mr + 1) & 0xff;
    const mr = this.mr;
    const sms = d.sms;
    this.o.queue.after(NETWORK_TIMING.submitMs * 1000, () => {
      this.o.network.submitted(this.o.number, sms.number, sms.text, sms.concat);
      this.send(`\r\n+CMGS: ${mr}\r\n\r\nOK\r\n`, 0);
    });
  }

  private dial(to: string): void {
    if (!this.registered()) return this.send("\r\nNO CARRIER\r\n");
    if (!this.state.volte) return this.send("\r\n+CME ERROR: operation not allowed\r\n");
    if (this.inCall) return this.send("\r\nERROR\r\n");
    this.inCall = true;
    const simcom = this.o.vendor === "simcom";
    const clcc = (stat: number) => `\r\n+CLCC: 1,0,${stat},0,0,"${to}",145\r\n`;
    this.send(`\r\nOK\r\n${clcc(2)}`);
    const side: CallSide = {
      alerting: () => this.send(clcc(3) + (simcom ? `\r\nVOICE CALL: BEGIN\r\n${clcc(0)}` : ""), 0),
      answered: () => {
        if (!simcom) this.send(clcc(0), 0);
      },
      key: (key) => this.send(simcom ? `\r\n+RXDTMF: ${key}\r\n` : `\r\n+QTONEDET: ${key.charCodeAt(0)}\r\n`, 0),
      ended: (why) => {
        if (!this.inCall) return;
        this.inCall = false;
        this.callEnded(why);
      },
    };
    this.o.network.dial(this.o.number, to, side);
  }

  private callEnded(why: string): void {
    const simcom = this.o.vendor === "simcom";
    const end = simcom ? "\r\nVOICE CALL: END: 000000\r\n" : "";
    const final = why === "busy" ? "\r\nBUSY\r\n" : why === "no_answer" ? "\r\nNO ANSWER\r\n" : why === "hung_up" ? "" : "\r\nNO CARRIER\r\n";
    this.send(`${end}\r\n+CLCC: 1,0,6,0,0\r\n${final}`, 0);
  }

  private smsArrives(from: string, text: string): void {
    const start = this.o.wallClockStartS ?? 1_796_403_600;
    const t = new Date((start + Math.floor(this.o.queue.nowUs / 1e6) + 7 * 3600) * 1000);
    let pdu: Uint8Array;
    try {
      pdu = encodeDeliver(from, text, {
        smsc: SMSC,
        timestamp: { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate(), hour: t.getUTCHours(), minute: t.getUTCMinutes(), second: t.getUTCSeconds(), zoneQuarters: 28 },
      });
    } catch {
      return; // a text that does not fit one SMS: the scenario check refuses it, nothing to deliver here
    }
    const hex = pduToHex(pdu);
    const tpdu = pdu.length - 1 - pdu[0]!;
    this.send(`\r\n+CMT: ,${tpdu}\r\n${hex}\r\n`, 0);
  }
}
