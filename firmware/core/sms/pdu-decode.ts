/**
 * Decodes an SMS PDU (3GPP TS 23.040 §9.2.2.1 SMS-DELIVER, §9.2.2.2 SMS-SUBMIT) as TS 27.005 PDU
 * mode carries it: the service centre address first, then the TPDU. Texts in the GSM 7-bit
 * default alphabet, 8-bit data (read as Latin-1) and UCS-2; concatenation headers with 8-bit
 * (IEI 0x00) and 16-bit (IEI 0x08) references.
 *
 * Never throws on bytes (STYLE rule 10): every length is checked before the field, and a PDU
 * that cannot be read is `{ok: false, reason}`.
 */
import { gsm7Text, unpackSeptets } from "./gsm7.ts";
import { pduFromHex } from "./pdu-hex.ts";
import { IEI_CONCAT_16BIT_REF, IEI_CONCAT_8BIT_REF, TON_ALPHANUMERIC, TP_MTI, TP_UDHI, type ConcatPart, type PduRejection, type Sms } from "./pdu.ts";

/** The result of decoding. */
export type PduDecoded = { ok: true; sms: Sms } | { ok: false; reason: PduRejection };

type Alphabet = "gsm7" | "8bit" | "ucs2";

/** Decodes a PDU given as the hex text of `+CMT:` / `+CMGR:` / `AT+CMGS` (with its SMSC field). */
export function decodePduHex(hex: string): PduDecoded {
  const bytes = pduFromHex(hex.trim());
  return bytes === undefined ? { ok: false, reason: "not_hex" } : decodePdu(bytes);
}

/** Decodes a PDU's bytes (with its SMSC field). */
export function decodePdu(b: Uint8Array): PduDecoded {
  let p = 0;
  const need = (n: number) => p + n <= b.length;
  if (!need(1)) return { ok: false, reason: "truncated" };
  const smscLen = b[p++]!;
  if (!need(smscLen)) return { ok: false, reason: "truncated" };
  let smsc: string | undefined;
  if (smscLen > 0) {
    const a = readAddress(b[p]!, b.subarray(p + 1, p + smscLen), (smscLen - 1) * 2);
    if (a === undefined) return { ok: false, reason: "bad_address" };
    smsc = a;
  }
  p += smscLen;
  if (!need(1)) return { ok: false, reason: "truncated" };
  const first = b[p++]!;
  const mti = first & TP_MTI.MASK;
  if (mti !== TP_MTI.DELIVER && mti !== TP_MTI.SUBMIT) return { ok: false, reason: "unsupported_type" };
  const kind = mti === TP_MTI.DELIVER ? "deliver" : "submit";
  if (kind === "submit") {
    if (!need(1)) return { ok: false, reason: "truncated" };
    p++; // TP-MR
  }
  if (!need(2)) return { ok: false, reason: "truncated" };
  const digits = b[p]!;
  const addrOctets = Math.ceil(digits / 2);
  if (!need(2 + addrOctets)) return { ok: false, reason: "truncated" };
  const number = readAddress(b[p + 1]!, b.subarray(p + 2, p + 2 + addrOctets), digits);
  if (number === undefined) return { ok: false, reason: "bad_address" };
  p += 2 + addrOctets;
  if (!need(2)) return { ok: false, reason: "truncated" };
  p++; // TP-PID
  const alphabet = alphabetOf(b[p++]!);
  if (alphabet === undefined) return { ok: false, reason: "unsupported_coding" };
  if (kind === "deliver") p += 7; // TP-SCTS
  else {
    const vpf = (first >> 3) & 0b11;
    p += vpf === 0 ? 0 : vpf === 0b10 ? 1 : 7;
  }
  if (!need(1)) return { ok: false, reason: "truncated" };
  const udl = b[p++]!;
  const udOctets = alphabet === "gsm7" ? Math.ceil((udl * 7) / 8) : udl;
  if (!need(udOctets)) return { ok: false, reason: "truncated" };
  const ud = b.subarray(p, p + udOctets);

  let headerOctets = 0;
  let concat: ConcatPart | undefined;
  if (first & TP_UDHI) {
    if (ud.length < 1 || ud.length < 1 + ud[0]!) return { ok: false, reason: "bad_header" };
    headerOctets = 1 + ud[0]!;
    const parsed = readConcat(ud.subarray(1, headerOctets));
    if (parsed === "bad") return { ok: false, reason: "bad_header" };
    concat = parsed;
  }
  let text: string;
  if (alphabet === "gsm7") {
    const skip = Math.ceil((headerOctets * 8) / 7);
    if (skip > udl) return { ok: false, reason: "bad_header" };
    text = gsm7Text(unpackSeptets(ud, udl).slice(skip));
  } else {
    const body = ud.subarray(headerOctets);
    text = "";
    if (alphabet === "ucs2") for (let i = 0; i + 1 < body.length; i += 2) text += String.fromCharCode((body[i]! << 8) | body[i + 1]!);
    else for (const o of body) text += String.fromCharCode(o);
  }
  const sms: Sms = { kind, number, text };
  if (concat) sms.concat = concat;
  if (smsc !== undefined) sms.smsc = smsc;
  return { ok: true, sms };
}

/** TS 23.038 §4: the alphabet of a TP-DCS, or undefined for compressed text and reserved groups. */
function alphabetOf(dcs: number): Alphabet | undefined {
  const group = dcs >> 4;
  if (group <= 0b0111) {
    if (dcs & 0x20) return undefined; // compressed
    return (["gsm7", "8bit", "ucs2", undefined] as const)[(dcs >> 2) & 3];
  }
  if (group === 0xc || group === 0xd) return "gsm7"; // message waiting, discard / store
  if (group === 0xe) return "ucs2";
  if (group === 0xf) return dcs & 0x04 ? "8bit" : "gsm7";
  return undefined;
}

/** Reads an address of `digits` semi-octets; an alphanumeric one is GSM 7-bit text. */
function readAddress(toa: number, octets: Uint8Array, digits: number): string | undefined {
  if ((toa & 0x70) === TON_ALPHANUMERIC) return gsm7Text(unpackSeptets(octets, Math.floor((digits * 4) / 7)));
  let s = "";
  for (let i = 0; i < digits; i++) {
    const nibble = i % 2 === 0 ? octets[i >> 1]! & 0xf : octets[i >> 1]! >> 4;
    if (nibble > 9) {
      if (nibble === 0xf && i === digits - 1) break;
      const extra = "*#abc"[nibble - 10];
      if (extra === undefined) return undefined;
      s += extra;
    } else s += String(nibble);
  }
  return ((toa & 0x70) === 0x10 ? "+" : "") + s;
}

/** The concatenation element of a user data header, none, or "bad" when an element overruns the header. */
function readConcat(h: Uint8Array): ConcatPart | undefined | "bad" {
  let i = 0;
  let found: ConcatPart | undefined;
  while (i < h.length) {
    if (i + 2 > h.length) return "bad";
    const iei = h[i]!;
    const len = h[i + 1]!;
    if (i + 2 + len > h.length) return "bad";
    const e = h.subarray(i + 2, i + 2 + len);
    if (iei === IEI_CONCAT_8BIT_REF && len === 3) found = { ref: e[0]!, total: e[1]!, seq: e[2]! };
    if (iei === IEI_CONCAT_16BIT_REF && len === 4) found = { ref: (e[0]! << 8) | e[1]!, total: e[2]!, seq: e[3]! };
    i += 2 + len;
  }
  if (found && (found.total === 0 || found.seq === 0 || found.seq > found.total)) return "bad";
  return found;
}
