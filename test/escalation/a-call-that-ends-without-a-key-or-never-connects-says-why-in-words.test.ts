/**
 * Claim (issue 14, field finding "a rejected call is reported `ended: ended`"): the timeline says
 * in words how a call to a duty phone ended — a call the network never set up (`NO CARRIER` as
 * the answer to `ATD`, e.g. registration lost) could not be made and says `NO CARRIER`; a call
 * rejected or hung up after the SIMCom module said "connected" at ringback ended with no key
 * pressed; neither line reads "ended: ended".
 */
import test from "ava";
import { parseScenario } from "../../tools/sim/scenario.ts";
import { runScenario } from "../../tools/sim/run.ts";
import { Timeline } from "../../tools/sim/timeline.ts";
import { playModem, HEALTHY, withRules } from "../stack/at/transcript.ts";

const A = "+84901000001";

test("NO CARRIER as the answer to ATD is a call that could not be made, with the reason", (t) => {
  const r = playModem({ rules: withRules(HEALTHY, [[/^ATD/, "\r\nNO CARRIER\r\n"]]), act: (m, now) => m.dial(now(), 5, A) });
  t.deepEqual(r.reports, ["modem ok", "call 5 ended failed NO CARRIER"]);
});

test("SIMCom, a phone that rejects the call: the timeline says how it ended, not 'ended: ended'", (t) => {
  const scenario = parseScenario({
    name: "reject",
    seed: 1,
    duration_ms: 120_000,
    devices: [
      { id: "post", role: "receiver", name: "Công an xã" },
      { id: "bank", role: "caller", name: "Ngân hàng" },
    ],
    lte: { device: "post", vendor: "simcom", escalation: { duty: [{ phone: A, name: "An" }] }, phones: [{ phone: A, answers: "reject" }] },
    inputs: [{ at_ms: 1000, device: "bank", press_ms: 300 }],
  });
  const ev = runScenario(scenario).events;
  const ended = ev.filter((e) => e.event === "escalation_call_ended");
  t.true(ended.length > 0);
  for (const lang of ["en", "vi"] as const) {
    const tl = new Timeline({ byId: new Map([["post", "Công an xã"]]) }, 120_000, lang);
    for (const e of ended) {
      const line = tl.line(e);
      t.notRegex(line, /ended: ended|kết thúc: đã kết thúc/, line);
      t.regex(line, lang === "en" ? /no key/ : /không bấm phím/, line);
    }
  }
});
