import test from "ava";
import fc from "fast-check";
import { formatMac, normalizeMac, parseMac } from "../../firmware/espnow/mac.ts";

test("any 6 bytes format as lower-case aa:bb:… and parse back to the same bytes", (t) => {
  t.notThrows(() =>
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 6, maxLength: 6 }), (bytes) => {
        const text = formatMac(bytes);
        return /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/.test(text) && parseMac(text).every((b, i) => b === bytes[i]);
      }),
    ),
  );
});

test("upper-case MACs (as Moddable's Net reports them) normalize to lower case", (t) => {
  t.is(normalizeMac("A4:D1:8C:DB:C0:20"), "a4:d1:8c:db:c0:20");
});

for (const bad of ["", "a4:d1:8c:db:c0", "a4:d1:8c:db:c0:20:11", "a4-d1-8c-db-c0-20", "g4:d1:8c:db:c0:20", "a4:d1:8c:db:c0:2"]) {
  test(`"${bad}" is refused with a TypeError naming the field`, (t) => {
    const err = t.throws(() => parseMac(bad, "rx.mac"), { instanceOf: TypeError });
    t.regex(err!.message, /^rx\.mac: /);
  });
}

test("formatting anything but 6 bytes is a RangeError", (t) => {
  t.throws(() => formatMac(new Uint8Array(5)), { instanceOf: RangeError });
});
