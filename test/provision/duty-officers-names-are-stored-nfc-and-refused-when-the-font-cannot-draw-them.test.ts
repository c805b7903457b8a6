/**
 * Claim (issue 14): a duty officer's name is checked like a place name (issue 13): stored in NFC
 * (XS on the device cannot compose), and refused naming the character and its code point when
 * the receiver's screen font cannot draw it, with the JSON path of the officer. It is the name
 * the others are told ("Đ/c An took it") and that the post can show.
 */
import test from "ava";
import { newRegistry } from "../../tools/provision/registry.ts";

const post = (name: string) => newRegistry({ postId: "xuan-pho", postName: "Công an xã Xuân Phổ", channel: 6, receiverEscalation: { duty: [{ phone: "+84901000001", name: "Đ/c An" }, { phone: "+84901000002", name }] } });

for (const [what, name, ch] of [
  ["a Chinese character", "Đ/c 河", "河"],
  ["an emoji", "Đ/c Bình 👮", "👮"],
  ["a Cyrillic letter that looks Latin", "Đ/c Вình", "В"],
] as const) {
  test(`an officer named with ${what} is refused, naming the character and the officer`, (t) => {
    const err = t.throws(() => post(name));
    t.regex(err!.message, /--escalation\.duty\[1\]\.name: .*E_REGISTRY/);
    t.true(err!.message.includes(`"${ch}"`), err!.message);
    t.true(err!.message.includes(`U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`), err!.message);
  });
}

test("a decomposed Vietnamese officer's name is stored composed (NFC)", (t) => {
  const r = post("Đ/c Nguyễn Thị Hồng".normalize("NFD"));
  const duty = (r.devices[0]!.escalation as { duty: { name: string }[] }).duty;
  t.is(duty[1]!.name, "Đ/c Nguyễn Thị Hồng".normalize("NFC"));
  t.is(duty[0]!.name, "Đ/c An");
});
