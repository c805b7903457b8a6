/**
 * Test support: plays a modem's side of an AT transcript against a `Modem`. Each rule answers a
 * command line the modem receives (and the body after a `> ` prompt) with the bytes the module's
 * manual shows; the answer is handed over split into chunks the test chooses (every byte alone,
 * random cuts), with URCs spliced in where the test says. What the `Modem` reports is recorded as
 * lines, so two runs compare with `deepEqual`.
 */
import { Modem, type ModemListener } from "../../../firmware/stack/at/modem.ts";

/** Reply to a command: the bytes, or undefined for a modem that says nothing. */
export type Rule = [match: RegExp, reply: string | undefined];

export interface PlayOptions {
  vendor?: "simcom" | "quectel";
  rules: Rule[];
  /** Cuts each reply into chunks: the default hands it over whole. */
  split?: (text: string) => string[];
  /** Extra bytes from the modem after the start-up, e.g. URCs. */
  later?: string[];
  /** What to do once started: send an SMS, dial … */
  act?: (m: Modem, now: () => number) => void;
  /** Virtual ms to run, advancing to each deadline. */
  runMs?: number;
}

export interface Played {
  reports: string[];
  written: string[];
}

const encoder = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);

/** Plays a transcript; returns what the Modem reported and every command line it wrote. */
export function playModem(o: PlayOptions): Played {
  const reports: string[] = [];
  const written: string[] = [];
  let now = 1000;
  const inbox: string[] = [];
  let pendingOut = "";
  const listener: ModemListener = {
    smsResult: (id, ok, error) => reports.push(`sms ${id} ${ok ? "ok" : `failed ${error}`}`),
    callProgress: (id, state) => reports.push(`call ${id} ${state}`),
    callEnded: (id, outcome, error) => reports.push(`call ${id} ended ${outcome}${error ? ` ${error}` : ""}`),
    dtmf: (key) => reports.push(`dtmf ${key}`),
    smsReceived: (from, text) => reports.push(`sms from ${from}: ${text}`),
    health: (ready, fault, detail) => reports.push(fault === undefined ? "modem ok" : `modem ${ready ? "warning" : "fault"} ${fault}${detail ? ` (${detail})` : ""}`),
    garbage: (what) => reports.push(`garbage ${what}`),
  };
  const modem = new Modem({
    vendor: o.vendor ?? "simcom",
    listener,
    write: (bytes) => {
      pendingOut += String.fromCharCode(...bytes);
      // a command ends with CR; a PDU body with Ctrl-Z; ESC cancels a prompt
      for (;;) {
        const end = pendingOut.search(/[\r\x1a\x1b]/);
        if (end < 0) break;
        const cmd = pendingOut.slice(0, end + 1);
        pendingOut = pendingOut.slice(end + 1);
        const shown = cmd.replace(/\r$/, "").replace(/\x1a$/, "<^Z>").replace(/\x1b$/, "<ESC>");
        written.push(shown);
        const rule = o.rules.find(([re]) => re.test(shown));
        if (rule?.[1] !== undefined) inbox.push(rule[1]);
      }
    },
  });
  const deliver = () => {
    while (inbox.length > 0) {
      const text = inbox.shift()!;
      for (const chunk of o.split ? o.split(text) : [text]) modem.receive(now >>> 0, encoder(chunk));
    }
  };
  modem.start(now);
  deliver();
  o.act?.(modem, () => now);
  deliver();
  for (const l of o.later ?? []) {
    inbox.push(l);
    deliver();
  }
  const end = now + (o.runMs ?? 0);
  for (let guard = 0; guard < 10_000; guard++) {
    const d = modem.deadline();
    if (d === undefined || d > end) break;
    now = Math.max(now, d);
    modem.poll(now);
    deliver();
  }
  return { reports, written };
}

/** Replies of a healthy SIMCom A7670 to the start-up and health commands (A76XX AT manual: CPIN, CEREG, CSQ). */
export const HEALTHY: Rule[] = [
  [/^ATE0$/, "ATE0\r\r\nOK\r\n"], // the echo of ATE0 itself comes before it takes effect
  [/^AT\+CMEE=2$/, "\r\nOK\r\n"],
  [/^AT\+CMGF=0$/, "\r\nOK\r\n"],
  [/^AT\+CNMI=2,2,0,0,0$/, "\r\nOK\r\n"],
  [/^AT\+CLCC=1$/, "\r\nOK\r\n"],
  [/^AT\+DDET=1$/, "\r\nOK\r\n"],
  [/^AT\+QTONEDET=1$/, "\r\nOK\r\n"],
  [/^AT\+CPIN\?$/, "\r\n+CPIN: READY\r\n\r\nOK\r\n"],
  [/^AT\+CEREG\?$/, "\r\n+CEREG: 0,1\r\n\r\nOK\r\n"],
  [/^AT\+CSQ$/, "\r\n+CSQ: 21,99\r\n\r\nOK\r\n"],
];

/** `rules` with some replaced (matched by the same pattern source). */
export function withRules(base: Rule[], changes: Rule[]): Rule[] {
  return [...changes, ...base.filter(([re]) => !changes.some(([c]) => c.source === re.source))];
}

/** Every byte alone. */
export const byteByByte = (text: string) => [...text];
