/**
 * The post's LTE modem (SIMCom A7670/A7680C or Quectel EC200U/EC800M, issue 14) over `AtDriver`:
 * sends SMS in PDU mode (UCS-2, concatenated; `firmware/core/sms/`), makes and ends voice calls,
 * reads call states, DTMF keys and incoming SMS, and supervises itself like a caller (SIM,
 * registration, signal), reporting `modem_fault` / `modem_ok`.
 *
 * Commands used (3GPP TS 27.007 / 27.005 unless named):
 * - start: `ATE0` (no echo), `AT+CMEE=2` (errors in words), `AT+CMGF=0` (PDU mode),
 *   `AT+CNMI=2,2,0,0,0` (an incoming SMS comes at once as `+CMT:` and is not stored),
 *   `AT+CLCC=1` (call states as `+CLCC:` URCs), then DTMF detection: SIMCom `AT+DDET=1` (URC
 *   `+RXDTMF: <key>`), Quectel `AT+QTONEDET=1` (URC `+QTONEDET: <ASCII code>`);
 * - health, every `healthMs`: `AT+CPIN?` (`READY`), `AT+CEREG?` (stat 1 home or 5 roaming),
 *   `AT+CSQ` (rssi 0…31; 99 unknown). A fault is checked again after 10 s, doubling to 5 min;
 *   a weak signal while registered is a warning that stops nothing (`ModemFault`);
 * - SMS: `AT+CMGS=<TPDU octets>`, `> `, the hex PDU and Ctrl-Z, `+CMGS: <mr>` then `OK`;
 * - calls: `ATD<number>;`, `ATH`; `+CLCC: <id>,<dir>,<stat>,…` stat 2 dialling, 3 alerting,
 *   0 active, 6 released; `NO CARRIER`, `BUSY`, `NO ANSWER`. An "active" call is reported as
 *   `connected` only: some modules report it at ringback (post-side-facts §2).
 *
 * Passive: `receive`, `poll`, `deadline`; results go to the `ModemListener`.
 */
import { modemStillServes, type ModemFault } from "../../core/modem-fault.ts";
import { decodePduHex } from "../../core/sms/pdu-decode.ts";
import { encodeSubmit } from "../../core/sms/pdu-encode.ts";
import { pduToHex } from "../../core/sms/pdu-hex.ts";
import { isE164 } from "../../core/sms/phone-number.ts";
import { type Ticks, earliest, ticksAdd, ticksReached } from "../../core/ticks.ts";
import { AtDriver, type AtResult, type Urc } from "./at-driver.ts";
import { cmsErrorWords } from "./cms-errors.ts";

/** What is wrong with the modem: the list and which still serve are core's (`core/modem-fault.ts`). */
export type { ModemFault };

/** What the modem reports. */
export interface ModemListener {
  smsResult(id: number, ok: boolean, error?: string): void;
  callProgress(id: number, state: "alerting" | "connected"): void;
  callEnded(id: number, outcome: "no_answer" | "busy" | "rejected" | "failed" | "hung_up" | "ended", error?: string): void;
  dtmf(key: string): void;
  smsReceived(from: string, text: string): void;
  /**
   * The modem's state changed: `ready` whether SMS and calls may be tried; `fault` what is wrong
   * (none when healthy; with `ready` true, a warning such as `weak_signal`); `detail` in words.
   */
  health(ready: boolean, fault?: ModemFault, detail?: string): void;
  /** A line nobody understood, or noise: for the event log. */
  garbage(what: string): void;
}

/** Options of `Modem`. */
export interface ModemOptions {
  vendor: "simcom" | "quectel";
  write(bytes: Uint8Array): void;
  listener: ModemListener;
  /** Health check period when healthy, ms, 10000…3600000 (default 60000). */
  healthMs?: number;
  /** The weakest good signal, CSQ rssi 0…31 (default 5 ≈ −103 dBm: below it SMS and calls fail often, a `weak_signal` warning). */
  minRssi?: number;
}

/**
 * Timeouts, ms: simple commands 300 ms…9 s in the A76XX and EC200U manuals. `AT+CMGS` waits for
 * the network's RP-ACK, whose own timer TR1M is 35…45 s (3GPP TS 24.011 §10): after it the module
 * must answer, with `+CMS ERROR` if nothing came, so 60 s of silence is a hung module (the
 * manuals' 120 s "maximum response time" would leave the duty phones unwarned twice as long). A
 * timeout is proof the module stopped answering: `not_answering` at once.
 */
export const MODEM_TIMEOUTS = Object.freeze({ simple: 9_000, cmgs: 60_000, dial: 20_000, hangUp: 20_000 });
const FAULT_RETRY_MS = 10_000;
/** How long after `+CLCC` stat 6 (released) the call's final result may still come, ms. */
const CALL_RELEASE_MS = 1_000;
const FAULT_RETRY_MAX_MS = 300_000;
/**
 * SMS refused (or calls that could not be made) in a row before the modem is reported faulty.
 * One refusal can be the network's passing trouble (27.005 332 network timeout, 42 congestion);
 * three in a row — the first round to a three-phone duty list, or one phone's retries — is a
 * line that cannot text (out of credit, barred, no SMSC) and someone at the post must know.
 */
export const REFUSALS_FOR_FAULT = 3;

/** The modem. */
export class Modem {
  private readonly o: Required<Omit<ModemOptions, "listener" | "write">> & ModemOptions;
  private readonly at: AtDriver;
  private checkAt: Ticks | undefined;
  private fault: ModemFault | undefined = undefined;
  private faultDetail: string | undefined;
  /** SMS refused in a row, and the last refusal in words. */
  private smsRefused = { count: 0, error: "" };
  /** Calls that could not be made in a row, and the last failure in words. */
  private callsRefused = { count: 0, error: "" };
  private reported: "ok" | ModemFault | undefined;
  private retryMs = FAULT_RETRY_MS;
  private call: { id: number; state: "dialling" | "alerting" | "connected"; hangingUp: boolean; releasedAt?: Ticks } | undefined;
  private lastNow: Ticks = 0;
  private ref = 0;
  private checking = false;

  /** @throws RangeError for a healthMs or minRssi out of range. */
  constructor(options: ModemOptions) {
    const healthMs = options.healthMs ?? 60_000;
    if (!Number.isInteger(healthMs) || healthMs < 10_000 || healthMs > 3_600_000) throw new RangeError(`healthMs must be an integer 10000…3600000, got ${healthMs}`);
    const minRssi = options.minRssi ?? 5;
    if (!Number.isInteger(minRssi) || minRssi < 0 || minRssi > 31) throw new RangeError(`minRssi must be an integer 0…31, got ${minRssi}`);
    this.o = { ...options, healthMs, minRssi };
    this.at = new AtDriver({ write: options.write, onUrc: (u) => this.urc(u), onGarbage: (n) => options.listener.garbage(`${n} characters of noise`) });
  }

  /** Sends the start-up commands, then the first health check. */
  start(now: Ticks): void {
    this.setUp(now);
    this.check(now);
  }

  /** The start-up commands: again at each check while the module is not answering (a module that reset itself, or was reset, forgot them). */
  private setUp(now: Ticks): void {
    const simple = (line: string) => this.send(now, { line, timeoutMs: MODEM_TIMEOUTS.simple, done: () => {} });
    simple("ATE0");
    simple("AT+CMEE=2");
    simple("AT+CMGF=0");
    simple("AT+CNMI=2,2,0,0,0");
    simple("AT+CLCC=1");
    simple(this.o.vendor === "simcom" ? "AT+DDET=1" : "AT+QTONEDET=1");
  }

  /** Sends `cmd`; a timeout of any command is a `not_answering` fault at once (`MODEM_TIMEOUTS`). */
  private send(now: Ticks, cmd: Parameters<AtDriver["send"]>[1]): void {
    this.at.send(now, {
      ...cmd,
      done: (r) => {
        if (!r.ok && r.failure === "timeout") this.timedOut(this.lastNow);
        cmd.done(r);
      },
    });
  }

  /** A command went unanswered: `not_answering` now, checked again (and set up again) after 10 s, doubling. */
  private timedOut(now: Ticks): void {
    if (this.fault === "not_answering") return;
    this.fault = "not_answering";
    this.faultDetail = undefined;
    this.retryMs = FAULT_RETRY_MS;
    if (!this.checking) {
      this.checkAt = ticksAdd(now, this.retryMs);
      this.retryMs = Math.min(FAULT_RETRY_MAX_MS, this.retryMs * 2);
    }
    this.report();
  }

  /** When `poll` must run. */
  deadline(): Ticks | undefined {
    return earliest(earliest(this.at.deadline(), this.checkAt), this.call?.releasedAt);
  }

  /** Runs timeouts and the health check when due. */
  poll(now: Ticks): void {
    this.lastNow = now;
    this.at.poll(now);
    const c = this.call;
    if (c?.releasedAt !== undefined && ticksReached(now, c.releasedAt)) this.endCall(c.state === "connected" ? "ended" : "no_answer");
    if (this.checkAt !== undefined && ticksReached(now, this.checkAt)) this.check(now);
  }

  /** The modem's bytes. */
  receive(now: Ticks, bytes: Uint8Array): void {
    this.lastNow = now;
    this.at.receive(now, bytes);
  }

  /** Sends `text` to `to` as one SMS or a concatenated one; `smsResult(id, …)` when all parts went or one failed. */
  sendSms(now: Ticks, id: number, to: string, text: string): void {
    if (!isE164(to)) {
      this.o.listener.smsResult(id, false, `not an E.164 number: ${to}`);
      return;
    }
    this.ref = (this.ref + 1) & 0xff;
    const parts = encodeSubmit(to, text, { ref: this.ref });
    let left = parts.length;
    let failed = false;
    for (const p of parts) {
      this.send(now, {
        line: `AT+CMGS=${p.tpduOctets}`,
        expect: "+CMGS:",
        body: pduToHex(p.bytes),
        timeoutMs: MODEM_TIMEOUTS.cmgs,
        done: (r) => {
          if (failed) return;
          if (!r.ok) {
            failed = true;
            // a timeout is the modem's silence, not a refusal: the health check sees it
            if (r.failure !== "timeout") this.refused(this.smsRefused, words(r));
            this.o.listener.smsResult(id, false, words(r));
            return;
          }
          if (--left === 0) {
            this.accepted(this.smsRefused);
            this.o.listener.smsResult(id, true);
          }
        },
      });
    }
  }

  /** Dials `to` for a voice call. */
  dial(now: Ticks, id: number, to: string): void {
    if (!isE164(to)) {
      this.o.listener.callEnded(id, "failed", `not an E.164 number: ${to}`);
      return;
    }
    this.call = { id, state: "dialling", hangingUp: false };
    this.send(now, {
      line: `ATD${to};`,
      timeoutMs: MODEM_TIMEOUTS.dial,
      done: (r) => {
        if (r.ok || this.call?.id !== id) return;
        // NO CARRIER as ATD's own answer: the network never set the call up (e.g. registration lost)
        this.endCall(r.failure === "busy" ? "busy" : r.failure === "no_answer" ? "no_answer" : "failed", words(r));
      },
    });
  }

  /** Hangs up the call `id` (if it is still the one under way). */
  hangUp(now: Ticks, id: number): void {
    if (this.call?.id !== id) return;
    this.call.hangingUp = true;
    this.send(now, { line: "ATH", timeoutMs: MODEM_TIMEOUTS.hangUp, done: () => this.endCall("hung_up") });
  }

  private endCall(outcome: Parameters<ModemListener["callEnded"]>[1], error?: string): void {
    const c = this.call;
    if (!c) return;
    this.call = undefined;
    if (outcome === "failed" && c.state === "dialling") this.refused(this.callsRefused, error ?? "failed");
    else if (c.state !== "dialling" || outcome === "busy" || outcome === "no_answer") this.accepted(this.callsRefused);
    this.o.listener.callEnded(c.id, c.hangingUp ? "hung_up" : outcome, error);
  }

  private check(now: Ticks): void {
    this.checkAt = undefined;
    if (this.checking) return;
    this.checking = true;
    if (this.fault === "not_answering") this.setUp(now);
    const results: { cpin?: AtResult; reg?: AtResult; csq?: AtResult } = {};
    this.send(now, { line: "AT+CPIN?", expect: "+CPIN:", timeoutMs: MODEM_TIMEOUTS.simple, done: (r) => (results.cpin = r) });
    this.send(now, { line: "AT+CEREG?", expect: "+CEREG:", timeoutMs: MODEM_TIMEOUTS.simple, done: (r) => (results.reg = r) });
    this.send(now, {
      line: "AT+CSQ",
      expect: "+CSQ:",
      timeoutMs: MODEM_TIMEOUTS.simple,
      done: (r) => {
        results.csq = r;
        this.checking = false;
        this.judge(now, results);
      },
    });
  }

  private judge(now: Ticks, r: { cpin?: AtResult; reg?: AtResult; csq?: AtResult }): void {
    let fault: ModemFault | undefined;
    let detail: string | undefined;
    const all = [r.cpin, r.reg, r.csq];
    if (all.some((x) => x && !x.ok && x.failure === "timeout")) {
      fault = "not_answering";
    }
    else if (!r.cpin?.ok || !r.cpin.lines.some((l) => /^\+CPIN:\s*READY/.test(l))) {
      fault = "no_sim";
      detail = r.cpin?.ok ? r.cpin.lines.join(" ") : r.cpin ? words(r.cpin) : undefined;
    } else {
      const reg = r.reg?.ok ? /^\+CEREG:\s*\d+,(\d+)/.exec(r.reg.lines[0] ?? "") : null;
      const stat = reg ? Number(reg[1]) : -1;
      const csq = r.csq?.ok ? /^\+CSQ:\s*(\d+),/.exec(r.csq.lines[0] ?? "") : null;
      const rssi = csq ? Number(csq[1]) : 99;
      if (stat !== 1 && stat !== 5) {
        fault = "not_registered";
        detail = `CEREG stat ${stat}`;
      } else if (rssi === 99 || rssi < this.o.minRssi) {
        fault = "weak_signal";
        detail = `CSQ ${rssi}`;
      }
    }
    this.fault = fault;
    this.faultDetail = detail;
    if (fault) {
      this.checkAt = ticksAdd(now, this.retryMs);
      this.retryMs = Math.min(FAULT_RETRY_MAX_MS, this.retryMs * 2);
    } else {
      this.retryMs = FAULT_RETRY_MS;
      this.checkAt = ticksAdd(now, this.o.healthMs);
    }
    this.report();
  }

  /** An SMS or a call refused: `REFUSALS_FOR_FAULT` in a row are a fault. */
  private refused(k: { count: number; error: string }, error: string): void {
    k.count++;
    k.error = error;
    if (k.count >= REFUSALS_FOR_FAULT) this.report();
  }

  /** An SMS went, or a call reached the network: the refusals in a row are over. */
  private accepted(k: { count: number; error: string }): void {
    const was = k.count >= REFUSALS_FOR_FAULT;
    k.count = 0;
    if (was) this.report();
  }

  /**
   * Tells the listener the modem's state when it changed: the health check's definite fault
   * first, then SMS refused, calls refused, a weak signal (which still serve: the escalation
   * keeps trying, `modemStillServes`), else healthy.
   */
  private report(): void {
    let fault: ModemFault | undefined;
    let detail: string | undefined;
    if (this.fault !== undefined && !modemStillServes(this.fault)) [fault, detail] = [this.fault, this.faultDetail];
    else if (this.smsRefused.count >= REFUSALS_FOR_FAULT) [fault, detail] = ["sms_refused", this.smsRefused.error];
    else if (this.callsRefused.count >= REFUSALS_FOR_FAULT) [fault, detail] = ["calls_refused", this.callsRefused.error];
    else [fault, detail] = [this.fault, this.faultDetail];
    const state = fault ?? "ok";
    if (state === this.reported) return;
    this.reported = state;
    this.o.listener.health(fault === undefined || modemStillServes(fault), fault, detail);
  }

  private urc(u: Urc): void {
    const l = this.o.listener;
    const line = u.line;
    if (line.startsWith("+CMT:")) {
      const d = decodePduHex(u.pdu ?? "");
      if (d.ok) l.smsReceived(d.sms.number, d.sms.text);
      else l.garbage(`unreadable SMS (${d.reason})`);
      return;
    }
    let m = /^\+CLCC:\s*(\d+),(\d+),(\d+)/.exec(line);
    if (m) {
      const stat = Number(m[3]);
      const c = this.call;
      if (!c || m[2] !== "0") return; // only our outgoing call (dir 0, mobile originated)
      if (stat === 3 && c.state === "dialling") {
        c.state = "alerting";
        this.accepted(this.callsRefused);
        l.callProgress(c.id, "alerting");
      } else if (stat === 0 && c.state !== "connected") {
        c.state = "connected";
        l.callProgress(c.id, "connected");
      } else if (stat === 6 && c.releasedAt === undefined) {
        // released: the final (NO CARRIER, BUSY, NO ANSWER) that follows says why and ends the
        // call; without one within CALL_RELEASE_MS the call ends anyway. Ending it here would let
        // the next ATD go out before that final, which the driver would then take as the new
        // dial's answer.
        c.releasedAt = ticksAdd(this.lastNow, CALL_RELEASE_MS);
      }
      return;
    }
    if (line === "NO CARRIER" || line === "BUSY" || line === "NO ANSWER") {
      const c = this.call;
      if (c) this.endCall(line === "BUSY" ? "busy" : line === "NO ANSWER" ? "no_answer" : c.state === "connected" ? "ended" : "rejected");
      return;
    }
    m = /^\+(?:RXDTMF|DTMF):\s*([0-9A-D*#])/.exec(line);
    if (m) {
      if (this.call) l.dtmf(m[1]!);
      return;
    }
    m = /^\+QTONEDET:\s*(\d+)/.exec(line);
    if (m) {
      if (this.call) l.dtmf(String.fromCharCode(Number(m[1])));
      return;
    }
    if (/^(\+CEREG|\+CREG|\+CPIN|RING|\+CLIP|\+COLP|VOICE CALL:|\+CIEV|RDY|\*ATREADY|SMS DONE|PB DONE|\+QIND|\+CGEV|\+CIREGU)/.test(line)) return;
    l.garbage(`unexpected line: ${line.slice(0, 80)}`);
  }
}

/** A failed command's result in words. */
function words(r: AtResult): string {
  if (r.ok) return "ok";
  const base = { error: "ERROR", cme_error: "+CME ERROR", cms_error: "+CMS ERROR", timeout: "no answer from the modem", no_carrier: "NO CARRIER", busy: "BUSY", no_answer: "NO ANSWER", no_dialtone: "NO DIALTONE" }[r.failure];
  return r.detail ? `${base}: ${r.failure === "cms_error" ? cmsErrorWords(r.detail) : r.detail}` : base;
}
