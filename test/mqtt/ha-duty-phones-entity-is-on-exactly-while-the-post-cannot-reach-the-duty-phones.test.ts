/**
 * Claim (docs/mqtt.md §5, field finding 3 of test/field/tonight/): the post's `post_duty_phones`
 * problem entity is ON exactly while the LTE modem is faulty or the post cannot (or only in part)
 * reach the duty phones — confirmed or not yet re-confirmed after a reboot, whatever else the post
 * is doing (an alarm does not hide it) — and OFF for a post that is fine, for a post set up without
 * a modem (`no_modem`, a notice), and for a caller fault alone (that is `post_fault`'s). Rendered as
 * Home Assistant renders it, on the payloads the bridge publishes (docs/mqtt.md §2.3).
 */
import test from "ava";
import { ESCALATION_OFF_REASONS } from "../../firmware/core/escalation/unavailable.ts";
import { HomeAssistantDiscovery } from "../../tools/mqtt/discovery.ts";
import { PostTopics } from "../../tools/mqtt/topics.ts";
import { renderTemplate } from "./support/ha-template.ts";

const BASE = { post: "xuanpho", name: "Công an xã Xuân Phổ", state: "normal", open_incidents: 0, unacknowledged: 0, callers: 4, offline: [] as string[], since: "2026-05-01T08:16:40.003Z" };

/** [what, payload, expected state of post_duty_phones]. */
const ROWS: Array<[string, Record<string, unknown>, "ON" | "OFF"]> = [
  ["all well", BASE, "OFF"],
  ["a post without a modem (notice)", { ...BASE, escalation: "no_modem" }, "OFF"],
  ["a caller offline only", { ...BASE, state: "fault", offline: ["cafe"] }, "OFF"],
  ["an alarm, escalation fine", { ...BASE, state: "alarm", open_incidents: 1, unacknowledged: 1 }, "OFF"],
  ["no duty list", { ...BASE, state: "fault", escalation: "no_duty_list" }, "ON"],
  ["no duty list, unconfirmed after a reboot", { ...BASE, state: "fault", escalation: "no_duty_list", escalation_unconfirmed: true }, "ON"],
  ["a damaged escalation setting", { ...BASE, state: "fault", escalation: "bad_setting" }, "ON"],
  ["the LTE modem not answering", { ...BASE, state: "fault", modem: "not_answering" }, "ON"],
  ["an alarm on a post without a duty list", { ...BASE, state: "alarm", open_incidents: 1, unacknowledged: 1, escalation: "no_duty_list" }, "ON"],
  ["a modem fault and a caller offline", { ...BASE, state: "fault", offline: ["cafe"], modem: "no_sim" }, "ON"],
];

const config = (): Record<string, unknown> => {
  const configs = new HomeAssistantDiscovery({ topics: new PostTopics({ post: "xuanpho" }) }).forPost("Công an xã Xuân Phổ").map((m) => JSON.parse(m.payload) as Record<string, unknown>);
  const found = configs.find((c) => String(c.unique_id).endsWith("_post_duty_phones"));
  if (found === undefined) throw new Error("no post_duty_phones config");
  return found;
};

test("post_duty_phones is a problem entity on the post's state topic", (t) => {
  const c = config();
  t.is(c.device_class, "problem");
  t.is(c.state_topic, new PostTopics({ post: "xuanpho" }).postState());
});

for (const [what, payload, expected] of ROWS) {
  test(`post_duty_phones: ${what} → ${expected}`, (t) => {
    t.is(renderTemplate(config().value_template as string, { value_json: payload }), expected);
  });
}

test("every escalation reason is either a duty-phones fault or the no_modem notice, as core says", (t) => {
  const template = config().value_template as string;
  for (const why of ESCALATION_OFF_REASONS) {
    const shown = renderTemplate(template, { value_json: { ...BASE, escalation: why } });
    t.is(shown, why === "no_modem" ? "OFF" : "ON", why);
  }
});
