/**
 * Claim (issue 14): whatever the modem sends — random bytes, real answers cut at random points,
 * URCs spliced anywhere — nothing throws out of the AT driver or the modem (a throw there would
 * take the receiver, and its siren, down with it); and a transcript cut at random points gives
 * the same reports as the whole one.
 */
import test from "ava";
import fc from "fast-check";
import { HEALTHY, playModem, withRules } from "./transcript.ts";

const noise = fc.string({ unit: fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c)), maxLength: 300 });

test("random bytes after start-up, during an SMS and during a call never throw", (t) => {
  t.notThrows(() =>
    fc.assert(
      fc.property(fc.array(noise, { maxLength: 8 }), noise, (later, midReply) => {
        const rules = withRules(HEALTHY, [
          [/^AT\+CMGS=\d+$/, `\r\n${midReply}\r\n> `],
          [/<\^Z>$/, `${midReply}\r\n+CMGS: 1\r\n\r\nOK\r\n`],
          [/^ATD/, `\r\n${midReply}OK\r\n`],
        ]);
        playModem({
          rules,
          later,
          runMs: 200_000,
          act: (m, now) => {
            m.sendSms(now(), 1, "+84901234567", "Trạm y tế");
            m.dial(now(), 2, "+84901000001");
          },
        });
        return true;
      }),
      { numRuns: 500 },
    ),
  );
});

test("an SMS and a call cut at random points report what the whole transcript reports", (t) => {
  const rules = withRules(HEALTHY, [
    [/^AT\+CMGS=\d+$/, "\r\n> "],
    [/<\^Z>$/, "\r\n+CMGS: 9\r\n\r\n+CLCC: 1,0,3,0,0,\"+84901000001\",145\r\n\r\nOK\r\n"],
    [/^ATD/, "\r\nOK\r\n"],
  ]);
  const later = ['\r\n+CLCC: 1,0,0,0,0,"+84901000001",145\r\n\r\n+RXDTMF: 1\r\nNO CARRIER\r\n'];
  const act = (m: Parameters<NonNullable<Parameters<typeof playModem>[0]["act"]>>[0], now: () => number) => {
    m.dial(now(), 2, "+84901000001");
    m.sendSms(now(), 1, "+84901234567", "OK");
  };
  const whole = playModem({ rules, later, act }).reports;
  t.true(whole.length >= 4, whole.join("; "));
  t.notThrows(() =>
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 20 }), (cuts) => {
        const split = (s: string) => {
          const out: string[] = [];
          let i = 0;
          for (let k = 0; i < s.length; k++) {
            const n = cuts[k % cuts.length]!;
            out.push(s.slice(i, i + n));
            i += n;
          }
          return out;
        };
        const r = playModem({ rules, later, act, split }).reports;
        return JSON.stringify(r) === JSON.stringify(whole);
      }),
      { numRuns: 300 },
    ),
  );
});
