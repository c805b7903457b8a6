/**
 * `bell monitor --screen` (issue 13): the receiver's screen as text lines, from the event lines
 * its console prints — one block per change, the same view the panel shows; a caller's console
 * (no screen) gives none.
 */
import test from "ava";
import { runScenario } from "../../tools/sim/run.ts";
import { loadScenario } from "../../tools/sim/scenario.ts";
import { DEFAULT_DEPLOYMENT } from "../../tools/sim/command.ts";
import { ScreenTextWatcher } from "../../tools/screen/text.ts";

const run = runScenario(loadScenario(DEFAULT_DEPLOYMENT));

test("the post's console gives one block per screen change, the alarm naming the place", (t) => {
  const w = new ScreenTextWatcher("vi");
  const blocks = run.events.filter((e) => e.device === "post").map((e) => w.onEvent(e)).filter((b) => b !== undefined);
  t.deepEqual(blocks.map((b) => b[0]), [
    "┌ · Công an xã Xuân Phổ", "┌ · Công an xã Xuân Phổ", "┌ · Công an xã Xuân Phổ", "┌ · Công an xã Xuân Phổ", "┌ · Công an xã Xuân Phổ",
    "┌ ! BÁO ĐỘNG", "┌ ✓ ĐÃ XÁC NHẬN – chờ đặt lại", "┌ · Công an xã Xuân Phổ", "┌ × LỖI: MẤT LIÊN LẠC", "┌ · Công an xã Xuân Phổ", "┌ · Công an xã Xuân Phổ",
  ]);
  const alarm = blocks.find((b) => b[0] === "┌ ! BÁO ĐỘNG")!;
  t.deepEqual(alarm, ["┌ ! BÁO ĐỘNG", "│ Trạm y tế", "│ Vụ số 1", "│ vừa xong", "└"]);
});

test("a caller's console shows no screen", (t) => {
  const w = new ScreenTextWatcher("en");
  t.deepEqual(run.events.filter((e) => e.device === "clinic").map((e) => w.onEvent(e)).filter((b) => b !== undefined), []);
});
