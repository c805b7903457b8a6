/**
 * Claim (issue 13): `bell provision` refuses a place name with a character the receiver's screen
 * font cannot draw, naming the character and its code point — Moddable's font engine would
 * silently skip it, and an officer would read a wrong place. Names are stored in NFC, so a
 * Vietnamese name typed decomposed (NFD, a base letter and combining marks the engine cannot
 * stack) is composed on the PC and accepted; every precomposed Vietnamese letter is accepted.
 */
import test from "ava";
import { addCaller, newRegistry } from "../../tools/provision/registry.ts";

let next = 1;
const keys = () => new Uint8Array(16).fill(next++);
const post = () => newRegistry({ postId: "xuan-pho", postName: "Công an xã Xuân Phổ", channel: 6 });

for (const [what, name, ch] of [
  ["a Chinese character", "Quán phở 河内", "河"],
  ["an emoji", "Quán cà phê 🔔", "🔔"],
  ["a Cyrillic letter that looks Latin", "Trạm у tế", "у"],
  ["a combining mark left over after composing (ệ takes no acute)", "Trạm y te\u0323\u0302\u0301", "\u0301"],
] as const) {
  test(`a caller named with ${what} is refused, naming the character`, (t) => {
    const r = post();
    const err = t.throws(() => addCaller(r, { id: "x", name }, keys));
    t.regex(err!.message, /E_REGISTRY/);
    t.true(err!.message.includes(`"${ch}"`), err!.message);
    t.true(err!.message.includes(`U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`), err!.message);
    t.is(r.devices.length, 1, "the registry is unchanged");
  });
}

test("a post name the font cannot draw is refused too", (t) => {
  const err = t.throws(() => newRegistry({ postId: "p", postName: "Công an ☎", channel: 6 }));
  t.true(err!.message.includes('"☎"'), err!.message);
});

test("a decomposed Vietnamese name is stored composed (NFC) and accepted", (t) => {
  const r = post();
  addCaller(r, { id: "clinic", name: "Trạm y tế Đồng Hới".normalize("NFD") }, keys);
  t.is(r.devices[1].name, "Trạm y tế Đồng Hới".normalize("NFC"));
});

test("every Vietnamese letter, upper and lower case, is accepted", (t) => {
  const r = post();
  const letters = "aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệghiìỉĩíịklmnoòỏõóọôồổỗốộơờởỡớợpqrstuùủũúụưừửữứựvxyỳỷỹýỵ";
  for (let k = 0; k < letters.length; k += 20) {
    const part = Array.from(letters).slice(k, k + 20).join("");
    addCaller(r, { id: `l${k}`, name: `${part} ${part.toLocaleUpperCase("vi")}` }, keys);
  }
  t.is(r.devices.length, 1 + Math.ceil(Array.from(letters).length / 20));
});
