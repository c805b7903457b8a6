/**
 * Claim (issue 14): in `bell sim`'s timeline (and `bell sim --console`'s), a phone number of the
 * scenario's `lte` is shown with who has it: a duty officer as `Đ/c An (+84901000001)`, the post's
 * SIM as the post's place name; a number nobody has stays a number. Duty phones report events of
 * their own, so their column is padded like the devices'.
 */
import test from "ava";
import { readFileSync } from "node:fs";
import { phoneNames } from "../../tools/sim/lte-scenario.ts";
import { parseScenario } from "../../tools/sim/scenario.ts";
import { Timeline } from "../../tools/sim/timeline.ts";
import { repoRoot } from "../support/console-pty.ts";

const FIXTURE = `${repoRoot}/test/fixtures/scenarios/empty-post-escalates-to-the-duty-phones.json`;
const scenario = parseScenario(JSON.parse(readFileSync(FIXTURE, "utf8")), { file: FIXTURE });
const byId = new Map(scenario.devices.map((d) => [d.id, d.name]));
const timeline = new Timeline({ byId, byPhone: phoneNames(scenario.lte, scenario.devices) }, 600_000, "vi");

// "Đ/c Cường (+84901000003)" is 24 characters, the widest column
const rows: [Record<string, unknown>, string][] = [
  [{ t: 35_151, device: "post", event: "escalation_sms_sent", to: "+84901000001", kind: "alarm", escalation: 1, text: "BÁO ĐỘNG" }, `00:35.151  Công an xã Xuân Phổ       đã gửi tin nhắn tới Đ/c An (+84901000001): "BÁO ĐỘNG"`],
  [{ t: 37_151, device: "+84901000003", event: "phone_sms", from: "+84912000000", text: "BÁO ĐỘNG", parts: 1 }, `00:37.151  Đ/c Cường (+84901000003)  điện thoại nhận tin nhắn từ Công an xã Xuân Phổ (+84912000000): "BÁO ĐỘNG"`],
  [{ t: 41_191, device: "post", event: "escalation_call", to: "+84901000002", escalation: 1, round: 1 }, "00:41.191  Công an xã Xuân Phổ       đang gọi Đ/c Bình (+84901000002) (vụ 1, vòng 1)"],
  [{ t: 60_000, device: "+84987654321", event: "phone_sends_sms", to: "+84912000000", text: "OK 1" }, `01:00.000  +84987654321              nhắn tới Công an xã Xuân Phổ (+84912000000): "OK 1"`],
  [{ t: 62_000, device: "post", event: "sms_ignored", from: "+84987654321", why: "not_on_duty_list", text: "OK 1" }, `01:02.000  Công an xã Xuân Phổ       bỏ qua tin nhắn từ +84987654321 (số không có trong danh sách trực): "OK 1"`],
];
for (const [event, line] of rows) {
  test(`${String(event.event)} → ${line.slice(37, 90)}`, (t) => t.is(timeline.line(event as never), line));
}

test("without lte, no phone has a name", (t) => {
  t.deepEqual(phoneNames(undefined, scenario.devices), new Map());
});
