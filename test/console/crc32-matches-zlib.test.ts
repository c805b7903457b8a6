// The firmware's CRC-32 (which the device uses to check a provision line) gives the standard check
// value and agrees with Node's zlib on any text, so host and device compute the same checksum.
import test from "ava";
import fc from "fast-check";
import { crc32 } from "node:zlib";
import { crc32Utf8, hex32 } from "../../firmware/stack/crc32.ts";

test("known answer: CRC-32 of \"123456789\" is cbf43926", (t) => {
  t.is(hex32(crc32Utf8("123456789")), "cbf43926");
  t.is(crc32Utf8(""), 0);
});

test("any text hashes as zlib hashes its UTF-8 bytes (Vietnamese, emoji, controls)", (t) => {
  for (const text of ["Trạm y tế", "Công an xã Xuân Phổ", "🚨 alarm", "a\nb\u0000c"]) t.is(crc32Utf8(text), crc32(Buffer.from(text, "utf8")), text);
  fc.assert(
    fc.property(fc.string({ unit: "grapheme", maxLength: 200 }), (text) => crc32Utf8(text) === crc32(Buffer.from(text, "utf8"))),
    { numRuns: 300, seed: 42 },
  );
});
