import test from "ava";
import type { SimEvent, SummaryEvent } from "../../tools/sim/run.ts";
import { Timeline, formatTime } from "../../tools/sim/timeline.ts";

const names = {
  byId: new Map([
    ["post", "Công an xã Xuân Phổ"],
    ["clinic", "Trạm y tế"],
  ]),
  byNodeId: new Map([[2, "Trạm y tế"]]),
};

test("times are mm:ss.mmm, with hours past an hour and days past a day", (t) => {
  t.is(formatTime(1034), "00:01.034");
  t.is(formatTime(599_999), "09:59.999");
  t.is(formatTime(3_723_004, true), "01:02:03.004");
  t.is(formatTime(2 * 86_400_000 + 5, true), "2d 00:00:00.005");
});

// Rows: event, expected line (names padded to the longest, "Công an xã Xuân Phổ" = 19 characters).
const rows: Array<[SimEvent, string]> = [
  [{ t: 1034, device: "clinic", event: "alarm_tx", incident: 1, attempt: 1 }, "00:01.034  Trạm y tế            alarm sent (incident 1, attempt 1)"],
  [{ t: 1036, device: "post", event: "incident_opened", caller: "clinic", incident: 1, name: "Trạm y tế" }, "00:01.036  Công an xã Xuân Phổ  INCIDENT OPENED: Trạm y tế (incident 1)"],
  [{ t: 9000, device: "post", event: "caller_offline", caller: 2 }, "00:09.000  Công an xã Xuân Phổ  Trạm y tế is OFFLINE (no heartbeat)"],
  [{ t: 9000, device: "post", event: "siren", on: true, pattern: "fault" }, "00:09.000  Công an xã Xuân Phổ  siren ON (fault)"],
  [{ t: 60_000, device: "clinic", event: "power", on: false }, "01:00.000  Trạm y tế            POWER LOST"],
  [{ t: 61_000, device: "clinic", event: "battery_low", volts: 3.1, note: "two words" }, `01:01.000  Trạm y tế            battery_low volts=3.1 note="two words"`],
];
for (const [event, line] of rows) {
  test(`${event.event}: "${line.slice(32)}"`, (t) => t.is(new Timeline(names, 600_000).line(event), line));
}

test("the summary line gives counts and radio figures", (t) => {
  const radio = { sent: 10, delivered: 7, duplicated: 0, lost_air: 2, lost_outage: 1, lost_not_listening: 0, lost_no_radio: 0, lost_unknown_address: 0, mac_ack_lost: 0, send_done_missing: 0, abandoned: 0, injected: 0 };
  const s: SummaryEvent = { t: 600_000, event: "summary", scenario: "x", seed: 3, duration_ms: 600_000, counts: { press: 1, siren: 2 }, radio, store_writes: {} };
  t.is(new Timeline(names, 600_000).line(s), `10:00.000  end of "x" (seed 3): press 1, siren 2; radio 10 frames sent, 7 copies received, 3 lost`);
});
