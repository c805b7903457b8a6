/**
 * Claim (issue 14): the duty list and the escalation settings go into the receiver's identity
 * (`bell-id`, written by `bell provision`) and its boot reads them back unchanged; a receiver
 * provisioned without them runs without escalation; a corrupt or out-of-range stored value is
 * reported naming its Preference key, the rest of the identity still starts the post (its radio
 * and siren matter more than its phones), and nothing throws or falls back silently to a default.
 * Changed on purpose with field findings 3–4 (test/field/escalation-off/README.md): the post
 * still escalates to the officers that read and check, with a bad setting at its default (the
 * fault reported all the same); before, any damage meant no escalation at all — a missed alarm
 * at an empty post that still held every duty number.
 */
import test from "ava";
import fc from "fast-check";
import { parseEscalationSettings } from "../../firmware/core/escalation/settings.ts";
import { IDENTITY_DOMAIN, readReceiverIdentity } from "../../firmware/stack/identity.ts";
import { identityEntries, identityToJson, parseIdentity, writeIdentity, type ReceiverIdentity } from "../../firmware/stack/identity-writer.ts";
import { createPreferenceStore } from "../../firmware/moddable/store.ts";
import { fakePreference } from "./fake-moddable.ts";

const SELF = "24:0a:c4:00:00:02";

function receiver(escalation?: Record<string, unknown>): ReceiverIdentity {
  return {
    role: "receiver",
    id: "post",
    name: "Công an xã Xuân Phổ",
    nodeId: 1,
    channel: 6,
    callers: [{ id: "clinic", nodeId: 2, mac: "24:0a:c4:00:00:03", name: "Trạm y tế", key: new Uint8Array(16).fill(7) }],
    ...(escalation === undefined ? {} : { escalation }),
  };
}

const emptyStore = () => createPreferenceStore({ preference: fakePreference({}).preference, domain: IDENTITY_DOMAIN });

const phone = fc.integer({ min: 0, max: 99_999_999 }).map((n) => `+849${String(n).padStart(8, "0")}`);
const officerName = fc.string({ unit: fc.constantFrom(..."Đ/c AnBìnhCườngLêThịHồngễ ".split("")), minLength: 1, maxLength: 32 }).filter((s) => s.trim() !== "");
const escalationJson = fc
  .record({
    duty: fc.uniqueArray(fc.record({ phone, name: officerName }), { minLength: 1, maxLength: 10, selector: (d) => d.phone }),
    escalate_after_ms: fc.option(fc.integer({ min: 5_000, max: 600_000 }), { nil: undefined }),
    sms_per_hour: fc.option(fc.integer({ min: 1, max: 60 }), { nil: undefined }),
  })
  .map((o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)));

test("any duty list and settings, written by provisioning, are what the receiver's boot reads", (t) => {
  t.notThrows(() =>
    fc.assert(
      fc.property(escalationJson, (json) => {
        const identity = parseIdentity(JSON.parse(identityToJson(receiver(json))));
        const store = emptyStore();
        writeIdentity(store, identity);
        const read = readReceiverIdentity(store, SELF);
        if (read.status !== "ok") throw new Error(`read ${JSON.stringify(read)}`);
        t.deepEqual(read.config.escalation, parseEscalationSettings(json));
        t.is(read.config.escalationFault, undefined);
        for (const [key] of identityEntries(identity)) if (key.length > 15) throw new Error(`Preference key "${key}" is longer than 15 characters`);
      }),
      { numRuns: 100, seed: 14 },
    ),
  );
});

test("a receiver provisioned without a duty list has no escalation and no fault", (t) => {
  const store = emptyStore();
  writeIdentity(store, receiver());
  const read = readReceiverIdentity(store, SELF);
  t.like(read, { status: "ok" });
  if (read.status !== "ok") return;
  t.is(read.config.escalation, undefined);
  t.is(read.config.escalationFault, undefined);
});

const GOOD = { duty: [{ phone: "+84901000001", name: "Đ/c An" }, { phone: "+84901000002", name: "Đ/c Bình" }], escalate_after_ms: 45_000 };

// what each damage leaves: the officers still escalated to (indexes into GOOD.duty) and the delay used
const corrupt: [string, (set: (k: string, v: string | number) => void, del: (k: string) => void) => void, string, RegExp, number[], number][] = [
  ["a stored number is in national form", (set) => set("d1.phone", "0901000002"), "d1.phone", /E\.164/, [0], 45_000],
  ["a stored number is repeated", (set) => set("d1.phone", "+84901000001"), "d1.phone", /already on the list/, [0], 45_000],
  ["an officer's name is missing", (_set, del) => del("d0.name"), "d0.name", /missing/, [1], 45_000],
  ["the count says 11 officers", (set) => set("duty", 11), "duty", /1…10, got 11/, [0, 1], 45_000],
  ["the count says 3 but only 2 are stored", (set) => set("duty", 3), "d2.phone", /missing/, [0, 1], 45_000],
  ["the settings are not JSON", (set) => set("escal", "{escalate"), "escal", /not JSON/, [0, 1], 30_000],
  ["a delay is out of range", (set) => set("escal", '{"escalate_after_ms":1000}'), "escal", /escalate_after_ms: must be an integer 5000…600000, got 1000/, [0, 1], 30_000],
  ["settings are stored without a duty list", (_set, del) => del("duty"), "duty", /missing/, [0, 1], 45_000],
];

for (const [what, spoil, key, reason, officers, escalateAfterMs] of corrupt) {
  test(`when ${what}, the post still starts and the fault names "${key}"`, (t) => {
    const store = emptyStore();
    writeIdentity(store, parseIdentity(JSON.parse(identityToJson(receiver(GOOD)))));
    spoil(
      (k, v) => store.set(k, v),
      (k) => store.delete(k),
    );
    const read = readReceiverIdentity(store, SELF);
    if (read.status !== "ok") return t.fail(`the post must still start: ${JSON.stringify(read)}`);
    t.deepEqual(read.config.escalation?.duty, officers.map((i) => GOOD.duty[i]), "escalated to the officers that still read and check");
    t.is(read.config.escalation?.escalateAfterMs, escalateAfterMs, "a bad setting at its default, the others kept");
    t.is(read.config.escalationFault?.key, key);
    t.regex(read.config.escalationFault?.reason ?? "", reason);
    t.is(read.config.callers.length, 1, "the callers are still heard");
  });
}

test("the wire form refuses a bad duty number naming its JSON path", (t) => {
  const json = JSON.parse(identityToJson(receiver(GOOD)));
  json.escalation.duty[1].phone = "84901000002";
  t.throws(() => parseIdentity(json), { message: /^escalation\.duty\[1\]\.phone: must be a phone number in E\.164 form/ });
});
