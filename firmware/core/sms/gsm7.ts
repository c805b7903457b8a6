/**
 * The GSM 7-bit default alphabet and its extension table (3GPP TS 23.038 §6.2.1), and the
 * packing of septets into octets (TS 23.038 §6.1.2.1.1: septet i starts at bit 7·i, least
 * significant bit first). Officers' phones send short Latin replies such as `OK 17` in this
 * alphabet; the post sends in UCS-2 (Vietnamese needs it).
 */

/** The 128 characters of the default alphabet, by septet value (TS 23.038 §6.2.1). */
export const GSM7_BASIC =
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
  "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

/** The escape septet that selects the extension table (TS 23.038 §6.2.1.1). */
export const GSM7_ESCAPE = 0x1b;

/** Characters of the extension table, by the septet that follows the escape (TS 23.038 §6.2.1.1). */
export const GSM7_EXTENSION: Readonly<Record<number, string>> = Object.freeze({
  0x0a: "\f", 0x14: "^", 0x28: "{", 0x29: "}", 0x2f: "\\", 0x3c: "[", 0x3d: "~", 0x3e: "]", 0x40: "|", 0x65: "€",
});

/** The septets of `text` in the default alphabet (escape + code for extension characters), or undefined if a character has none. */
export function gsm7Septets(text: string): number[] | undefined {
  const out: number[] = [];
  for (const ch of text) {
    const i = GSM7_BASIC.indexOf(ch);
    if (i >= 0 && i !== GSM7_ESCAPE) {
      out.push(i);
      continue;
    }
    const ext = Object.keys(GSM7_EXTENSION).find((k) => GSM7_EXTENSION[Number(k)] === ch);
    if (ext === undefined) return undefined;
    out.push(GSM7_ESCAPE, Number(ext));
  }
  return out;
}

/**
 * The text of septets; an escape followed by a code with no extension character reads as a space
 * (TS 23.038 §6.2.1.1: "display a space"), never an exception.
 */
export function gsm7Text(septets: readonly number[]): string {
  let s = "";
  for (let i = 0; i < septets.length; i++) {
    const v = septets[i]! & 0x7f;
    if (v === GSM7_ESCAPE) {
      const next = septets[++i];
      s += next === undefined ? "" : (GSM7_EXTENSION[next & 0x7f] ?? " ");
    } else s += GSM7_BASIC[v]!;
  }
  return s;
}

/**
 * Packs septets into octets starting `fillBits` bits into the first octet (0…6; the fill after a
 * user data header, TS 23.040 §9.2.3.24), returning only the octets the septets occupy.
 */
export function packSeptets(septets: readonly number[], fillBits = 0): Uint8Array {
  const totalBits = fillBits + septets.length * 7;
  const out = new Uint8Array(Math.ceil(totalBits / 8));
  let bit = fillBits;
  for (const s of septets) {
    for (let k = 0; k < 7; k++, bit++) if ((s >> k) & 1) out[bit >> 3]! |= 1 << (bit & 7);
  }
  return out;
}

/** Unpacks `count` septets starting at bit `fromBit` of `octets`; bits past the end read as 0. */
export function unpackSeptets(octets: Uint8Array, count: number, fromBit = 0): number[] {
  const out: number[] = [];
  let bit = fromBit;
  for (let i = 0; i < count; i++) {
    let v = 0;
    for (let k = 0; k < 7; k++, bit++) if (((octets[bit >> 3] ?? 0) >> (bit & 7)) & 1) v |= 1 << k;
    out.push(v);
  }
  return out;
}
