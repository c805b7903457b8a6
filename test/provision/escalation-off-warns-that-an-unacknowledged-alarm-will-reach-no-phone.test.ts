/**
 * Claim (field finding 2, the "--off" note of test/field/escalation-off/README.md): `bell provision
 * escalation --off` warns the installer, in the tools' language (Vietnamese or English, from the
 * catalogue), that once the receiver is provisioned again the post texts and calls nobody when an
 * alarm is not acknowledged, and says how to put a duty list back. Giving a duty list prints no
 * such warning. End to end through `bell`, on a registry in a temporary folder.
 *
 * FAILED before the fix (checked with the command and catalogue changes stashed; the catalogue id
 * did not exist yet): `--off` printed only "post will no longer text or call anyone; provision the
 * post again to apply it" on stdout and nothing on stderr.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import test from "ava";
import { message } from "../../firmware/core/messages/index.ts";
import { bell } from "../trace/bell.ts";

const dir = mkdtempSync(path.join(tmpdir(), "bell-escalation-off-"));
const DUTY = '{"duty":[{"phone":"+84901000001","name":"Đ/c An"}]}';

async function postWithDutyList(name: string): Promise<string> {
  const file = path.join(dir, `${name}.bell.json`);
  const init = await bell(["provision", "init", "--post", name, "--name", "Công an xã Xuân Phổ", "--registry", file, "--escalation", DUTY]);
  if (init.code !== 0) throw new Error(init.stderr);
  return file;
}

for (const lang of ["vi", "en"] as const) {
  test(`${lang}: --off warns that an unacknowledged alarm reaches no phone, and how to put a list back`, async (t) => {
    const file = await postWithDutyList(`off-${lang}`);
    const off = await bell(["--lang", lang, "provision", "escalation", "--off", "--registry", file]);
    t.is(off.code, 0, off.stderr);
    const warning = message(lang, "provision.escalation.off_warning", { id: "post" });
    t.true(off.stderr.includes(warning), `stderr: ${off.stderr}`);
    // the words the installer must meet, not only the catalogue's id
    for (const words of lang === "vi" ? ["không được xác nhận", "không nhắn tin và không gọi cho ai"] : ["not acknowledged", "texts and calls nobody"]) t.true(off.stderr.includes(words), words);
    t.regex(off.stderr, /bell provision escalation '\{"duty":/, "how to put a list back");
    t.regex(off.stderr, /bell provision device post/, "and to provision the receiver again");
    const other = lang === "vi" ? "en" : "vi";
    t.false(off.stderr.includes(message(other, "provision.escalation.off_warning", { id: "post" })), "one language only");
  });
}

test("a new duty list gives no such warning", async (t) => {
  const file = await postWithDutyList("set");
  const set = await bell(["--lang", "vi", "provision", "escalation", DUTY, "--registry", file]);
  t.is(set.code, 0, set.stderr);
  t.is(set.stderr, "");
});
