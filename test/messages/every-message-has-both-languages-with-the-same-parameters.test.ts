/**
 * The message catalogue (issue 16): every id has a Vietnamese and an English text, neither
 * empty, both using the same `{parameters}`; Vietnamese is stored in NFC (so a screen font and
 * a search find one spelling) and actually carries Vietnamese letters where it has words.
 */
import test from "ava";
import { LANGUAGES, MESSAGES, message, placeholders, langOfLocale, langFromEnvironment } from "../../firmware/core/messages/index.ts";

const entries = Object.entries(MESSAGES) as Array<[keyof typeof MESSAGES, { vi: string; en: string }]>;

test("the catalogue is not empty", (t) => {
  t.true(entries.length > 50);
});

for (const [id, texts] of entries) {
  test(`${id}: vi and en, non-empty, same parameters, NFC`, (t) => {
    for (const lang of LANGUAGES) {
      t.is(typeof texts[lang], "string", `${id}.${lang}`);
      t.true(texts[lang].trim().length > 0, `${id}.${lang} is empty`);
      t.is(texts[lang], texts[lang].normalize("NFC"), `${id}.${lang} is not NFC`);
    }
    t.deepEqual(placeholders(texts.vi).sort(), placeholders(texts.en).sort(), `${id}: parameters differ`);
  });
}

test("Vietnamese texts are Vietnamese: most carry a letter English does not have", (t) => {
  const words = entries.filter(([, x]) => /[a-z]{3}/i.test(x.vi.replace(/\{[a-z_]+\}/g, "")) && x.vi !== x.en);
  const vietnamese = words.filter(([, x]) => /[ăâđêôơưàáảãạèéẻẽẹìíỉĩịòóỏõọùúủũụỳýỷỹỵ]/i.test(x.vi));
  t.true(vietnamese.length / words.length > 0.9, words.filter((w) => !vietnamese.includes(w)).map(([id]) => id).join(", "));
});

test("parameters are filled in; a missing one reads '?' rather than throwing", (t) => {
  t.is(message("en", "timeline.alarm_tx", { incident: 3, attempt: 2 }), "alarm sent (incident 3, attempt 2)");
  t.is(message("vi", "timeline.alarm_tx", { incident: 3, attempt: 2 }), "đã gửi báo động (vụ 3, lần gửi 2)");
  t.is(message("en", "timeline.alarm_tx", { incident: 3 }), "alarm sent (incident 3, attempt ?)");
  t.throws(() => message("en", "no.such.id" as keyof typeof MESSAGES), { instanceOf: RangeError });
});

test("the locale chooses the language in POSIX order; a locale naming neither gives the fallback", (t) => {
  const rows: Array<[Record<string, string | undefined>, "vi" | "en"]> = [
    [{ LANG: "vi_VN.UTF-8" }, "vi"],
    [{ LANG: "vi" }, "vi"],
    [{ LANG: "en_US.UTF-8" }, "en"],
    [{ LANG: "C.UTF-8" }, "en"],
    [{}, "en"],
    [{ LANG: "en_US.UTF-8", LC_MESSAGES: "vi_VN" }, "vi"],
    [{ LANG: "vi_VN", LC_ALL: "en_GB.UTF-8" }, "en"],
    [{ LANG: "vi_VN", LC_ALL: "" }, "vi"],
    [{ LANG: "fr_FR.UTF-8" }, "en"],
    [{ LANG: "video" }, "en"],
  ];
  for (const [env, want] of rows) t.is(langFromEnvironment(env, "en"), want, JSON.stringify(env));
  t.is(langOfLocale("vi_VN@tone"), "vi");
});
