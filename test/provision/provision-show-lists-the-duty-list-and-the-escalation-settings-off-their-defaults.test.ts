/**
 * Claim (issue 14 leftover): `bell provision show` lists what the post will text and call — every
 * duty officer's name and full number, in calling order (the installer checks them against the
 * officers' phones: nothing is masked) — and the escalation settings that differ from their
 * defaults, with the default beside each; a setting given at its default value is not listed.
 * A post without a duty list says the duty phones will not be alerted and how to add them.
 * In Vietnamese and English (one catalogue); `--json` carries the same. Keys are never shown.
 */
import test from "ava";
import { showJson, showText } from "../../tools/provision/command.ts";
import { addCaller, newRegistry, type Registry } from "../../tools/provision/registry.ts";
import { setLanguage } from "../../tools/lang.ts";

const DUTY = [
  { phone: "+84901000001", name: "Đ/c An" },
  { phone: "+84901000002", name: "Đ/c Bình" },
  { phone: "+84912345678", name: "Đ/c Trần Văn Cường" },
];

function post(escalation?: Record<string, unknown>): Registry {
  const r = newRegistry({ postId: "xuan-pho", postName: "Công an xã Xuân Phổ", channel: 6, receiverMac: "24:0a:c4:00:00:01", ...(escalation ? { receiverEscalation: escalation } : {}) });
  addCaller(r, { id: "clinic", name: "Trạm y tế", mac: "24:0a:c4:00:00:02" }, () => new Uint8Array(16).fill(0xab));
  return r;
}

function both(r: Registry): { vi: string; en: string } {
  setLanguage("vi");
  const vi = showText(r, "xuan-pho.bell.json");
  setLanguage("en");
  const en = showText(r, "xuan-pho.bell.json");
  return { vi, en };
}

test("every officer's name and whole number, in calling order, in both languages", (t) => {
  const { vi, en } = both(post({ duty: DUTY }));
  for (const text of [vi, en]) {
    const at = DUTY.map((d) => text.indexOf(d.phone));
    t.true(at.every((i) => i > 0), text);
    t.deepEqual([...at].sort((a, b) => a - b), at, "in calling order");
    for (const [k, d] of DUTY.entries()) t.regex(text, new RegExp(`^ +${k + 1}\\. ${d.name} +\\${d.phone}$`, "m"));
  }
  t.regex(vi, /Danh sách trực/);
  t.regex(en, /Duty list/);
  t.regex(vi, /mặc định/, "all other settings at their defaults, said");
  t.regex(en, /defaults/);
  t.false(/abab/i.test(vi + en), "no key");
});

test("only the settings that differ from the defaults, each with its default", (t) => {
  const { vi, en } = both(post({ duty: DUTY.slice(0, 1), escalate_after_ms: 60_000, call_ms: 40_000, test_sms_every_ms: 0 }));
  t.regex(en, /escalate_after_ms = 60000 \(default 30000\)/);
  t.regex(vi, /escalate_after_ms = 60000 \(mặc định 30000\)/);
  t.regex(en, /test_sms_every_ms = 0 \(default 604800000\)/);
  t.notRegex(en + vi, /call_ms/, "given at its default: not a difference");
  t.notRegex(en + vi, /round_pause_ms|sms_per_hour/);
});

test("a post with no duty list says the phones will not be alerted, and how to add them", (t) => {
  const { vi, en } = both(post());
  t.regex(vi, /Không báo điện thoại trực.*bell provision escalation/);
  t.regex(en, /No duty list.*bell provision escalation/);
});

test("--json carries the duty list and the settings off their defaults", (t) => {
  const j = showJson(post({ duty: DUTY, sms_per_hour: 5 }), "f") as { escalation: unknown };
  t.deepEqual(j.escalation, { duty: DUTY, changed: { sms_per_hour: 5 } });
  t.is((showJson(post(), "f") as { escalation: unknown }).escalation, null);
});
