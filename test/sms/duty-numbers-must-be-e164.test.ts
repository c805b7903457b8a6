/**
 * Claim: a duty number is accepted only in E.164 form (`+84…`), and a refusal names the field and,
 * for a Vietnamese number written the national way, how to write it.
 */
import test from "ava";
import { checkE164, isE164, isVietnamMobile } from "../../firmware/core/sms/phone-number.ts";

const rows: [unknown, boolean][] = [
  ["+84901234567", true],
  ["+84389998877", true],
  ["+14155550100", true],
  ["+1234567", true], // 7 digits: shortest accepted
  ["+123456789012345", true], // 15 digits: E.164 maximum
  ["+1234567890123456", false], // 16 digits
  ["0901234567", false], // national form
  ["84901234567", false], // no +
  ["+0901234567", false], // country code cannot start with 0
  ["+84 90 123 4567", false], // spaces
  ["+84-901234567", false],
  ["", false],
  [84901234567, false],
  [undefined, false],
];

for (const [value, ok] of rows) {
  test(`${JSON.stringify(value)} is ${ok ? "" : "not "}E.164`, (t) => {
    t.is(isE164(value), ok);
    if (ok) t.is(checkE164(value, "duty[0].phone"), value as string);
    else t.throws(() => checkE164(value, "duty[0].phone"), { message: /^duty\[0\]\.phone must be/ });
  });
}

test("a national Vietnamese number is refused with the +84 form to write instead", (t) => {
  t.throws(() => checkE164("0901234567", "duty[2].phone"), { instanceOf: RangeError, message: /write.*"\+84901234567"|written "\+84901234567"/ });
});

test("Vietnamese mobiles are +84 then 9 digits starting 3, 5, 7, 8 or 9", (t) => {
  t.true(isVietnamMobile("+84901234567"));
  t.true(isVietnamMobile("+84389998877"));
  t.false(isVietnamMobile("+84241234567")); // Hà Nội landline prefix 24 (10 digits after 84)
  t.false(isVietnamMobile("+8490123456"));
  t.false(isVietnamMobile("+14155550100"));
});
