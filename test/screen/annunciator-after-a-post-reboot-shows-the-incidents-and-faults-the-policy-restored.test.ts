/**
 * After a post reboot the screen starts from what the receiver's policy restored from flash
 * (issue 13 wiring): open and acknowledged incidents, offline callers and stuck buttons are on
 * the screen before any event says so again (the policy does not report a restored death or jam
 * again), in the same order as if they had been reported. Rows: what flash held → the view
 * after boot and the callers' listing.
 */
import test from "ava";
import { Annunciator, type View } from "../../firmware/core/annunciator/annunciator.ts";
import type { ReceiverRestored } from "../../firmware/core/policy/receiver.ts";

const NOW = 0xffff_f000; // ticks just before the wrap: "how long ago" counts from the boot
const boot = (a: Annunciator): void => {
  a.apply({ event: "boot", role: "receiver", open: 0, name: "Công an xã" }, NOW);
  for (const [caller, name] of [["clinic", "Trạm y tế"], ["bank", "Ngân hàng"], ["cafe", "Quán cà phê Sen"]]) a.apply({ event: "caller_listed", caller, name }, NOW);
};

type Row = [restored: ReceiverRestored, want: Partial<Pick<View, "screen" | "headline" | "led" | "pending">> & { others?: string[] }];
const none: ReceiverRestored = { incidents: [], offline: [], stuck: [] };
const rows: Row[] = [
  [none, { screen: "status", headline: "3/3 nút liên lạc tốt", led: "ok", pending: 0 }],
  [{ ...none, incidents: [{ caller: "clinic", incident: 7, acknowledged: false }] }, { screen: "alarm", headline: "Trạm y tế", led: "alarm", pending: 0 }],
  [{ ...none, incidents: [{ caller: "clinic", incident: 7, acknowledged: true }] }, { screen: "acknowledged", headline: "Trạm y tế", led: "acknowledged" }],
  [{ ...none, offline: ["cafe"] }, { screen: "fault", headline: "Quán cà phê Sen", led: "fault", others: [] }],
  [{ ...none, stuck: ["bank"] }, { screen: "fault", headline: "Ngân hàng", led: "fault" }],
  [
    { incidents: [{ caller: "clinic", incident: 7, acknowledged: true }, { caller: "bank", incident: 2, acknowledged: false }], offline: ["cafe"], stuck: ["clinic"] },
    { screen: "alarm", headline: "Ngân hàng", led: "alarm", others: ["Trạm y tế · đã xác nhận", "Quán cà phê Sen · mất liên lạc", "Trạm y tế · kẹt nút"] },
  ],
];

test("each row's restored state is on the screen after boot, in EN 50131 order", (t) => {
  for (const [i, [restored, want]] of rows.entries()) {
    const a = new Annunciator({ lang: "vi" });
    a.restore(restored, NOW);
    boot(a);
    const v = a.view(NOW);
    const got: Record<string, unknown> = {};
    for (const k of Object.keys(want)) got[k] = k === "others" ? v.others.map((o) => o.text) : v[k as keyof View];
    t.deepEqual(got, want as Record<string, unknown>, `row ${i}`);
  }
});

test("a restored incident and offline caller leave the screen by the same events as reported ones", (t) => {
  const a = new Annunciator({ lang: "vi" });
  a.restore({ incidents: [{ caller: "clinic", incident: 7, acknowledged: false }], offline: ["cafe"], stuck: [] }, NOW);
  boot(a);
  a.apply({ event: "incident_acknowledged", caller: "clinic", incident: 7 }, NOW);
  t.is(a.view(NOW).screen, "acknowledged");
  a.apply({ event: "incident_resolved", caller: "clinic", incident: 7 }, NOW);
  t.is(a.view(NOW).headline, "Quán cà phê Sen");
  a.apply({ event: "caller_online", caller: "cafe" }, NOW);
  t.is(a.view(NOW).screen, "status");
});

test("restoring twice or a caller id twice shows each indication once", (t) => {
  const a = new Annunciator({ lang: "vi" });
  const r: ReceiverRestored = { incidents: [{ caller: "clinic", incident: 7, acknowledged: false }], offline: ["cafe", "cafe"], stuck: [] };
  a.restore(r, NOW);
  a.restore(r, NOW);
  boot(a);
  t.is(a.view(NOW).pending, 1);
});
