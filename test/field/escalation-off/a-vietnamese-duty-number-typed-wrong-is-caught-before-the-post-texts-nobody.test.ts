/**
 * Claim (firmware/core/sms/phone-number.ts: "`isVietnamMobile` says whether one is a Vietnamese
 * mobile, for the installer's warning"; docs/deploying.md §8.3 "checked like the other
 * settings"): a duty number an installer types wrong in the ways Vietnamese numbers are mistyped
 * — the trunk 0 kept after +84 ("+84090…", never a valid number), a digit dropped or doubled in
 * a mobile number ("+84" and 3/5/7/8/9 then 8 or 10 digits) — is caught before the post is
 * provisioned: refused naming the field (E_REGISTRY), or at least marked on the officer's line of
 * `bell provision show`, the list the installer checks against the officers' phones.
 *
 * FAILS on break14 (1099a87): all three are valid E.164, so the registry keeps them silently and
 * `provision show` lists them like good numbers; `isVietnamMobile` is called by no tool. The post
 * would text and call a number that does not exist, and nothing at the post says so until an
 * alarm (the periodic test SMS goes only to the first number, an hour after boot).
 */
import test from "ava";
import { showText } from "../../../tools/provision/command.ts";
import { newRegistry, type Registry } from "../../../tools/provision/registry.ts";
import { setLanguage } from "../../../tools/lang.ts";

const MISTYPED = [
  ["the trunk 0 kept after +84", "+84090100000"],
  ["a mobile number a digit short", "+8490100000"],
  ["a mobile number a digit long", "+849010000012"],
] as const;

for (const [what, phone] of MISTYPED) {
  test(`${what} (${phone}): refused, or marked on provision show`, (t) => {
    const duty = [{ phone: "+84901000001", name: "Đ/c An" }, { phone, name: "Đ/c Bình" }];
    let r: Registry;
    try {
      r = newRegistry({ postId: "xuan-pho", postName: "Công an xã Xuân Phổ", channel: 6, receiverMac: "24:0a:c4:00:00:01", receiverEscalation: { duty } });
    } catch (err) {
      t.regex((err as Error).message, /duty\[1\]\.phone/, "refused naming the field");
      return;
    }
    for (const lang of ["vi", "en"] as const) {
      setLanguage(lang);
      const line = showText(r, "xuan-pho.bell.json").split("\n").find((l) => l.includes("Đ/c Bình"))!;
      t.truthy(line, "the officer is listed");
      // a good number's line is exactly "  2. Đ/c Bình  +84…" (the provision show test); a mistyped one says more
      t.notRegex(line, /^ +2\. Đ\/c Bình +\+[0-9]+$/, `${lang}: listed like a good number, nothing marks it: "${line}"`);
    }
  });
}
