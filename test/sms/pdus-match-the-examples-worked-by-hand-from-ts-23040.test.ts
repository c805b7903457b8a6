/**
 * Claim: the SMS PDUs the post sends, and the ones it reads, are byte for byte those worked out by
 * hand from 3GPP TS 23.040 §9.2.2 and TS 23.038 (commented field by field below); each vector runs
 * as encode, decode and round trip (STYLE rule 12).
 */
import test from "ava";
import { decodePduHex } from "../../firmware/core/sms/pdu-decode.ts";
import { encodeDeliver, encodeSubmit } from "../../firmware/core/sms/pdu-encode.ts";
import { pduToHex } from "../../firmware/core/sms/pdu-hex.ts";

// SMS-SUBMIT "OK" to +84901234567, UCS-2:
//   00            SMSC: length 0, the one stored in the SIM (TS 27.005 §3.3.1)
//   11            first octet: TP-MTI 01 SUBMIT, TP-VPF 10 relative (bits 4-3) -> 0b0001_0001
//   00            TP-MR 0 (the modem assigns it)
//   0B 91         TP-DA: 11 digits, international E.164
//   48 09 21 43 65 F7   84901234567 in swapped semi-octets, F pad
//   00            TP-PID
//   08            TP-DCS UCS-2
//   A7            TP-VP 167 = 12 h + 24 x 30 min = 24 h (§9.2.3.12.1)
//   04            TP-UDL: 4 octets
//   004F 004B     "O" "K" in UCS-2
const SUBMIT_OK = "00" + "11" + "00" + "0B91" + "4809214365F7" + "00" + "08" + "A7" + "04" + "004F004B";

// SMS-DELIVER "hellohello" from +84912345678 via SMSC +84980200030, GSM 7-bit:
//   07 91 4889200030F0   SMSC: 7 octets, international, 84980200030 + F
//   04            first octet: TP-MTI 00 DELIVER, TP-MMS (bit 2): no more messages
//   0B 91 4819325476F8   TP-OA: 11 digits, international, 84912345678
//   00 00         TP-PID, TP-DCS GSM 7-bit
//   62 21 50 71 03 00 82   TP-SCTS 26-12-05 17:30:00, zone +28 quarters (UTC+7)
//   0A            TP-UDL: 10 septets
//   E8329BFD4697D9EC37   "hellohello" packed 7-bit (the classic example of TS 23.038 §6.1.2.1.1 packing)
const DELIVER_HELLO = "07914889200030F0" + "04" + "0B914819325476F8" + "0000" + "62215071030082" + "0A" + "E8329BFD4697D9EC37";
const TIMESTAMP = { year: 26, month: 12, day: 5, hour: 17, minute: 30, second: 0, zoneQuarters: 28 };

test("SMS-SUBMIT of a short UCS-2 text: encode gives the hand-worked bytes and AT+CMGS length 18", (t) => {
  const [pdu, ...rest] = encodeSubmit("+84901234567", "OK", { ref: 0 });
  t.deepEqual(rest, []);
  t.is(pduToHex(pdu!.bytes), SUBMIT_OK);
  t.is(pdu!.tpduOctets, SUBMIT_OK.length / 2 - 1, "the CMGS length leaves out the SMSC octet");
});

test("SMS-SUBMIT hand-worked bytes decode to the number and the text", (t) => {
  const r = decodePduHex(SUBMIT_OK);
  t.deepEqual(r, { ok: true, sms: { kind: "submit", number: "+84901234567", text: "OK" } });
});

test("SMS-DELIVER in GSM 7-bit: encode gives the hand-worked bytes, decode gives the text back", (t) => {
  t.is(pduToHex(encodeDeliver("+84912345678", "hellohello", { smsc: "+84980200030", timestamp: TIMESTAMP })), DELIVER_HELLO);
  t.deepEqual(decodePduHex(DELIVER_HELLO), { ok: true, sms: { kind: "deliver", number: "+84912345678", text: "hellohello", smsc: "+84980200030" } });
});

// Part 2 of 2 of a concatenated SUBMIT, reference 0x2A, text "bcày" (characters 68-71):
//   00 51         SMSC none; first octet 0x11 | TP-UDHI (0x40)
//   00 0B91 4809214365F7 00 08 A7   as above
//   0E            TP-UDL: 6 header octets + 4 characters x 2
//   05 00 03 2A 02 02   UDHL 5; IEI 00 (concatenation, 8-bit reference), IEDL 3, ref 42, 2 parts, part 2
//   0062 0063 00E0 0079     "b" "c" "à" "y"
const PART2 = "0051" + "000B914809214365F70008A7" + "0E" + "0500032A0202" + "0062006300E00079";

test("a 71-character text becomes two parts with an IEI 0x00 header; the second is the hand-worked PDU", (t) => {
  const text = "a".repeat(67) + "bcày";
  t.is(text.length, 71);
  const pdus = encodeSubmit("+84901234567", text, { ref: 0x2a });
  t.is(pdus.length, 2);
  t.is(pduToHex(pdus[1]!.bytes), PART2);
  const d = decodePduHex(PART2);
  t.deepEqual(d, { ok: true, sms: { kind: "submit", number: "+84901234567", text: "bcày", concat: { ref: 42, total: 2, seq: 2 } } });
});

test("a 16-bit reference header (IEI 0x08) is read too", (t) => {
  // UDHL 6; IEI 08, IEDL 4, ref 0x1234, 3 parts, part 1; then "A" in UCS-2
  const hex = "0051" + "000B914809214365F70008A7" + "09" + "06080412340301" + "0041";
  t.deepEqual(decodePduHex(hex), { ok: true, sms: { kind: "submit", number: "+84901234567", text: "A", concat: { ref: 0x1234, total: 3, seq: 1 } } });
});

test("GSM 7-bit text after a header starts at the next septet boundary (fill bits, TS 23.040 §9.2.3.24)", (t) => {
  // DELIVER with UDHI, header 05 00 03 07 02 01 (6 octets = 48 bits -> 7 septets, 1 fill bit), then "Hi".
  // Septets: 7 header septets, then H=0x48, i=0x69 at bits 49..62 of the user data.
  // Octet 6 holds bit 48 (fill 0) and bits 49-55 = H's 7 bits: 0x48 << 1 = 0x90.
  // Octet 7 holds i's 7 bits at bits 56-62: 0x69.
  const hex = "00" + "44" + "0B914819325476F8" + "0000" + "62215071030082" + "09" + "050003070201" + "90" + "69";
  t.deepEqual(decodePduHex(hex), { ok: true, sms: { kind: "deliver", number: "+84912345678", text: "Hi", concat: { ref: 7, total: 2, seq: 1 } } });
});
