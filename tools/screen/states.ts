/**
 * The screen states the golden images and the bench cover (issue 13): each is a short history of receiver
 * events fed to a fresh annunciator, and the moment it is looked at. Shared by the golden-image
 * test and the font-coverage test.
 */
import { Annunciator, type AnnunciatorEvent } from "../../firmware/core/annunciator/annunciator.ts";
import type { Lang } from "../../firmware/core/messages/index.ts";
import { ticksAdd } from "../../firmware/core/ticks.ts";

/** 2026-06-01 14:02:05 in Vietnam (UTC+7), Unix s. */
export const WALL = 1_780_297_325;

export const POST = "Công an xã Xuân Phổ";
export const PLACES: readonly (readonly [string, string])[] = [
  ["clinic", "Trạm y tế"],
  ["market", "Siêu thị Hoa Mai"],
  ["cafe", "Quán cà phê Sen"],
  ["bank", "Phòng giao dịch ngân hàng"],
];
/** A long name: wraps over two lines and is shortened with "…" on both profiles. */
export const LONG_NAME = "Trường Trung học phổ thông Nguyễn Bỉnh Khiêm, khu phố Thượng Đức";

export interface ScreenState {
  readonly name: string;
  readonly lang: Lang;
  /** [ms after the first event, event or "next"] */
  readonly history: readonly (readonly [number, AnnunciatorEvent | "next"])[];
  /** When it is looked at, ms after the first event. */
  readonly atMs: number;
  /** Tick of the first event (near 2^32 for the wrap state). */
  readonly startTicks?: number;
  /** Whether the wall clock is known. */
  readonly wall?: boolean;
}

const boot: [number, AnnunciatorEvent] = [0, { event: "boot", role: "receiver", open: 0, name: POST }];
const listed = PLACES.map(([caller, name]) => [0, { event: "caller_listed", caller, name }] as [number, AnnunciatorEvent]);
const opened = (at: number, caller: string, incident: number, name: string): [number, AnnunciatorEvent] => [at, { event: "incident_opened", caller, incident, name }];

/** Every screen state with a golden image. */
export const SCREEN_STATES: readonly ScreenState[] = [
  { name: "boot", lang: "vi", history: [], atMs: 0 },
  { name: "unprovisioned", lang: "vi", history: [[0, { event: "unprovisioned", role: "receiver" }]], atMs: 0 },
  { name: "status", lang: "vi", history: [boot, ...listed], atMs: 5_000 },
  { name: "status-no-clock", lang: "vi", history: [boot, ...listed, [60_000, { event: "caller_offline", caller: "cafe", name: "Quán cà phê Sen" }], [90_000, { event: "caller_online", caller: "cafe" }]], atMs: 95_000, wall: false },
  { name: "alarm", lang: "vi", history: [boot, ...listed, opened(62_133, "clinic", 1, "Trạm y tế")], atMs: 92_000 },
  { name: "alarm-en", lang: "en", history: [boot, ...listed, opened(62_133, "clinic", 1, "Trạm y tế")], atMs: 92_000 },
  { name: "alarm-long-name", lang: "vi", history: [boot, ...listed, opened(1_000, "school", 12, LONG_NAME)], atMs: 200_000 },
  {
    name: "ten-open-incidents",
    lang: "vi",
    history: [boot, ...listed, ...Array.from({ length: 10 }, (_, k) => opened(1_000 + k * 7_000, PLACES[k % 4][0], 1 + Math.floor(k / 4), PLACES[k % 4][1]))],
    atMs: 400_000,
  },
  {
    name: "alarm-and-faults",
    lang: "vi",
    history: [boot, ...listed, [10_000, { event: "caller_offline", caller: "cafe", name: "Quán cà phê Sen" }], [20_000, { event: "caller_button_stuck", caller: "bank", name: "Phòng giao dịch ngân hàng" }], opened(30_000, "clinic", 3, "Trạm y tế")],
    atMs: 150_000,
  },
  { name: "acknowledged", lang: "vi", history: [boot, ...listed, opened(1_000, "market", 5, "Siêu thị Hoa Mai"), [34_000, { event: "incident_acknowledged", caller: "market", incident: 5 }]], atMs: 700_000 },
  { name: "next-second-alarm", lang: "vi", history: [boot, ...listed, opened(1_000, "clinic", 1, "Trạm y tế"), opened(2_000, "market", 2, "Siêu thị Hoa Mai"), [3_000, "next"]], atMs: 4_000 },
  { name: "fault-offline", lang: "vi", history: [boot, ...listed, [357_854, { event: "caller_offline", caller: "cafe", name: "Quán cà phê Sen" }]], atMs: 420_000 },
  { name: "fault-stuck", lang: "vi", history: [boot, ...listed, [5_000, { event: "caller_button_stuck", caller: "bank", name: "Phòng giao dịch ngân hàng" }]], atMs: 6_000 },
  { name: "fault-store", lang: "vi", history: [boot, ...listed, [5_000, { event: "store_error", what: "incidents", error: "the flash refused the write" }]], atMs: 6_000 },
  // issue 14: the escalation to the duty phones and the LTE modem's faults
  { name: "alarm-escalating", lang: "vi", history: [boot, ...listed, opened(1_000, "clinic", 1, "Trạm y tế"), [31_000, { event: "escalation_started", escalation: 1, incidents: "clinic#1", places: "Trạm y tế" }]], atMs: 40_000 },
  {
    name: "acknowledged-by-phone",
    lang: "vi",
    history: [
      boot,
      ...listed,
      opened(1_000, "clinic", 1, "Trạm y tế"),
      [31_000, { event: "escalation_started", escalation: 1, incidents: "clinic#1", places: "Trạm y tế" }],
      [37_000, { event: "escalation_taken", escalation: 1, by: "+84901000002", name: "Đ/c Bình", via: "dtmf", incidents: "clinic#1" }],
      [37_000, { event: "incident_acknowledged", caller: "clinic", incident: 1, by: "+84901000002" }],
    ],
    atMs: 40_000,
  },
  { name: "fault-modem-no-sim", lang: "vi", history: [boot, ...listed, [60_000, { event: "modem_fault", reason: "no_sim" }]], atMs: 70_000 },
  { name: "fault-modem-sms-refused", lang: "vi", history: [boot, ...listed, [60_000, { event: "modem_fault", reason: "sms_refused", detail: "+CMS ERROR: 500 (unknown error)" }]], atMs: 70_000 },
  // a post that cannot escalate: a fault without a duty list, a notice on the status screen without a modem
  { name: "fault-escalation-off-no-duty-list", lang: "vi", history: [boot, ...listed, [0, { event: "escalation_off", why: "no_duty_list" }]], atMs: 5_000 },
  { name: "fault-escalation-off-bad-setting-en", lang: "en", history: [boot, ...listed, [0, { event: "escalation_off", why: "bad_setting", key: "d1.phone", reason: "must be E.164" }]], atMs: 5_000 },
  { name: "status-escalation-off-no-modem", lang: "vi", history: [boot, ...listed, [0, { event: "escalation_off", why: "no_modem" }]], atMs: 5_000 },
  // Opened 30 s before the 32-bit tick counter wraps, looked at 150 s later: "2 phút trước".
  { name: "clock-wrap", lang: "vi", history: [boot, ...listed, opened(1_000, "clinic", 8, "Trạm y tế")], atMs: 151_000, startTicks: 0xffff_ffff - 31_000 },
];

/** The annunciator after `s`'s history, and its view at `s.atMs`. */
export function viewOf(s: ScreenState) {
  const a = new Annunciator({ lang: s.lang });
  const start = s.startTicks ?? 1_000;
  const wall = (ms: number) => (s.wall === false ? undefined : WALL + Math.floor(ms / 1000));
  for (const [at, e] of s.history) {
    if (e === "next") a.next();
    else a.apply(e, ticksAdd(start, at), wall(at));
  }
  return a.view(ticksAdd(start, s.atMs), wall(s.atMs));
}
