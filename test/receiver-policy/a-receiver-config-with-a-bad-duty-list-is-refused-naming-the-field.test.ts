/**
 * Claim (issue 14): the duty list the receiver's config carries is checked at boot by the same
 * rules as the registry (`parseEscalationSettings`): a bad one is refused by `checkConfig` with a
 * ConfigError naming the field, and a good one passes.
 */
import test from "ava";
import { checkConfig, ConfigError, SETTINGS_DEFAULTS, type ReceiverConfig } from "../../firmware/core/config.ts";
import { ESCALATION_DEFAULTS, type EscalationSettings } from "../../firmware/core/escalation/settings.ts";
import { worldCallers } from "../../bench/harness/receiver-policy-world.ts";

const good: EscalationSettings = { duty: [{ phone: "+84901000001", name: "Đ/c An" }, { phone: "+84901000002", name: "Đ/c Bình" }], ...ESCALATION_DEFAULTS };

function config(escalation: unknown, modem?: unknown): ReceiverConfig {
  return {
    self: { id: "post", nodeId: 100, address: "mqtt:post", name: "Post" },
    callers: worldCallers(1),
    settings: SETTINGS_DEFAULTS,
    escalation: escalation as EscalationSettings,
    ...(modem === undefined ? {} : { modem: modem as "simcom" }),
  };
}

test("a good duty list and each vendor pass", (t) => {
  t.notThrows(() => checkConfig(config(good)));
  t.notThrows(() => checkConfig(config(good, "quectel")));
});

const bad: [string, unknown, string, unknown?][] = [
  ["a national number, not E.164", { ...good, duty: [{ phone: "0901000001", name: "An" }] }, "escalation.duty[0].phone"],
  ["a number twice", { ...good, duty: [good.duty[0], good.duty[0]] }, "escalation.duty[1].phone"],
  ["an empty list", { ...good, duty: [] }, "escalation.duty"],
  ["an empty name", { ...good, duty: [{ phone: "+84901000001", name: " " }] }, "escalation.duty[0].name"],
  ["escalating after 1 s", { ...good, escalateAfterMs: 1000 }, "escalation.escalate_after_ms"],
  ["an unknown modem", good, "modem", "sim800"],
];
for (const [what, escalation, path, modem] of bad) {
  test(`${what} is refused naming ${path}`, (t) => {
    const err = t.throws(() => checkConfig(config(escalation, modem)), { instanceOf: ConfigError });
    t.is(err?.path, path);
  });
}
