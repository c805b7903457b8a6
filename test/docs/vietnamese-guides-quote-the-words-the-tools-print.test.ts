/**
 * Issue 16: the officer's card and the installer's guide (docs/vi/) quote what the screen says;
 * each quoted phrase must be what the tools print in Vietnamese (the catalogue), so the card
 * cannot drift from the screen. Both are NFC with full diacritics.
 */
import { readFileSync } from "node:fs";
import test from "ava";
import { MESSAGES } from "../../firmware/core/messages/index.ts";

const read = (name: string) => readFileSync(new URL(`../../docs/vi/${name}`, import.meta.url), "utf8");
const vietnamese = Object.values(MESSAGES).map((m) => m.vi);
/** The catalogue's Vietnamese texts with their {parameters} taken out, as fixed phrases. */
const phrases = vietnamese.flatMap((v) => v.split(/\{[a-z_]+\}/)).map((p) => p.trim()).filter((p) => p.length >= 6);

const quoted: Array<[string, string[]]> = [
  ["khi-chuong-keu.md", ["CÓ BÁO ĐỘNG:", "MẤT LIÊN LẠC", "bị KẸT NÚT", "đã liên lạc lại", "BÁO ĐỘNG", "bấm lúc"]],
  ["huong-dan-lap-dat.md", ["thiết bị CHƯA ĐƯỢC CÀI ĐẶT", "CÓ BÁO ĐỘNG:", "MẤT LIÊN LẠC", "đã liên lạc lại", "là một nút báo động của trạm này"]],
];

for (const [file, words] of quoted) {
  test(`docs/vi/${file} quotes the screen's own words and is NFC Vietnamese`, (t) => {
    const text = read(file);
    t.is(text, text.normalize("NFC"));
    t.regex(text, /[ạảãắằẳẵặấầẩẫậđẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/);
    for (const w of words) {
      t.true(text.includes(w), `${file} quotes "${w}"`);
      t.true(phrases.some((p) => p.includes(w)), `"${w}" is what the tools print (catalogue)`);
    }
  });
}
