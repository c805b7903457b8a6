/**
 * The hexadecimal text in which TS 27.005 PDU mode carries an SMS PDU over the AT interface
 * (§3.1: "the PDU … in hexadecimal format", two upper-case IRA characters per octet).
 */

const HEX = "0123456789ABCDEF";

/** The PDU bytes as upper-case hex, two characters per octet. */
export function pduToHex(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += HEX[b >> 4]! + HEX[b & 15]!;
  return s;
}

/** The bytes of a hex PDU, or undefined when `text` is not an even number of hex digits (never throws). */
export function pduFromHex(text: string): Uint8Array | undefined {
  if (text.length % 2 !== 0 || !/^[0-9A-Fa-f]*$/.test(text)) return undefined;
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(text.slice(2 * i, 2 * i + 2), 16);
  return out;
}
