/**
 * The phone network of a simulation (issue 14): the officers' phones and what the network does
 * between them and the post's modem (`modem.ts`). SMS from the modem are put together from
 * their parts (TS 23.040 concatenation) and shown on the phone — the decoded Vietnamese text is
 * the `phone_sms` event; calls ring, are answered, rejected, busy or unanswered as each phone's
 * behaviour says; a phone that answers may press a key; a phone may send the post an SMS.
 *
 * Events (device = the phone's number): `phone_sms` {from, text, parts}, `phone_ringing`
 * {from}, `phone_answered`, `phone_key` {key}, `phone_call_ended` {why}, `phone_sends_sms`
 * {to, text}. Times, from field practice rather than any standard: SMS delivery 2 s after the
 * submit, ringing 2 s after the dial, the network gives up on an unanswered call after 30 s.
 */
import type { EventFields } from "../../firmware/hal/events.ts";
import type { EventQueue } from "./clock.ts";

/** How a phone answers calls (scenario `answers`). */
export type Answers = "yes" | "no" | "busy" | "reject";

/** A phone's behaviour; changed by scenario inputs. */
export interface PhoneBehaviour {
  answers: Answers;
  /** After answering, the key pressed, if any (e.g. "1"). */
  press: string | undefined;
  /** Ringing before the phone answers (or rejects), ms. */
  ringMs: number;
}

/** Defaults of a phone: answers after 8 s and presses no key. */
export const PHONE_DEFAULTS: Readonly<PhoneBehaviour> = Object.freeze({ answers: "yes", press: undefined, ringMs: 8_000 });

/** Network timing, ms. */
export const NETWORK_TIMING = Object.freeze({ smsDeliveryMs: 2_000, ringbackMs: 2_000, noAnswerMs: 30_000, keyAfterAnswerMs: 3_000, submitMs: 1_500 });

/** What the network tells the modem about its call. */
export interface CallSide {
  alerting(): void;
  answered(): void;
  key(key: string): void;
  ended(why: "busy" | "rejected" | "no_answer" | "hung_up_by_phone"): void;
}

/** Options of `PhoneNetwork`. */
export interface PhoneNetworkOptions {
  queue: EventQueue;
  emit(device: string, event: string, fields: EventFields): void;
  /** Behaviour of phones not otherwise described. */
  defaults?: Partial<PhoneBehaviour>;
}

/** The network and its phones. */
export class PhoneNetwork {
  private readonly o: PhoneNetworkOptions;
  private readonly phones = new Map<string, PhoneBehaviour>();
  private readonly parts = new Map<string, { total: number; got: Map<number, string> }>();
  private incoming: ((from: string, text: string) => void) | undefined;
  private call: { to: string; side: CallSide; timers: ReturnType<EventQueue["after"]>[] } | undefined;

  constructor(options: PhoneNetworkOptions) {
    this.o = options;
  }

  /** Sets (part of) a phone's behaviour from now on. */
  describe(phone: string, behaviour: Partial<PhoneBehaviour>): void {
    this.phones.set(phone, { ...this.behaviour(phone), ...behaviour });
  }

  /** Where SMS to the post's modem go. */
  onSmsToModem(deliver: (from: string, text: string) => void): void {
    this.incoming = deliver;
  }

  /** The phone `from` sends the post's modem `text`; it arrives after the delivery time. */
  phoneSends(from: string, to: string, text: string): void {
    this.o.emit(from, "phone_sends_sms", { to, text });
    this.o.queue.after(NETWORK_TIMING.smsDeliveryMs * 1000, () => this.incoming?.(from, text));
  }

  /** The modem submitted one part of an SMS (or a whole one, `concat` undefined). */
  submitted(from: string, to: string, text: string, concat: { ref: number; total: number; seq: number } | undefined): void {
    if (!concat) {
      this.o.queue.after(NETWORK_TIMING.smsDeliveryMs * 1000, () => this.o.emit(to, "phone_sms", { from, text, parts: 1 }));
      return;
    }
    const key = `${from}>${to}#${concat.ref}`;
    let p = this.parts.get(key);
    if (!p) this.parts.set(key, (p = { total: concat.total, got: new Map() }));
    p.got.set(concat.seq, text);
    if (p.got.size < p.total) return;
    this.parts.delete(key);
    let whole = "";
    for (let i = 1; i <= p.total; i++) whole += p.got.get(i) ?? "";
    const total = p.total;
    this.o.queue.after(NETWORK_TIMING.smsDeliveryMs * 1000, () => this.o.emit(to, "phone_sms", { from, text: whole, parts: total }));
  }

  /** The modem dials `to`; the network drives `side` as the phone behaves. */
  dial(from: string, to: string, side: CallSide): void {
    const b = this.behaviour(to);
    const q = this.o.queue;
    const timers: ReturnType<EventQueue["after"]>[] = [];
    this.call = { to, side, timers };
    const at = (ms: number, run: () => void) => timers.push(q.after(ms * 1000, run));
    const end = (why: "busy" | "rejected" | "no_answer" | "hung_up_by_phone") => {
      if (this.call?.side !== side) return;
      this.stopTimers();
      this.call = undefined;
      this.o.emit(to, "phone_call_ended", { why });
      side.ended(why);
    };
    if (b.answers === "busy") {
      at(NETWORK_TIMING.ringbackMs, () => end("busy"));
      return;
    }
    at(NETWORK_TIMING.ringbackMs, () => {
      this.o.emit(to, "phone_ringing", { from });
      side.alerting();
    });
    if (b.answers === "reject") at(NETWORK_TIMING.ringbackMs + b.ringMs, () => end("rejected"));
    else if (b.answers === "no" || b.ringMs >= NETWORK_TIMING.noAnswerMs) at(NETWORK_TIMING.ringbackMs + NETWORK_TIMING.noAnswerMs, () => end("no_answer"));
    else {
      at(NETWORK_TIMING.ringbackMs + b.ringMs, () => {
        this.o.emit(to, "phone_answered", {});
        side.answered();
      });
      if (b.press !== undefined) {
        const key = b.press;
        at(NETWORK_TIMING.ringbackMs + b.ringMs + NETWORK_TIMING.keyAfterAnswerMs, () => {
          this.o.emit(to, "phone_key", { key });
          side.key(key);
        });
      }
      // nobody speaks on the line: the officer hangs up after a minute
      at(NETWORK_TIMING.ringbackMs + b.ringMs + 60_000, () => end("hung_up_by_phone"));
    }
  }

  /** The modem hung up. */
  hangUp(): void {
    const c = this.call;
    if (!c) return;
    this.stopTimers();
    this.call = undefined;
    this.o.emit(c.to, "phone_call_ended", { why: "hung_up_by_post" });
  }

  private stopTimers(): void {
    for (const t of this.call?.timers ?? []) this.o.queue.cancel(t);
  }

  private behaviour(phone: string): PhoneBehaviour {
    return this.phones.get(phone) ?? { ...PHONE_DEFAULTS, ...this.o.defaults };
  }
}
