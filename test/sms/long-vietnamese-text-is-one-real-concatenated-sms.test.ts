/**
 * Claim: any text the post sends (Vietnamese with diacritics, and any other UTF-16) goes out as one
 * SMS of ≤ 70 characters or as a real concatenated SMS — parts of ≤ 67 characters that share one
 * reference, are numbered 1…n of n, and read back as the whole text — never as several unrelated
 * messages; and the PDU decoder never throws, whatever bytes come.
 */
import test from "ava";
import fc from "fast-check";
import { MESSAGES } from "../../firmware/core/messages/catalogue.ts";
import { decodePdu } from "../../firmware/core/sms/pdu-decode.ts";
import { encodeSubmit } from "../../firmware/core/sms/pdu-encode.ts";
import { UCS2_PART_CHARS, UCS2_SINGLE_CHARS, UD_MAX_OCTETS } from "../../firmware/core/sms/pdu.ts";

const vietnamese = Object.values(MESSAGES).map((m) => m.vi).join(" ");
const letter = fc.constantFrom(...[...vietnamese]);
const texts = fc.oneof(fc.array(letter, { maxLength: 400 }).map((a) => a.join("")), fc.string({ unit: "binary", maxLength: 300 }));

test("parts: one when ≤ 70 UTF-16 units, else parts of ≤ 67 with one reference, numbered 1…n of n, that join to the text", (t) => {
  t.notThrows(() =>
    fc.assert(
      fc.property(texts, fc.integer({ min: 0, max: 255 }), (text, ref) => {
        const pdus = encodeSubmit("+84901234567", text, { ref });
        const smss = pdus.map((p) => {
          const d = decodePdu(p.bytes);
          if (!d.ok) throw new Error(`own PDU refused: ${d.reason}`);
          return d.sms;
        });
        if (smss.map((s) => s.text).join("") !== text) return false;
        if (text.length <= UCS2_SINGLE_CHARS) return pdus.length === 1 && smss[0]!.concat === undefined;
        // a part is shortened by one only to keep a surrogate pair whole
        const fewest = Math.ceil(text.length / UCS2_PART_CHARS);
        if (pdus.length < fewest || pdus.length > Math.ceil(text.length / (UCS2_PART_CHARS - 1))) return false;
        return smss.every((s, i) => s.concat?.ref === ref && s.concat.total === pdus.length && s.concat.seq === i + 1 && s.text.length <= UCS2_PART_CHARS && s.text.length > 0);
      }),
      { numRuns: 400 },
    ),
  );
});

test("every PDU's user data fits 140 octets and the CMGS length is the PDU less its SMSC octet", (t) => {
  t.notThrows(() =>
    fc.assert(fc.property(texts, (text) => encodeSubmit("+84901234567", text, { ref: 1 }).every((p) => p.tpduOctets === p.bytes.length - 1 && udl(p.bytes) <= UD_MAX_OCTETS))),
  );
});

test("the decoder answers every byte string with an SMS or a reason, never an exception", (t) => {
  let rejected = 0;
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
      const r = decodePdu(bytes);
      if (!r.ok) rejected++;
      return r.ok ? typeof r.sms.text === "string" : typeof r.reason === "string";
    }),
    { numRuns: 5000 },
  );
  t.true(rejected > 0, "random bytes are mostly refused");
});

/** TP-UDL of a UCS-2 SUBMIT from the encoder (SMSC 00, first, MR, DA, PID, DCS, VP, UDL). */
function udl(bytes: Uint8Array): number {
  const daOctets = Math.ceil(bytes[3]! / 2);
  return bytes[3 + 2 + daOctets + 3]!;
}
