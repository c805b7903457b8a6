// What the host sends (`identityToJson`) parses on the device (`parseIdentity`) into the same
// identity, so both sides compute the same Preference entries and checksum from it.
import test from "ava";
import fc from "fast-check";
import { identityChecksum, identityEntries, identityToJson, parseIdentity, type Identity } from "../../firmware/stack/identity-writer.ts";

const id = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,31}$/);
const name = fc.string({ unit: "grapheme", minLength: 1, maxLength: 40 }).filter((s) => !/[\u0000-\u001f\u007f]/.test(s) && [...s].length <= 64);
const node = fc.integer({ min: 1, max: 0xffff_ffff });
const mac = fc.uint8Array({ minLength: 6, maxLength: 6 }).map((b) => [...b].map((x) => x.toString(16).padStart(2, "0")).join(":"));
const key = fc.uint8Array({ minLength: 16, maxLength: 16 });
const settings = fc.option(fc.record({ hold_ms: fc.integer({ min: 0, max: 10_000 }) }).map((s) => ({ ...s, stuck_ms: s.hold_ms + 1 })), { nil: undefined });

const caller: fc.Arbitrary<Identity> = fc
  .record({ id, name, nodeId: node, channel: fc.integer({ min: 1, max: 11 }), key, receiver: fc.record({ id, nodeId: node, mac, name }), settings })
  .filter((c) => c.receiver.nodeId !== c.nodeId)
  .map((c) => ({ role: "caller" as const, ...c, ...(c.settings === undefined ? { settings: undefined } : {}) }))
  .map(({ settings: s, ...rest }) => (s === undefined ? rest : { ...rest, settings: s }));

const receiver: fc.Arbitrary<Identity> = fc
  .record({
    id,
    name,
    nodeId: node,
    channel: fc.integer({ min: 1, max: 11 }),
    callers: fc.uniqueArray(fc.record({ id, nodeId: node, mac, name, key }), { minLength: 1, maxLength: 20, selector: (c) => c.nodeId }),
  })
  .filter((r) => new Set(r.callers.map((c) => c.id)).size === r.callers.length && new Set(r.callers.map((c) => c.mac)).size === r.callers.length)
  .filter((r) => r.callers.every((c) => c.nodeId !== r.nodeId && c.id !== r.id))
  .map((r) => ({ role: "receiver" as const, ...r }));

test("parse(toJson(identity)) is the identity, with the same entries and checksum", (t) => {
  t.notThrows(() =>
    fc.assert(
      fc.property(fc.oneof(caller, receiver), (identity) => {
        const back = parseIdentity(JSON.parse(identityToJson(identity)));
        const same = JSON.stringify(identityEntries(back).map(([k, v]) => [k, v instanceof Uint8Array ? [...v] : v]));
        const want = JSON.stringify(identityEntries(identity).map(([k, v]) => [k, v instanceof Uint8Array ? [...v] : v]));
        return same === want && identityChecksum(identityEntries(back)) === identityChecksum(identityEntries(identity));
      }),
      { numRuns: 200, seed: 3 },
    ),
  );
  t.throws(() => parseIdentity(JSON.parse(identityToJson({ role: "caller", id: "a", name: "A", nodeId: 1, channel: 1, key: new Uint8Array(16), receiver: { id: "b", nodeId: 1, mac: "24:0a:c4:00:00:01", name: "B" } }))), {
    message: /receiver\.node: equals the caller's own node id/,
  });
});
