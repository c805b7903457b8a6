/**
 * Properties of the annunciator over random histories of four callers (fast-check, seeded):
 * the large view and the list under it always hold every indication up, each once, in EN 50131
 * order (alarms, then acknowledged, then faults), so nothing is hidden; "next" walks the large
 * view through all of them and comes back round; a new alarm returns it to the top; the LED
 * follows the most urgent indication.
 */
import test from "ava";
import fc from "fast-check";
import { Annunciator, type AnnunciatorEvent } from "../../firmware/core/annunciator/annunciator.ts";

const CALLERS = ["a", "b", "c", "d"];
const NAME: Record<string, string> = { a: "Trạm y tế", b: "Siêu thị", c: "Quán cà phê", d: "Ngân hàng" };

const event = fc.oneof(
  fc.record({ k: fc.constantFrom("incident_opened", "incident_acknowledged", "incident_resolved"), caller: fc.constantFrom(...CALLERS), incident: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ k: fc.constantFrom("caller_offline", "caller_online", "caller_button_stuck", "caller_button_released"), caller: fc.constantFrom(...CALLERS), incident: fc.constant(0) }),
  fc.record({ k: fc.constant("next"), caller: fc.constant(""), incident: fc.constant(0) }),
);

/** A model of what is up: key → kind. */
function model(history: { k: string; caller: string; incident: number }[]): Map<string, string> {
  const up = new Map<string, string>();
  for (const e of history) {
    const ik = `i:${e.caller}:${e.incident}`;
    if (e.k === "incident_opened" && !up.has(ik)) up.set(ik, "alarm");
    if (e.k === "incident_acknowledged") up.set(ik, "acknowledged");
    if (e.k === "incident_resolved") up.delete(ik);
    if (e.k === "caller_offline") up.set(`o:${e.caller}`, "offline");
    if (e.k === "caller_online") up.delete(`o:${e.caller}`);
    if (e.k === "caller_button_stuck") up.set(`s:${e.caller}`, "stuck");
    if (e.k === "caller_button_released") up.delete(`s:${e.caller}`);
  }
  return up;
}

const RANK: Record<string, number> = { "BÁO ĐỘNG": 0, "ĐÃ XÁC NHẬN – chờ đặt lại": 1, "LỖI: MẤT LIÊN LẠC": 2, "LỖI: KẸT NÚT": 3 };

test("every indication is shown once, in order; next walks them all; a new alarm returns to the top", (t) => {
  t.notThrows(() =>
    fc.assert(
    fc.property(fc.array(event, { maxLength: 60 }), (history) => {
      const a = new Annunciator({ lang: "vi" });
      a.apply({ event: "boot", name: "Trạm" }, 0);
      for (const c of CALLERS) a.apply({ event: "caller_listed", caller: c, name: NAME[c] }, 0);
      let now = 0;
      for (const e of history) {
        now += 1000;
        if (e.k === "next") a.next();
        else a.apply({ event: e.k, caller: e.caller, incident: e.incident, name: NAME[e.caller] } as AnnunciatorEvent, now);
        if (e.k === "incident_opened") t.regex(a.view(now).position, /^(1\/\d+)?$/, "a new alarm brings the view to the top");
      }
      const up = model(history);
      const v = a.view(now);
      if (up.size === 0) return v.screen === "status" && v.pending === 0 && v.led === "ok";
      // The large view and the list together: each indication once.
      if (v.pending !== up.size - 1 || v.others.length !== up.size - 1) return false;
      // "next" walks every indication: the titles seen, from the top, are in EN 50131 order.
      while (a.view(now).position !== "" && !a.view(now).position.startsWith("1/")) a.next();
      const seen: string[] = [];
      for (let k = 0; k < up.size; k++) {
        const w = a.view(now);
        seen.push(`${w.title}|${w.headline}|${w.details[0]}`);
        a.next();
      }
      if (new Set(seen).size !== up.size) return false;
      const ranks = seen.map((s) => RANK[s.split("|")[0]]);
      if (ranks.some((r, i) => i > 0 && r < ranks[i - 1])) return false;
      if (`${a.view(now).title}|${a.view(now).headline}|${a.view(now).details[0]}` !== seen[0]) return false;
      const kinds = [...up.values()];
      const led = kinds.includes("alarm") ? "alarm" : kinds.includes("acknowledged") ? "acknowledged" : "fault";
      return v.led === led;
    }),
    { seed: 1313, numRuns: 300 },
    ),
  );
});
