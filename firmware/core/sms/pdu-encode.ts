/**
 * Encodes SMS PDUs (3GPP TS 23.040 §9.2.2) for TS 27.005 PDU mode: the post's messages as
 * SMS-SUBMIT in UCS-2, split into a real concatenated SMS (user data header IEI 0x00) when longer
 * than 70 characters; and SMS-DELIVER, which the simulator's phone network hands to the modem.
 *
 * Every PDU starts with the service centre address; the post's SUBMITs give it as `00` ("use the
 * SMSC stored in the SIM", TS 27.005 §3.3.1), and `tpduOctets` is what `AT+CMGS=<length>` wants:
 * the octets after it.
 */
import { gsm7Septets, packSeptets } from "./gsm7.ts";
import { isE164 } from "./phone-number.ts";
import {
  CONCAT_MAX_PARTS, DCS_GSM7, DCS_UCS2, IEI_CONCAT_8BIT_REF, TOA_INTERNATIONAL, TOA_UNKNOWN, TP_MMS_NO_MORE, TP_MTI, TP_UDHI,
  TP_VPF_RELATIVE, TP_VP_24_HOURS, UCS2_PART_CHARS, UCS2_SINGLE_CHARS, GSM7_SINGLE_SEPTETS, UDH_CONCAT8_OCTETS,
} from "./pdu.ts";

/** One PDU ready for `AT+CMGS`. */
export interface SubmitPdu {
  /** SMSC octet `00`, then the TPDU. */
  bytes: Uint8Array;
  /** Octets after the SMSC field: the `<length>` of `AT+CMGS=<length>` (TS 27.005 §3.5.1). */
  tpduOctets: number;
}

/** Options of `encodeSubmit`. */
export interface SubmitOptions {
  /** Concatenation reference, 0…255, the same for every part of one message; pick a new one per message. */
  ref: number;
}

/**
 * Splits `text` into the UTF-16 pieces of an SMS in UCS-2: one piece of ≤ 70 code units, or parts
 * of ≤ 67 that never cut a surrogate pair. Empty text is one empty piece.
 * @throws RangeError when more than 255 parts would be needed.
 */
export function splitUcs2(text: string): string[] {
  if (text.length <= UCS2_SINGLE_CHARS) return [text];
  const parts: string[] = [];
  let i = 0;
  while (i < text.length) {
    let end = Math.min(i + UCS2_PART_CHARS, text.length);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
    parts.push(text.slice(i, end));
    i = end;
  }
  if (parts.length > CONCAT_MAX_PARTS) throw new RangeError(`text needs ${parts.length} SMS parts; at most ${CONCAT_MAX_PARTS}`);
  return parts;
}

/**
 * The SMS-SUBMIT PDUs of `text` to `to`: TP-MTI SUBMIT, TP-VPF relative (24 h), TP-MR 0 (the modem
 * sets it), TP-PID 0, TP-DCS 0x08 (UCS-2), and a concatenation header on every part when the
 * text is longer than 70 characters.
 * @throws RangeError when `to` is not E.164, `ref` not 0…255, or the text needs over 255 parts.
 */
export function encodeSubmit(to: string, text: string, options: SubmitOptions): SubmitPdu[] {
  if (!isE164(to)) throw new RangeError(`to must be an E.164 number, got "${to}"`);
  if (!Number.isInteger(options.ref) || options.ref < 0 || options.ref > 255) throw new RangeError(`ref must be an integer 0…255, got ${options.ref}`);
  const pieces = splitUcs2(text);
  const concat = pieces.length > 1;
  return pieces.map((piece, i) => {
    const ud = userDataUcs2(piece, concat ? udhConcat8(options.ref, pieces.length, i + 1) : undefined);
    const firstOctet = TP_MTI.SUBMIT | TP_VPF_RELATIVE | (concat ? TP_UDHI : 0);
    const tpdu = [firstOctet, 0x00, ...address(to), 0x00, DCS_UCS2, TP_VP_24_HOURS, ud.udl, ...ud.octets];
    return { bytes: Uint8Array.from([0x00, ...tpdu]), tpduOctets: tpdu.length };
  });
}

/** Options of `encodeDeliver`. */
export interface DeliverOptions {
  /** The service centre's address (E.164). */
  smsc: string;
  /** TP-SCTS, the centre's time stamp: local time fields and the zone in quarter hours (Vietnam: +28). */
  timestamp: { year: number; month: number; day: number; hour: number; minute: number; second: number; zoneQuarters: number };
}

/**
 * The SMS-DELIVER PDU of a short message `text` from `from` (one part, ≤ 160 GSM 7-bit or ≤ 70
 * UCS-2 characters): GSM 7-bit when every character has a septet, as phones send a Latin reply,
 * else UCS-2. What a network hands the post's modem when an officer replies.
 * @throws RangeError when a number is not E.164 or the text does not fit one SMS.
 */
export function encodeDeliver(from: string, text: string, options: DeliverOptions): Uint8Array {
  if (!isE164(from)) throw new RangeError(`from must be an E.164 number, got "${from}"`);
  if (!isE164(options.smsc)) throw new RangeError(`smsc must be an E.164 number, got "${options.smsc}"`);
  const septets = gsm7Septets(text);
  let dcs: number;
  let ud: { udl: number; octets: Uint8Array };
  if (septets !== undefined) {
    if (septets.length > GSM7_SINGLE_SEPTETS) throw new RangeError(`text has ${septets.length} septets; one SMS holds ${GSM7_SINGLE_SEPTETS}`);
    dcs = DCS_GSM7;
    ud = { udl: septets.length, octets: packSeptets(septets) };
  } else {
    if (text.length > UCS2_SINGLE_CHARS) throw new RangeError(`text has ${text.length} UCS-2 characters; one SMS holds ${UCS2_SINGLE_CHARS}`);
    dcs = DCS_UCS2;
    ud = userDataUcs2(text, undefined);
  }
  const smsc = address(options.smsc);
  const smscField = [smsc.length - 1, ...smsc.slice(1)];
  const tpdu = [TP_MTI.DELIVER | TP_MMS_NO_MORE, ...address(from), 0x00, dcs, ...timestampOctets(options.timestamp), ud.udl, ...ud.octets];
  return Uint8Array.from([...smscField, ...tpdu]);
}

/** An address field: length in digits, type of address, BCD digits low nibble first, F-padded (TS 23.040 §9.1.2.5). */
function address(number: string): number[] {
  const international = number.startsWith("+");
  const digits = international ? number.slice(1) : number;
  const out = [digits.length, international ? TOA_INTERNATIONAL : TOA_UNKNOWN];
  out.push(...semiOctets(digits));
  return out;
}

function semiOctets(digits: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < digits.length; i += 2) {
    const lo = digits.charCodeAt(i) - 48;
    const hi = i + 1 < digits.length ? digits.charCodeAt(i + 1) - 48 : 0xf;
    out.push((hi << 4) | lo);
  }
  return out;
}

/** TP-SCTS: 7 semi-octet-swapped fields; the zone's sign is bit 3 of its last octet (TS 23.040 §9.2.3.11). */
function timestampOctets(ts: DeliverOptions["timestamp"]): number[] {
  const two = (v: number) => {
    const s = String(v % 100).padStart(2, "0");
    return semiOctets(s)[0]!;
  };
  const q = Math.abs(ts.zoneQuarters);
  const zone = two(q) | (ts.zoneQuarters < 0 ? 0x08 : 0);
  return [two(ts.year), two(ts.month), two(ts.day), two(ts.hour), two(ts.minute), two(ts.second), zone];
}

function udhConcat8(ref: number, total: number, seq: number): number[] {
  return [UDH_CONCAT8_OCTETS - 1, IEI_CONCAT_8BIT_REF, 3, ref, total, seq];
}

function userDataUcs2(text: string, udh: number[] | undefined): { udl: number; octets: Uint8Array } {
  const octets = [...(udh ?? [])];
  for (let i = 0; i < text.length; i++) {
    const u = text.charCodeAt(i);
    octets.push(u >> 8, u & 0xff);
  }
  return { udl: octets.length, octets: Uint8Array.from(octets) };
}
