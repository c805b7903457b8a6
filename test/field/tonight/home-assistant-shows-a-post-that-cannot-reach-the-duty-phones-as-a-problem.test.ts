/**
 * Claim (docs/mqtt.md §2.3: the post state is `fault` when "the LTE modem [is] faulty, or the post
 * [is] unable to reach the duty phones", and finding 8's reason for its fix: "the people relying on
 * Home Assistant read `normal` as 'an unanswered alarm will reach the duty phones'"): Home
 * Assistant shows such a post as a problem — some entity of the post's device with
 * `device_class: problem` is ON — for every post state payload the bridge publishes with
 * `state: fault`, confirmed or `escalation_unconfirmed`.
 *
 * Failed on break15 (9e474ba); fixed since by the `post_duty_phones` problem entity
 * (tools/mqtt/discovery.ts `POST_DUTY_PHONES_TEMPLATE`). Before: the post's only `problem` entity, `post_fault` ("… Caller fault"),
 * renders `offline | length > 0` and nothing else; `post_alarm` (safety) is OFF. The escalation
 * and modem faults reach Home Assistant only as attributes (`post_state`, `escalation`,
 * `escalation_unconfirmed`) of the alarm entity, which no dashboard card shows as a problem and
 * no "problem turned on" automation sees: finding 8's careful `fault` across reboots is invisible
 * in Home Assistant's own entity states. Right behaviour: a `problem` entity for the post's fault
 * (e.g. `post_fault` on `state == 'fault'`, or one more entity "… Duty phones" on `escalation`).
 *
 * Templates rendered with the evaluator the MQTT tests use (`test/mqtt/support/ha-template.ts`);
 * also checked by hand with Jinja2 3.1.6 (ImmutableSandboxedEnvironment): the same ON/OFF.
 */
import test from "ava";
import { HomeAssistantDiscovery } from "../../../tools/mqtt/discovery.ts";
import { PostTopics } from "../../../tools/mqtt/topics.ts";
import { renderTemplate } from "../../mqtt/support/ha-template.ts";

const BASE = { post: "xuanpho", name: "Công an xã Xuân Phổ", open_incidents: 0, unacknowledged: 0, callers: 4, offline: [], since: "2026-05-01T08:16:40.003Z" };
/** Post state payloads the bridge publishes with `state: fault` and no caller offline (docs/mqtt.md §2.3). */
const FAULTS: Record<string, object> = {
  "no duty list": { ...BASE, state: "fault", escalation: "no_duty_list" },
  "no duty list, unconfirmed after a reboot": { ...BASE, state: "fault", escalation: "no_duty_list", escalation_unconfirmed: true },
  "a corrupt duty setting": { ...BASE, state: "fault", escalation: "bad_setting" },
  "the LTE modem not answering": { ...BASE, state: "fault", modem: "not_answering" },
};

const finding = test;

for (const [what, payload] of Object.entries(FAULTS)) {
  finding(`a post state fault (${what}) turns on a problem entity of the post`, (t) => {
    const configs = new HomeAssistantDiscovery({ topics: new PostTopics({ post: "xuanpho" }) }).forPost("Công an xã Xuân Phổ").map((m) => JSON.parse(m.payload) as Record<string, unknown>);
    const problems = configs.filter((c) => c.device_class === "problem");
    t.true(problems.length > 0, "the post has a problem entity");
    const rendered = problems.map((c) => `${String(c.unique_id)}: ${renderTemplate(c.value_template as string, { value_json: payload })}`);
    t.true(rendered.some((r) => r.endsWith(": ON")), rendered.join(", "));
  });
}
