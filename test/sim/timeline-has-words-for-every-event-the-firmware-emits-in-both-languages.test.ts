/**
 * Issue 16: the readable timeline never shows a raw event line (`siren_test`,
 * `unprovisioned role=receiver address=… domain=bell-id`) for an event the firmware emits; it
 * speaks Vietnamese or English; its summary never contradicts itself.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import test from "ava";
import type { SimEvent, SummaryEvent } from "../../tools/sim/run.ts";
import { Timeline, hasPhrase } from "../../tools/sim/timeline.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));

/** Every event name the device code emits: `emit("name"` and `record("name"` in firmware/ and receiver/. */
function emittedEvents(): Set<string> {
  const names = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const file = path.join(dir, entry);
      if (statSync(file).isDirectory()) walk(file);
      else if (file.endsWith(".ts")) for (const m of readFileSync(file, "utf8").matchAll(/\b(?:emit|record)\(\s*"([a-z_]+)"/g)) names.add(m[1]);
    }
  };
  walk(path.join(root, "firmware"));
  walk(path.join(root, "receiver"));
  return names;
}

test("every event the firmware emits has words in the timeline", (t) => {
  const names = [...emittedEvents()];
  t.true(names.length > 20, names.join(", "));
  t.deepEqual(names.filter((n) => !hasPhrase(n)), []);
});

const names = { byId: new Map([["post", "Công an xã Xuân Phổ"], ["clinic", "Trạm y tế"]]) };
const at = (event: string, fields: Record<string, unknown> = {}): SimEvent => ({ t: 5000, device: "post", event, ...fields }) as SimEvent;

test("siren_test and unprovisioned read as sentences, in English and in Vietnamese", (t) => {
  const en = new Timeline(names, 600_000, "en");
  const vi = new Timeline(names, 600_000, "vi");
  t.is(en.line(at("siren_test")), "00:05.000  Công an xã Xuân Phổ  siren test started by an officer");
  t.is(vi.line(at("siren_test")), "00:05.000  Công an xã Xuân Phổ  cán bộ thử còi");
  const unprovisioned = at("unprovisioned", { role: "receiver", address: "24:6f:28:00:00:01", domain: "bell-id" });
  t.is(en.line(unprovisioned), "00:05.000  Công an xã Xuân Phổ  board NOT PROVISIONED yet (receiver): run bell provision");
  t.is(vi.line(unprovisioned), "00:05.000  Công an xã Xuân Phổ  thiết bị CHƯA ĐƯỢC CÀI ĐẶT (trạm nhận): dùng bell provision");
  t.is(vi.line(at("caller_offline", { caller: "clinic" })), "00:05.000  Công an xã Xuân Phổ  Trạm y tế MẤT LIÊN LẠC (không có tín hiệu định kỳ)");
  t.is(vi.line(at("siren", { on: true, pattern: "alarm" })), "00:05.000  Công an xã Xuân Phổ  còi BẬT (báo động)");
});

test("the post's boot lists its callers, each on a line by its place name", (t) => {
  t.is(new Timeline(names, 600_000, "en").line(at("caller_listed", { caller: "clinic", name: "Trạm y tế" })), "00:05.000  Công an xã Xuân Phổ  Trạm y tế is one of this post's callers");
  t.is(new Timeline(names, 600_000, "vi").line(at("caller_listed", { caller: "clinic", name: "Trạm y tế" })), "00:05.000  Công an xã Xuân Phổ  Trạm y tế là một nút báo động của trạm này");
});

const radio = { sent: 10, delivered: 19, duplicated: 2, lost_air: 1, lost_outage: 0, lost_not_listening: 0, lost_no_radio: 0, lost_unknown_address: 0, mac_ack_lost: 0, send_done_missing: 0, abandoned: 0, injected: 1 };
const summary: SummaryEvent = { t: 70_000, event: "summary", scenario: "x", seed: 1, duration_ms: 70_000, counts: { press: 1 }, radio, store_writes: {} };

test("the summary says copies received, and which were duplicates or an attacker's", (t) => {
  t.is(new Timeline(names, 70_000, "en").line(summary), `01:10.000  end of "x" (seed 1): press 1; radio 10 frames sent, 19 copies received (2 duplicates, 1 sent by the attacker), 1 lost`);
});

test("a run with MQTT devices says its frames are not in the radio figures", (t) => {
  const none = { ...summary, radio: { ...radio, sent: 0, delivered: 0, duplicated: 0, injected: 0, lost_air: 0 } };
  t.is(new Timeline(names, 70_000, "en", "mqtt").line(none), `01:10.000  end of "x" (seed 1): press 1; radio 0 frames sent, 0 copies received, 0 lost (frames over MQTT are not counted here)`);
});

test("without names given at the start, a caller is named by the place its events give, on every line", (t) => {
  const bare = new Timeline({ byId: new Map() }, 600_000, "en");
  t.is(bare.line(at("incident_opened", { caller: "clinic", incident: 1, name: "Trạm y tế" })), "00:05.000  post  INCIDENT OPENED: Trạm y tế (incident 1)");
  t.is(bare.line(at("caller_offline", { caller: "clinic" })), "00:05.000  post  Trạm y tế is OFFLINE (no heartbeat)");
  t.is(bare.line(at("boot", { role: "receiver", open: 0, name: "Công an xã Xuân Phổ" })), "00:05.000  Công an xã Xuân Phổ  app started (receiver)");
});
