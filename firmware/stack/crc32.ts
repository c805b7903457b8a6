/**
 * CRC-32 (IEEE 802.3: reflected polynomial 0xEDB88320, initial value and final XOR 0xFFFFFFFF),
 * the checksum of zlib, PNG and Ethernet. The console uses it to refuse a `provision` line damaged
 * on the wire (a flipped bit in a key would otherwise be stored silently) and to fingerprint a
 * stored identity (`docs/console.md`).
 *
 * Platform-free: no TextEncoder (absent on some XS builds); text is encoded to UTF-8 here from
 * its code points, which both XS and V8 iterate alike (`for…of`), so a string hashes the same on
 * the device and on the host. Known answer: `crc32Utf8("123456789")` = 0xCBF43926 (the standard
 * check value); `test/console` compares it with Node's `zlib.crc32`.
 */

/** The reflected IEEE polynomial. */
const POLYNOMIAL = 0xedb88320;

/** Running CRC-32 over byte chunks. */
export class Crc32 {
  #crc = 0xffffffff;

  /** Adds one byte (0…255). */
  byte(b: number): void {
    let c = (this.#crc ^ b) & 0xff;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ POLYNOMIAL : c >>> 1;
    this.#crc = (this.#crc >>> 8) ^ c;
  }

  /** Adds bytes. */
  bytes(data: Uint8Array): void {
    for (let i = 0; i < data.length; i++) this.byte(data[i]!);
  }

  /** Adds the UTF-8 encoding of `text` (lone surrogates are encoded as U+FFFD). */
  utf8(text: string): void {
    for (const ch of text) {
      let cp = ch.codePointAt(0)!;
      if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;
      if (cp < 0x80) this.byte(cp);
      else if (cp < 0x800) {
        this.byte(0xc0 | (cp >> 6));
        this.byte(0x80 | (cp & 0x3f));
      } else if (cp < 0x10000) {
        this.byte(0xe0 | (cp >> 12));
        this.byte(0x80 | ((cp >> 6) & 0x3f));
        this.byte(0x80 | (cp & 0x3f));
      } else {
        this.byte(0xf0 | (cp >> 18));
        this.byte(0x80 | ((cp >> 12) & 0x3f));
        this.byte(0x80 | ((cp >> 6) & 0x3f));
        this.byte(0x80 | (cp & 0x3f));
      }
    }
  }

  /** The CRC of everything added so far, as a u32. */
  get value(): number {
    return (this.#crc ^ 0xffffffff) >>> 0;
  }
}

/** CRC-32 of the UTF-8 encoding of `text`, u32. */
export function crc32Utf8(text: string): number {
  const crc = new Crc32();
  crc.utf8(text);
  return crc.value;
}

/** A u32 as 8 lower-case hex digits, the form the console writes checksums in. */
export function hex32(value: number): string {
  return (value >>> 0).toString(16).padStart(8, "0");
}
