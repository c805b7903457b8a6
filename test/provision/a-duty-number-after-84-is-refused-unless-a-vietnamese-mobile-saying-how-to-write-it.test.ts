/**
 * Claim (field finding 1, test/field/escalation-off/README.md; firmware/core/sms/phone-number.ts
 * `vietnamMobileMistake`): over every first digit after +84 and every length of 6…11 digits, the
 * registry refuses a duty number exactly when it starts +84 and is not a Vietnamese mobile
 * (`isVietnamMobile`), naming the field and, in the language set, what is wrong and an example of
 * a right number; a number outside +84 (an officer's foreign SIM) is kept.
 */
import test from "ava";
import { isVietnamMobile } from "../../firmware/core/sms/phone-number.ts";
import { setLanguage } from "../../tools/lang.ts";
import { newRegistry } from "../../tools/provision/registry.ts";

function register(phone: string): Error | undefined {
  try {
    newRegistry({ postId: "xuan-pho", postName: "Công an xã Xuân Phổ", channel: 6, receiverMac: "24:0a:c4:00:00:01", receiverEscalation: { duty: [{ phone: "+84901000001", name: "Đ/c An" }, { phone, name: "Đ/c Bình" }] } });
    return undefined;
  } catch (err) {
    return err as Error;
  }
}

for (const lang of ["vi", "en"] as const) {
  test(`${lang}: +84 numbers are refused exactly when not a Vietnamese mobile, saying how to write one`, (t) => {
    setLanguage(lang);
    let refused = 0;
    for (let first = 0; first <= 9; first++) {
      for (let digits = 6; digits <= 11; digits++) {
        const phone = `+84${first}${"1234567890".slice(0, digits - 1)}`;
        const err = register(phone);
        t.is(err === undefined, isVietnamMobile(phone), `${phone}: ${err?.message}`);
        if (err === undefined) continue;
        refused++;
        t.regex(err.message, /duty\[1\]\.phone/, phone);
        t.true(err.message.includes(phone), `the refusal quotes ${phone}: ${err.message}`);
        t.regex(err.message, /\+84901234567/, "an example of a right number");
      }
    }
    t.true(refused > 50);
  });
}

test("a number outside +84 is kept (an officer's foreign SIM)", (t) => {
  for (const phone of ["+14155550100", "+85620551234", "+85512345678"]) t.is(register(phone), undefined, phone);
});
