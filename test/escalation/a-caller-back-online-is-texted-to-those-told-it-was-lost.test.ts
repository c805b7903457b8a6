/**
 * Claim (issue 14, field finding 6): a fault texted to the duty phones ("mất liên lạc", "bị
 * kẹt") is followed, when it ends, by a text saying so, to exactly the phones that got the fault
 * text; a fault that ends before its text went out is texted to nobody. The field tester's
 * scenario and tables in virtual time.
 */
import test from "ava";
import { readFileSync } from "node:fs";
import { runScenario } from "../../tools/sim/run.ts";
import { parseScenario } from "../../tools/sim/scenario.ts";
import { type Row, fault, faultCleared, play } from "./support/table.ts";

function withSmsOk(rows: Row[], until: number): Row[] {
  const out = [...rows];
  for (let ms = 100; ms < until; ms += 1_000) out.push([ms, (e, now, last) => e.smsResult(now, last.sms ?? -1, true)]);
  return out.sort((x, y) => x[0] - y[0]);
}

test("the field scenario: the caller back online is texted to every phone told it was lost", (t) => {
  const file = new URL("../field/escalation/caller-back-online-not-texted.json", import.meta.url).pathname;
  const ev = runScenario(parseScenario(JSON.parse(readFileSync(file, "utf8")), { file })).events;
  const online = ev.find((e) => e.event === "caller_online")!;
  t.truthy(online);
  const lost = ev.filter((e) => e.event === "phone_sms" && String(e.text).includes("mất liên lạc"));
  t.true(lost.length > 0);
  for (const l of lost) {
    const back = ev.find((e) => e.event === "phone_sms" && e.device === l.device && e.t > online.t && String(e.text).includes("liên lạc lại"));
    t.truthy(back, `${String(l.device)} is told the caller is back`);
  }
});

test("a fault cleared before its text went out is texted to nobody, nor its end", (t) => {
  const trace = play(withSmsOk([[0, fault("cafe", "Quán cà phê Sen")], [300_000, faultCleared("cafe")]], 2_000_000), { texts: true, tailMs: 0 });
  t.false(trace.some((l) => / sms /.test(l)), trace.join("\n"));
});

test("a fault texted, then cleared: each phone gets exactly one 'back' text after its fault text", (t) => {
  const trace = play(withSmsOk([[0, fault("cafe", "Quán cà phê Sen")], [700_000, faultCleared("cafe")]], 2_000_000), { texts: true, tailMs: 0 });
  for (const phone of ["+84901000001", "+84901000002", "+84901000003"]) {
    const texts = trace.filter((l) => l.includes(` sms ${phone} `));
    t.is(texts.length, 2, texts.join("\n"));
    t.true(texts[0]!.includes("mất liên lạc") && texts[1]!.includes("Quán cà phê Sen đã liên lạc lại"), texts.join("\n"));
  }
});

test("property-like sweep: whenever the fault clears, every phone its text reached gets the end, and no other phone does", (t) => {
  for (let clearAt = 599_000; clearAt <= 603_000; clearAt += 250) {
    const trace = play(withSmsOk([[0, fault("cafe", "Quán cà phê Sen")], [clearAt, faultCleared("cafe")]], 1_000_000), { texts: true, tailMs: 0 });
    for (const phone of ["+84901000001", "+84901000002", "+84901000003"]) {
      const texts = trace.filter((l) => l.includes(` sms ${phone} `));
      const gotFault = texts.some((l) => l.includes("mất liên lạc"));
      const gotEnd = texts.some((l) => l.includes("đã liên lạc lại"));
      t.is(gotEnd, gotFault, `clear at ${clearAt}, ${phone}:\n${texts.join("\n")}`);
    }
  }
});
