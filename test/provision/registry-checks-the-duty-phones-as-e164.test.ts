// Issue 14: the receiver's duty list and escalation settings go through the registry checked like
// the other settings: a number not in E.164 (+84…), a repeated number or an out-of-range delay is
// refused naming the JSON path (E_REGISTRY); a good list is kept as written and read back.
import test from "ava";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { UsageError } from "../../tools/errors.ts";
import { loadRegistry, newRegistry, registryToJson } from "../../tools/provision/registry.ts";
import { tempDir } from "../support/console-pty.ts";

const GOOD = { duty: [{ phone: "+84901000001", name: "Đ/c An" }, { phone: "+84901000002", name: "Đ/c Bình" }], escalate_after_ms: 45_000 };

test("bell provision init --escalation keeps the duty list, and it reads back the same", (t) => {
  const r = newRegistry({ postId: "xuan-pho", postName: "Công an xã Xuân Phổ", channel: 6, receiverEscalation: GOOD });
  const { dir, cleanup } = tempDir("bell-registry-");
  t.teardown(cleanup);
  const file = path.join(dir, "xuan-pho.bell.json");
  writeFileSync(file, registryToJson(r), { mode: 0o600 });
  t.deepEqual(loadRegistry(file).devices[0]!.escalation, GOOD);
});

const bad: [string, Record<string, unknown>, RegExp][] = [
  ["a national-form number", { duty: [{ phone: "0901000001", name: "An" }] }, /--escalation\.duty\[0\]\.phone: must be a phone number in E\.164 form.*"\+84901000001"/],
  ["a repeated number", { duty: [{ phone: "+84901000001", name: "An" }, { phone: "+84901000001", name: "Bình" }] }, /--escalation\.duty\[1\]\.phone: \+84901000001 is already on the list/],
  ["no one on duty", { duty: [] }, /--escalation\.duty: must list 1…10 officers/],
  ["an escalation delay of 1 s", { ...GOOD, escalate_after_ms: 1000 }, /--escalation\.escalate_after_ms: must be an integer 5000…600000, got 1000/],
  ["an unknown field", { ...GOOD, silence: true }, /--escalation\.silence: unknown field/],
];

for (const [name, escalation, says] of bad) {
  test(`refused: ${name}`, (t) => {
    const err = t.throws(() => newRegistry({ postId: "xuan-pho", postName: "Công an xã Xuân Phổ", channel: 6, receiverEscalation: escalation }), { instanceOf: UsageError });
    t.is(err?.id, "E_REGISTRY");
    t.regex(err!.message, says);
  });
}

test("a hand-edited registry with a bad duty number is refused naming devices[0].escalation", (t) => {
  const r = newRegistry({ postId: "xuan-pho", postName: "Công an xã Xuân Phổ", channel: 6, receiverEscalation: GOOD });
  const json = JSON.parse(registryToJson(r));
  json.devices[0].escalation.duty[1].phone = "84901000002";
  const { dir, cleanup } = tempDir("bell-registry-");
  t.teardown(cleanup);
  const file = path.join(dir, "xuan-pho.bell.json");
  writeFileSync(file, JSON.stringify(json), { mode: 0o600 });
  const err = t.throws(() => loadRegistry(file), { instanceOf: UsageError });
  t.regex(err!.message, /devices\[0\]\.escalation\.duty\[1\]\.phone: must be a phone number in E\.164 form/);
});
