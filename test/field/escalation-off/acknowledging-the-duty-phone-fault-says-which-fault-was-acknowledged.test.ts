/**
 * Claim (ARCHITECTURE §3: `fault_acknowledged` says what was acknowledged — `offline`, `stuck`,
 * `unrecorded`?, `modem`?; `bell monitor` and the timeline read it to the installer): when an
 * officer acknowledges the fault chirp of a post that cannot reach the duty phones, the
 * `fault_acknowledged` event names that fault, and the timeline line (`bell monitor`, `bell sim`)
 * says a duty-phone fault was acknowledged, in Vietnamese and English.
 *
 * FAILS on break14 (1099a87): the event is `fault_acknowledged offline=0 stuck=0` and the line
 * reads "cán bộ đã xác nhận lỗi (0 nút mất liên lạc, 0 nút kẹt)" / "officer acknowledged the
 * fault (0 offline, 0 stuck)": the record says the officer acknowledged nothing.
 */
import test from "ava";
import { Timeline } from "../../../tools/sim/timeline.ts";
import { noDutyList, runPost } from "./post-world.ts";

test("the acknowledgement names the duty-phone fault, in the event and on the timeline", (t) => {
  const r = runPost({ rewrite: noDutyList, inputs: [{ at_ms: 30_000, device: "post", button: "acknowledge" }] });
  const ack = r.events.find((e) => e.event === "fault_acknowledged")!;
  t.truthy(ack, "the officer's acknowledgement is an event");
  t.true(Object.values(ack).includes("no_duty_list"), `the event does not name the fault: ${JSON.stringify(ack)}`);
  const names = { byId: new Map([["post", "Công an xã Xuân Phổ"], ["clinic", "Trạm y tế"]]) };
  t.regex(new Timeline(names, 120_000, "vi").line(ack), /điện thoại trực|danh sách trực/i);
  t.regex(new Timeline(names, 120_000, "en").line(ack), /duty/i);
});
