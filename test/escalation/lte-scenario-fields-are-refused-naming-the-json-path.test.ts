/**
 * Claim (issue 14): the scenario's `lte` and the phone and modem inputs are checked like the other
 * fields: a bad one is refused with E_SCENARIO naming its JSON path and why (tools/sim/README.md).
 */
import test from "ava";
import { parseScenario } from "../../tools/sim/scenario.ts";
import { UsageError } from "../../tools/errors.ts";

const base = () => ({
  name: "s",
  duration_ms: 60_000,
  devices: [
    { id: "post", role: "receiver" },
    { id: "clinic", role: "caller" },
  ],
  lte: { device: "post", escalation: { duty: [{ phone: "+84901000001", name: "An" }] } } as Record<string, unknown>,
  inputs: [] as unknown[],
});

const rows: [string, (j: ReturnType<typeof base>) => void, RegExp][] = [
  ["a national-form duty number", (j) => ((j.lte.escalation as { duty: { phone: string }[] }).duty[0]!.phone = "0901000001"), /^lte\.escalation\.duty\[0\]\.phone: must be a phone number in E\.164 form.*"\+84901000001"/],
  ["an empty duty list", (j) => ((j.lte.escalation as { duty: unknown[] }).duty = []), /^lte\.escalation\.duty: must list 1…10 officers/],
  ["escalate_after_ms too short", (j) => ((j.lte.escalation as Record<string, unknown>).escalate_after_ms = 1000), /^lte\.escalation\.escalate_after_ms: must be an integer 5000…600000, got 1000/],
  ["the modem on a caller", (j) => (j.lte.device = "clinic"), /^lte\.device: "clinic" is a caller: the modem is on the receiver/],
  ["an unknown vendor", (j) => (j.lte.vendor = "sim800"), /^lte\.vendor: must be "simcom" or "quectel"/],
  ["a phone input without lte", (j) => { delete (j as Partial<typeof j>).lte; j.inputs.push({ at_ms: 1000, phone: "+84901000001", sms: "OK 1" }); }, /^inputs\[0\]: a phone input needs the top-level "lte"/],
  ["a phone number that is not E.164", (j) => j.inputs.push({ at_ms: 1000, phone: "84901000001", sms: "OK 1" }), /^inputs\[0\]\.phone: must be a phone number in E\.164 form/],
  ["a phone input that does nothing", (j) => j.inputs.push({ at_ms: 1000, phone: "+84901000001" }), /^inputs\[0\]: says nothing the phone does: give sms or answers/],
  ["a key pressed on a phone that does not answer", (j) => j.inputs.push({ at_ms: 1000, phone: "+84901000001", answers: "no", press: "1" }), /^inputs\[0\]\.press: only goes with "answers": "yes"/],
  ["an SMS longer than one", (j) => j.inputs.push({ at_ms: 1000, phone: "+84901000001", sms: "x".repeat(71) }), /^inputs\[0\]\.sms: /],
  ["a modem input on the caller", (j) => j.inputs.push({ at_ms: 1000, device: "clinic", modem: { sim: false } }), /^inputs\[0\]\.device: a modem input goes with "post"/],
  ["an unknown modem field", (j) => j.inputs.push({ at_ms: 1000, device: "post", modem: { volt: false } }), /^inputs\[0\]\.modem\.volt: is not a known field/],
  ["an input with neither device nor phone", (j) => j.inputs.push({ at_ms: 1000, press_ms: 100 }), /^inputs\[0\]\.device: is required/],
];

for (const [name, change, expected] of rows) {
  test(`${name} is refused naming the field`, (t) => {
    const j = base();
    change(j);
    const err = t.throws(() => parseScenario(j), { instanceOf: UsageError });
    t.is((err as UsageError).id, "E_SCENARIO");
    t.regex(err!.message, expected);
  });
}

test("a good lte section loads, with the defaults", (t) => {
  const s = parseScenario(base());
  t.like(s.lte, { device: "post", vendor: "simcom", number: "+84912000000" });
  t.is(s.lte!.escalation.escalateAfterMs, 30_000);
});
