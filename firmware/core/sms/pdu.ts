/**
 * The constants and shapes of SMS PDUs shared by `pdu-encode.ts` and `pdu-decode.ts`
 * (3GPP TS 23.040 §9.2; TS 27.005 §3 carries them in hex over AT). Names follow the spec.
 */

/** TP-MTI (TS 23.040 §9.2.3.1), bits 1–0 of the first octet: SMS-DELIVER (to a phone) and SMS-SUBMIT (from it). */
export const TP_MTI = Object.freeze({ DELIVER: 0b00, SUBMIT: 0b01, MASK: 0b11 });
/** TP-UDHI (§9.2.3.23): the user data begins with a header. */
export const TP_UDHI = 0x40;
/** TP-VPF "relative" (§9.2.3.3), bits 4–3 of an SMS-SUBMIT's first octet. */
export const TP_VPF_RELATIVE = 0b10 << 3;
/** TP-MMS (§9.2.3.2) set on an SMS-DELIVER: no more messages are waiting. */
export const TP_MMS_NO_MORE = 0x04;

/** Type of address (TS 23.040 §9.1.2.5; TS 24.008 §10.5.4.7): international E.164. */
export const TOA_INTERNATIONAL = 0x91;
/** Type of address: unknown numbering (national form). */
export const TOA_UNKNOWN = 0x81;
/** Type-of-number bits 6–4 = 101: alphanumeric (a sender name in GSM 7-bit). */
export const TON_ALPHANUMERIC = 0x50;

/** TP-DCS (TS 23.038 §4) of the post's messages: general data coding, UCS-2, no class. */
export const DCS_UCS2 = 0x08;
/** TP-DCS of GSM 7-bit default alphabet text. */
export const DCS_GSM7 = 0x00;

/**
 * TP-VP relative (TS 23.040 §9.2.3.12.1): 167 = 24 h (values 144…167 are 12 h + (v − 143) × 30 min).
 * An alarm text still undelivered after a day is no longer news; it is also the value SIMCom and
 * Quectel give for `AT+CSMP=17,167,…`.
 */
export const TP_VP_24_HOURS = 167;

/** User data is at most 140 octets (TS 23.040 §9.2.3.16 TP-UDL; §9.2.2). */
export const UD_MAX_OCTETS = 140;
/** UCS-2 characters (UTF-16 code units) in one SMS: 140 / 2. */
export const UCS2_SINGLE_CHARS = 70;
/** The concatenation header with an 8-bit reference: UDHL, IEI 0x00, IEDL 3, ref, total, seq (TS 23.040 §9.2.3.24.1). */
export const UDH_CONCAT8_OCTETS = 6;
/** UCS-2 characters in each part of a concatenated SMS: (140 − 6) / 2. */
export const UCS2_PART_CHARS = (UD_MAX_OCTETS - UDH_CONCAT8_OCTETS) / 2;
/** GSM 7-bit characters in one SMS: 140 × 8 / 7. */
export const GSM7_SINGLE_SEPTETS = (UD_MAX_OCTETS * 8) / 7;
/** Information element ids of the concatenation headers (TS 23.040 §9.2.3.24.1 and .8). */
export const IEI_CONCAT_8BIT_REF = 0x00;
export const IEI_CONCAT_16BIT_REF = 0x08;
/** The most parts a concatenated SMS can have (the 8-bit "maximum number" field). */
export const CONCAT_MAX_PARTS = 255;

/** Which part of a concatenated SMS a PDU is. */
export interface ConcatPart {
  /** Reference number shared by the parts (0…255, or 0…65535 with IEI 0x08). */
  ref: number;
  /** Number of parts, 1…255. */
  total: number;
  /** This part, 1…total. */
  seq: number;
}

/** A decoded SMS PDU. */
export interface Sms {
  /** `deliver`: a message that came to this modem; `submit`: one it sends. */
  kind: "deliver" | "submit";
  /** The other party: `+…` for an international number, the digits for another numbering, the name for an alphanumeric sender. */
  number: string;
  /** The text of this PDU (this part only, for a concatenated SMS). */
  text: string;
  /** Present when the PDU is one part of a concatenated SMS. */
  concat?: ConcatPart;
  /** The service centre's address, when the PDU carried one. */
  smsc?: string;
}

/** Why a PDU could not be decoded. */
export type PduRejection = "not_hex" | "truncated" | "unsupported_type" | "unsupported_coding" | "bad_address" | "bad_header";
