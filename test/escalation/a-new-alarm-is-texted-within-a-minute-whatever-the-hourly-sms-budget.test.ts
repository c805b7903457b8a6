/**
 * Claim (issue 14, field findings 3 and 5: a late alarm, silently): the hourly SMS cap exists
 * against storms, not against the news of a new place in danger. A new alarm's text waits at
 * most the per-number spacing (`sms_min_interval_ms`, 60 s, during which it merges with other
 * new alarms), never the hourly cap; a place already in alarm pressed again spends nothing; the
 * "taken" notices go after everything else; and whenever a text is held back by the rate limit
 * an `escalation_sms_held` event says so while the calls go on. The field tester's two scenarios
 * and tables in virtual time.
 */
import test from "ava";
import { readFileSync } from "node:fs";
import { runScenario } from "../../tools/sim/run.ts";
import { parseScenario } from "../../tools/sim/scenario.ts";
import { type Row, acked, opened, play, resolved } from "./support/table.ts";

const MODEM_SLACK_MS = 20_000; // three phones' SMS submissions and a call set-up in the simulated modem

function field(name: string) {
  const file = new URL(`../field/escalation/${name}.json`, import.meta.url).pathname;
  return runScenario(parseScenario(JSON.parse(readFileSync(file, "utf8")), { file })).events;
}

for (const name of ["sixth-alarm-in-an-hour-not-texted", "child-storm-then-bank-alarm-never-texted"]) {
  test(`${name}: every phone is texted the bank within a minute of its alarm reaching the escalation`, (t) => {
    const ev = field(name);
    const bankOpened = ev.find((e) => e.event === "incident_opened" && e.caller === "bank")!;
    const escalated = ev.find((e) => (e.event === "escalation_started" || e.event === "escalation_joined") && e.t >= bankOpened.t && String(e.incidents ?? e.caller).includes("bank"))!;
    t.truthy(escalated, "the bank is escalated");
    for (const phone of ["+84901000001", "+84901000002", "+84901000003"]) {
      const first = ev.find((e) => e.event === "phone_sms" && e.device === phone && String(e.text).includes("Ngân hàng"));
      t.truthy(first, `${phone} is texted the bank`);
      t.true(first!.t - escalated.t <= 60_000 + MODEM_SLACK_MS, `${phone} texted ${first!.t - escalated.t} ms after the bank's alarm was escalated`);
    }
  });
}

test("child storm: the clinic's further presses send nothing; held texts are reported", (t) => {
  const ev = field("child-storm-then-bank-alarm-never-texted");
  const toA = ev.filter((e) => e.event === "phone_sms" && e.device === "+84901000001");
  t.false(toA.some((e) => String(e.text).includes("thêm báo động")), "no update per press");
  t.true(toA.filter((e) => String(e.text).includes("Trạm y tế")).length <= 1, `An got ${toA.length} texts naming the clinic`);
});

test("sixth alarm: every text that waits for the rate limit is announced by escalation_sms_held", (t) => {
  const ev = field("sixth-alarm-in-an-hour-not-texted");
  const held = ev.filter((e) => e.event === "escalation_sms_held");
  t.true(held.length > 0, "some texts are held (the notices wait the per-number spacing)");
  for (const h of held) t.true(typeof h.wait_ms === "number" && h.wait_ms > 0 && (h.why === "per_minute" || h.why === "per_hour"), JSON.stringify(h));
});

test("an alarm text goes before a 'taken' notice waiting for the same number", (t) => {
  const rows: Row[] = [
    [0, opened("clinic", 1, "Trạm y tế")],
    [31_000, acked("clinic", 1)],
    [40_000, opened("bank", 2, "Ngân hàng")],
    [75_000, resolved("clinic", 1)],
    [200_000, resolved("bank", 2)],
  ];
  const trace = play(withSmsOk(rows), { texts: true, tailMs: 0 });
  const toA = trace.filter((l) => / sms \+84901000001 /.test(l));
  t.true(toA[1]?.includes("BÁO ĐỘNG Ngân hàng"), `the bank's alarm is A's second text:\n${toA.join("\n")}`);
});

test("a new alarm's text never waits for the hourly cap: eleven alarms in an hour, each taken at the post", (t) => {
  const rows: Row[] = [];
  for (let k = 0; k < 11; k++) {
    const at = k * 300_000;
    rows.push([at, opened("clinic", k + 1, "Trạm y tế")]);
    rows.push([at + 60_000, acked("clinic", k + 1)]);
    rows.push([at + 70_000, resolved("clinic", k + 1)]);
  }
  const trace = play(withSmsOk(rows), { texts: true, tailMs: 0 });
  for (let k = 0; k < 11; k++) {
    const at = k * 300_000 + 30_000;
    const text = trace.find((l) => l.includes(` sms +84901000001 BÁO ĐỘNG`) && Number(l.split(" ")[0]) >= at && l.includes(`OK ${k + 1} `));
    t.truthy(text, `alarm ${k + 1} is texted to A`);
    t.true(Number(text!.split(" ")[0]) - at <= 60_000, `alarm ${k + 1}: ${text}`);
  }
});

/** `rows` with every pending SMS accepted each second and every call unanswered after 500 ms. */
function withSmsOk(rows: Row[]): Row[] {
  const out = [...rows];
  for (let ms = 100; ms < rows.at(-1)![0]; ms += 1_000) {
    out.push([ms, (e, now, last) => e.smsResult(now, last.sms ?? -1, true)]);
    out.push([ms + 500, (e, now, last) => e.callEnded(now, last.dial ?? -1, "no_answer")]);
  }
  return out.sort((x, y) => x[0] - y[0]);
}
