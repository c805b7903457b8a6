/**
 * Claim (issue 14): the simulator shows the periodic test SMS over a week of virtual time
 * (`test/escalation/support/weekly-test-sms.json`, `bell sim` on it): the first duty officer's
 * phone receives the decoded Vietnamese test text an hour after the post starts and again seven
 * days later, the other officer nothing; when the SIM stops sending (its credit ran out on day
 * 3), the test that week is refused and that is a modem fault on the post, retried with backoff.
 */
import test from "ava";
import { readFileSync } from "node:fs";
import { runScenario } from "../../tools/sim/run.ts";
import { parseScenario } from "../../tools/sim/scenario.ts";

const file = new URL("./support/weekly-test-sms.json", import.meta.url).pathname;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const FIRST = "+84901000001";
const SECOND = "+84901000002";

test("the first officer's phone gets the test text at 1 h and a week later; the second gets nothing", (t) => {
  const ev = runScenario(parseScenario(JSON.parse(readFileSync(file, "utf8")), { file })).events;
  const texts = ev.filter((e) => e.event === "phone_sms");
  t.deepEqual(texts.map((e) => e.device), [FIRST, FIRST]);
  t.true(texts[0]!.t >= HOUR && texts[0]!.t < HOUR + 60_000, `first at ${texts[0]!.t} ms`);
  t.true(texts[1]!.t - texts[0]!.t >= 7 * DAY && texts[1]!.t - texts[0]!.t < 7 * DAY + 60_000, `second ${texts[1]!.t - texts[0]!.t} ms later`);
  for (const e of texts) t.is(e.text, "Công an xã Xuân Phổ: tin nhắn thử định kỳ. Báo động qua điện thoại vẫn hoạt động. Không cần trả lời.");
  t.false(ev.some((e) => e.device === SECOND));
  t.false(ev.some((e) => e.event === "modem_fault"));
});

test("a SIM that stops sending on day 3: the week's test is refused, a modem fault, retried with backoff", (t) => {
  const raw = JSON.parse(readFileSync(file, "utf8"));
  raw.inputs = [{ at_ms: 3 * DAY, device: "post", modem: { sms_error: "38" } }];
  const ev = runScenario(parseScenario(raw, { file })).events;
  const texts = ev.filter((e) => e.event === "phone_sms");
  t.is(texts.length, 1, "only the first week's test reached the phone");
  const faults = ev.filter((e) => e.event === "modem_fault");
  // the refused test is a fault at once; the third refusal in a row makes it the modem's own
  // `sms_refused` (firmware/stack/at/modem.ts): one fault per reason, not one per retry
  t.deepEqual(faults.map((e) => e.reason), ["test_sms_failed", "sms_refused"], "one fault per reason, not one per retry");
  t.true(faults[0]!.t > 7 * DAY && faults[0]!.t < 7 * DAY + 2 * HOUR, `at ${faults[0]!.t}`);
  const retries = ev.filter((e) => e.event === "escalation_sms_failed" && e.kind === "test").map((e) => e.retry_in_ms);
  t.deepEqual(retries.slice(0, 5), [30_000, 60_000, 120_000, 240_000, 480_000]);
});
