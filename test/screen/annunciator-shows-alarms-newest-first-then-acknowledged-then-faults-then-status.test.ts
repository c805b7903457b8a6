/**
 * The annunciator's order (EN 50131-1 §8.5; firmware/core/annunciator/annunciator.ts): rows of
 * receiver events, each followed by what the screen shows (screen, large line, title, the list
 * under it, the LED). Time and the wall clock advance with each row; the ticks start just
 * before the 32-bit wrap, so "how long ago" is checked across it.
 */
import test from "ava";
import { Annunciator, type AnnunciatorEvent, type View } from "../../firmware/core/annunciator/annunciator.ts";
import { ticksAdd } from "../../firmware/core/ticks.ts";

const START = 0xffff_0000; // 65.5 s before the tick counter wraps
const WALL = 1_767_225_600; // 2026-01-01 00:00:00 UTC = 07:00 in Vietnam

type Row = [atMs: number, event: AnnunciatorEvent | "next", want: Partial<Pick<View, "screen" | "headline" | "title" | "position" | "pending" | "led">> & { others?: string[]; details?: string[] }];

const listed = (caller: string, name: string): AnnunciatorEvent => ({ event: "caller_listed", caller, name });

const rows: Row[] = [
  [0, { event: "boot", name: "Công an xã Xuân Phổ", open: 0 }, { screen: "status", title: "Công an xã Xuân Phổ", headline: "Bình thường", led: "ok", pending: 0 }],
  [0, listed("clinic", "Trạm y tế"), { headline: "1/1 nút liên lạc tốt" }],
  [0, listed("market", "Siêu thị Hoa Mai"), { headline: "2/2 nút liên lạc tốt" }],
  [0, listed("cafe", "Quán cà phê Sen"), { headline: "3/3 nút liên lạc tốt", details: ["Giờ: 07:00:00", "Gần nhất: trạm khởi động"] }],
  [1_000, { event: "incident_opened", caller: "clinic", incident: 4, name: "Trạm y tế" }, { screen: "alarm", title: "BÁO ĐỘNG", headline: "Trạm y tế", position: "", pending: 0, led: "alarm", details: ["Vụ số 4 · bấm lúc 07:00:01", "vừa xong"] }],
  [61_000, { event: "caller_offline", caller: "cafe", name: "Quán cà phê Sen" }, { screen: "alarm", headline: "Trạm y tế", position: "1/2", others: ["Quán cà phê Sen · mất liên lạc"], details: ["Vụ số 4 · bấm lúc 07:00:01", "1 phút trước"] }],
  [121_000, { event: "incident_opened", caller: "market", incident: 9, name: "Siêu thị Hoa Mai" }, { screen: "alarm", headline: "Siêu thị Hoa Mai", position: "1/3", pending: 2, others: ["Trạm y tế · vụ 4", "Quán cà phê Sen · mất liên lạc"] }],
  [122_000, { event: "incident_acknowledged", caller: "market", incident: 9 }, { screen: "alarm", headline: "Trạm y tế", others: ["Siêu thị Hoa Mai · đã xác nhận", "Quán cà phê Sen · mất liên lạc"], led: "alarm" }],
  [123_000, { event: "incident_acknowledged", caller: "clinic", incident: 4 }, { screen: "acknowledged", title: "ĐÃ XÁC NHẬN – chờ đặt lại", headline: "Siêu thị Hoa Mai", others: ["Trạm y tế · đã xác nhận", "Quán cà phê Sen · mất liên lạc"], led: "acknowledged" }],
  [200_000, { event: "incident_resolved", caller: "clinic", incident: 4 }, { screen: "acknowledged", headline: "Siêu thị Hoa Mai", position: "1/2" }],
  [200_000, { event: "incident_resolved", caller: "market", incident: 9 }, { screen: "fault", title: "LỖI: MẤT LIÊN LẠC", headline: "Quán cà phê Sen", position: "", led: "fault", details: ["Mất liên lạc từ 07:01", "2 phút trước"] }],
  [210_000, { event: "caller_button_stuck", caller: "clinic", name: "Trạm y tế" }, { screen: "fault", headline: "Quán cà phê Sen", others: ["Trạm y tế · kẹt nút"] }],
  [220_000, { event: "caller_online", caller: "cafe" }, { screen: "fault", title: "LỖI: KẸT NÚT", headline: "Trạm y tế", details: ["Nút bị kẹt: không báo động được", "vừa xong"] }],
  [230_000, { event: "store_error", what: "incidents", error: "flash full" }, { screen: "fault", headline: "Trạm y tế", others: ["Lỗi bộ nhớ"] }],
  [240_000, { event: "fault_acknowledged", offline: 0, stuck: 1 }, { screen: "fault", headline: "Trạm y tế", pending: 0 }],
  [250_000, { event: "caller_button_released", caller: "clinic" }, { screen: "status", headline: "3/3 nút liên lạc tốt", details: ["Giờ: 07:04:10", "Gần nhất: nút của Trạm y tế hết kẹt"], led: "ok" }],
  [3_900_000, { event: "incident_opened", caller: "zz", incident: 1 }, { screen: "alarm", headline: "Nút zz" }],
  [7_500_000, { event: "frame_rejected", reason: "bad_tag" }, { screen: "alarm", headline: "Nút zz", details: ["Vụ số 1 · bấm lúc 08:05:00", "1 giờ 0 phút trước"] }],
];

test("each row's events give the screen, large line, list and LED of that row", (t) => {
  const a = new Annunciator({ lang: "vi" });
  t.is(a.view(START).screen, "boot", "before the app's boot event: the boot screen");
  t.is(a.view(START).led, "setup");
  for (const [i, [at, e, want]] of rows.entries()) {
    const now = ticksAdd(START, at);
    const wall = WALL + Math.floor(at / 1000);
    if (e === "next") a.next();
    else a.apply(e, now, wall);
    const v = a.view(now, wall);
    const got: Record<string, unknown> = {};
    for (const k of Object.keys(want)) got[k] = k === "others" ? v.others.map((o) => o.text) : v[k as keyof View];
    t.deepEqual(got, want as Record<string, unknown>, `row ${i}: ${typeof e === "string" ? e : e.event}`);
  }
});

test("unprovisioned and damaged provisioning are the installer's screen, whatever came before", (t) => {
  for (const e of [{ event: "unprovisioned", role: "receiver" }, { event: "provisioning_error", role: "receiver", reason: "the key is missing" }]) {
    const a = new Annunciator({ lang: "vi" });
    a.apply(e, 0);
    a.apply({ event: "boot", name: "x" }, 0);
    const v = a.view(0);
    t.is(v.screen, "unprovisioned");
    t.is(v.headline, "Thiết bị chưa được cài đặt");
    t.true(v.details[0].includes("bell provision"));
    t.is(v.led, "setup");
  }
});

test("English is a build option: the same screens in English", (t) => {
  const a = new Annunciator({ lang: "en" });
  a.apply({ event: "boot", name: "Post" }, 0, WALL);
  a.apply({ event: "incident_opened", caller: "clinic", incident: 2, name: "Trạm y tế" }, 0, WALL);
  const v = a.view(0, WALL);
  t.is(v.title, "ALARM");
  t.deepEqual(v.details, ["Incident 2 · pressed at 07:00:00", "just now"]);
});

test("options are checked: an unknown language or a fractional offset is refused naming the field", (t) => {
  t.throws(() => new Annunciator({ lang: "fr" as "vi" }), { instanceOf: RangeError, message: /lang/ });
  t.throws(() => new Annunciator({ utcOffsetS: 1.5 }), { instanceOf: RangeError, message: /utcOffsetS/ });
});
