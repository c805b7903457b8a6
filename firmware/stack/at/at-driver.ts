/**
 * Sends AT commands to a modem one at a time and matches its answers (ITU-T V.250, 3GPP TS 27.007
 * and 27.005), with unsolicited result codes (URCs) interleaved anywhere — even between a
 * command's response lines.
 *
 * - A command ends with a final result code: `OK`, `ERROR`, `+CME ERROR: <err>` (TS 27.007 §9.2),
 *   `+CMS ERROR: <err>` (TS 27.005 §3.2.5), `NO CARRIER`, `BUSY`, `NO ANSWER`, `NO DIALTONE`; or
 *   with a timeout (the modem stopped answering).
 * - Its response lines are those starting with the command's `expect` prefix (e.g. `+CSQ:`), or,
 *   for a command with no prefix, any line that is not a known URC. Every other line is a URC,
 *   handed to `onUrc`; `+CMT:` takes the PDU line that follows it (TS 27.005 §3.4.1).
 * - A command with a `body` (an SMS PDU) waits for the `> ` prompt, then sends the body and
 *   Ctrl-Z (0x1A); a prompt nobody asked for is cancelled with ESC (0x1B).
 * - An echo of the command (before `ATE0` takes effect) is skipped.
 *
 * Passive (STYLE rule 7): `receive(now, bytes)`, `poll(now)` and `deadline()`. Never throws on
 * the modem's bytes: garbage becomes `unknown` URCs or `overlong` items, never an exception.
 */
import { type Ticks, ticksAdd, ticksReached } from "../../core/ticks.ts";
import { AtLineReader } from "./at-lines.ts";

/** Why a command failed. */
export type AtFailure = "error" | "cme_error" | "cms_error" | "timeout" | "no_carrier" | "busy" | "no_answer" | "no_dialtone";

/** The end of a command. */
export type AtResult =
  | { ok: true; lines: string[] }
  | { ok: false; failure: AtFailure; /** the modem's error text or code (`+CMEE=2` gives words), if any */ detail?: string; lines: string[] };

/** A command to send. */
export interface AtCommand {
  /** The command line without its CR, e.g. `AT+CSQ`. */
  line: string;
  /** Prefix of its response lines, e.g. `+CSQ:`; omitted for commands that answer bare text. */
  expect?: string;
  /** Sent after the `> ` prompt, then Ctrl-Z: the hex PDU of `AT+CMGS`. */
  body?: string;
  /** The modem must give a final result within this, ms (the manual's "maximum response time"); with a `body`, counted from the prompt. */
  timeoutMs: number;
  /** Called once with the result. */
  done(result: AtResult): void;
}

/** A URC: the line, and for `+CMT:` the PDU line after it. */
export interface Urc {
  line: string;
  pdu?: string;
}

/** Options of `AtDriver`. */
export interface AtDriverOptions {
  /** Writes bytes to the modem's UART. */
  write(bytes: Uint8Array): void;
  /** Called for each URC, and for each line no command claims. */
  onUrc(urc: Urc): void;
  /** Called when a line was too long and dropped (noise on the line). */
  onGarbage?(chars: number): void;
}

/** Final result codes that end a command (V.250 §5.7.1; TS 27.007 §6.1). */
const FINALS: Readonly<Record<string, AtFailure | "ok">> = {
  OK: "ok",
  ERROR: "error",
  "NO CARRIER": "no_carrier",
  BUSY: "busy",
  "NO ANSWER": "no_answer",
  "NO DIALTONE": "no_dialtone",
};

/**
 * Line prefixes that are URCs unless the pending command expects them (TS 27.007, 27.005; the
 * SIMCom A76XX and Quectel EC200U manuals' URC tables).
 */
export const URC_PREFIXES: readonly string[] = [
  "+CMT:", "+CMTI:", "+CDS:", "+CDSI:", "RING", "+CRING:", "+CLIP:", "+CLCC:", "+COLP:", "+CREG:", "+CEREG:", "+CGREG:",
  "+CPIN:", "+CIEV:", "+CUSD:", "+RXDTMF:", "+DTMF:", "+QTONEDET:", "+QIND:", "VOICE CALL:", "MISSED_CALL:",
  "*ATREADY", "RDY", "SMS DONE", "PB DONE", "+CGEV:", "+CIREGU:", "+CPINR:", "SIM REMOVED", "+SIMCARD:",
];

/** With a `body`, the `> ` prompt must come within this, ms: a module that missed the command never prompts, and `AT+CMGS`'s own 120 s would block the line for nothing. */
export const AT_PROMPT_TIMEOUT_MS = 5_000;

const CTRL_Z = 0x1a;
const ESC = 0x1b;

/** The AT command engine. */
export class AtDriver {
  private readonly o: AtDriverOptions;
  private readonly reader = new AtLineReader();
  private readonly queue: AtCommand[] = [];
  private current: { cmd: AtCommand; lines: string[]; until: Ticks; prompted: boolean } | undefined;
  private cmtPending = false;
  private cmtHeader = "";

  constructor(options: AtDriverOptions) {
    this.o = options;
  }

  /** Whether a command is under way or queued. */
  get busy(): boolean {
    return this.current !== undefined || this.queue.length > 0;
  }

  /**
   * Queues a command; it is written at once if the line is free.
   * @throws RangeError for a line with CR/LF or a timeout outside 1…600000 ms (programmer errors).
   */
  send(now: Ticks, cmd: AtCommand): void {
    if (/[\r\n]/.test(cmd.line)) throw new RangeError(`AT command line must not contain CR or LF: ${JSON.stringify(cmd.line)}`);
    if (!Number.isInteger(cmd.timeoutMs) || cmd.timeoutMs < 1 || cmd.timeoutMs > 600_000) throw new RangeError(`timeoutMs must be an integer 1…600000, got ${cmd.timeoutMs}`);
    this.queue.push(cmd);
    this.next(now);
  }

  /** When `poll` must run (the pending command's timeout), or undefined. */
  deadline(): Ticks | undefined {
    return this.current?.until;
  }

  /**
   * Ends a command whose time is up with `timeout`, then starts the next. A command with a body
   * (`AT+CMGS`) is cancelled with ESC first (27.005 §3.5.1): a module that prompted `> ` late, or
   * is still at the prompt, would otherwise take every later command as the body.
   */
  poll(now: Ticks): void {
    const c = this.current;
    if (!c || !ticksReached(now, c.until)) return;
    if (c.cmd.body !== undefined) this.o.write(Uint8Array.of(ESC));
    this.finish(now, { ok: false, failure: "timeout", lines: c.lines });
  }

  /** Feeds the modem's bytes. Never throws on any bytes (a `done` or `onUrc` that throws is the owner's bug and goes on up). */
  receive(now: Ticks, bytes: Uint8Array): void {
    for (const item of this.reader.push(bytes)) {
      if (item.kind === "overlong") {
        this.cmtPending = false;
        this.o.onGarbage?.(item.chars);
      } else if (item.kind === "prompt") this.prompt(now);
      else this.line(now, item.text);
    }
  }

  private prompt(now: Ticks): void {
    const c = this.current;
    if (c?.cmd.body !== undefined && !c.prompted) {
      c.prompted = true;
      c.until = ticksAdd(now, c.cmd.timeoutMs);
      const body = c.cmd.body;
      const bytes = new Uint8Array(body.length + 1);
      for (let i = 0; i < body.length; i++) bytes[i] = body.charCodeAt(i) & 0x7f;
      bytes[body.length] = CTRL_Z;
      this.o.write(bytes);
    } else this.o.write(Uint8Array.of(ESC));
  }

  private line(now: Ticks, text: string): void {
    if (this.cmtPending) {
      this.cmtPending = false;
      this.o.onUrc({ line: this.cmtHeader, pdu: text });
      return;
    }
    const c = this.current;
    if (c) {
      if (text === c.cmd.line) return; // echo
      const final = finalOf(text);
      if (final) {
        // NO CARRIER / BUSY / NO ANSWER end a dial; for any other command they are a call's URC
        const callFinal = final.failure === "no_carrier" || final.failure === "busy" || final.failure === "no_answer";
        if (!callFinal || /^ATD/i.test(c.cmd.line)) {
          this.finish(now, final.failure === "ok" ? { ok: true, lines: c.lines } : { ok: false, failure: final.failure, ...(final.detail ? { detail: final.detail } : {}), lines: c.lines });
          return;
        }
      } else if (c.cmd.expect !== undefined ? text.startsWith(c.cmd.expect) : !isUrc(text)) {
        c.lines.push(text);
        return;
      }
    }
    if (text.startsWith("+CMT:")) {
      this.cmtPending = true;
      this.cmtHeader = text;
      return;
    }
    this.o.onUrc({ line: text });
  }

  private finish(now: Ticks, result: AtResult): void {
    const c = this.current!;
    this.current = undefined;
    try {
      c.cmd.done(result);
    } finally {
      this.next(now);
    }
  }

  private next(now: Ticks): void {
    if (this.current || this.queue.length === 0) return;
    const cmd = this.queue.shift()!;
    const first = cmd.body === undefined ? cmd.timeoutMs : Math.min(cmd.timeoutMs, AT_PROMPT_TIMEOUT_MS);
    this.current = { cmd, lines: [], until: ticksAdd(now, first), prompted: false };
    const bytes = new Uint8Array(cmd.line.length + 1);
    for (let i = 0; i < cmd.line.length; i++) bytes[i] = cmd.line.charCodeAt(i) & 0x7f;
    bytes[cmd.line.length] = 13;
    this.o.write(bytes);
  }
}

function isUrc(text: string): boolean {
  return URC_PREFIXES.some((p) => text.startsWith(p)) || FINALS[text] !== undefined;
}

function finalOf(text: string): { failure: AtFailure | "ok"; detail?: string } | undefined {
  const f = FINALS[text];
  if (f !== undefined) return { failure: f };
  const m = /^\+(CME|CMS) ERROR:\s*(.*)$/.exec(text);
  if (m) return { failure: m[1] === "CME" ? "cme_error" : "cms_error", detail: m[2]!.trim() };
  return undefined;
}
